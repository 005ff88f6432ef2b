"""Issuing seals and checking files against them.

A seal is found or made per (kind, object, SHA-256 of the frozen content), so every download of
the same enacted road map carries the same code; each distinct file issued under it is recorded
by the SHA-256 of its bytes. ``seal_document`` stamps the QR and the code into the file and
records it: the reports app calls it at the one place each document is rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government
from petajalan.evaluations.models import PHASE_ORDER, Cycle, Phase
from petajalan.monitoring.models import QuarterReport
from petajalan.roadmaps.models import Roadmap, Snapshot
from petajalan.verification.models import ALPHABET, CODE_LENGTH, IssuedFile, Seal

# Crockford's decoding: letters people mistype for digits are read as those digits
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEALED_SNAPSHOT_KINDS = (Snapshot.Kind.ENACT, Snapshot.Kind.CHANGE)
CHUNK = 64 * 1024


def normalise_code(text: str) -> str | None:
    """``k7qm-2xrd``, ``K7QM 2XRD``, ``K7QM2XRD`` → ``K7QM2XRD``; None when it cannot be a code."""
    cleaned = "".join(ch for ch in (text or "").strip().upper() if ch not in "- ").translate(_READ_AS)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def canonical_json(data: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text (as road-map snapshots: ``roadmaps.plain``)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def jsonable(value: Any) -> Any:
    """Dataclasses, decimals and dates as JSON-ready data (decimals as "1250000", "2.6"; dates ISO)."""
    import dataclasses
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def content_sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def seal_path(seal: Seal) -> str:
    """The seal's page, reversed against the verification pages alone (``site_urls``, which the
    root URL conf includes): no need to load every view for one address."""
    return reverse("verification:seal", urlconf="petajalan.verification.site_urls", args=[seal.display_code])


def seal_url(seal: Seal) -> str:
    """The full address the QR encodes (``SITE_URL`` + the seal's page)."""
    site = str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")
    return site + seal_path(seal)


def find_seal(text: str) -> Seal | None:
    code = normalise_code(text)
    if code is None:
        return None
    return Seal.objects.select_related("government").filter(code=code).first()


def issue_seal(
    *,
    actor: Any,
    government: Government,
    kind: str,
    object_uuid: Any,
    title: str,
    statement: dict[str, Any],
    content_sha256: str,
    snapshot: Snapshot | None = None,
) -> Seal:
    """The seal of this content, made (with a fresh code, audited) the first time it is issued."""
    for _attempt in range(5):
        found = Seal.objects.filter(kind=kind, object_uuid=object_uuid, content_sha256=content_sha256).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                seal = Seal.objects.create(
                    code=new_code(),
                    government=government,
                    kind=kind,
                    object_uuid=object_uuid,
                    title=title[:400],
                    statement=statement,
                    content_sha256=content_sha256,
                    snapshot=snapshot,
                )
                record(
                    actor=actor,
                    action=AuditEvent.Action.CREATE,
                    obj=seal,
                    after={"code": seal.code, "kind": kind, "title": seal.title, "sha256": content_sha256},
                )
                return seal
        except IntegrityError:
            continue  # the same content sealed at the same moment elsewhere, or a code collision
    raise RuntimeError("could not issue a seal")


def record_file(*, seal: Seal, fmt: str, content: bytes) -> IssuedFile:
    """Remember one issued file's SHA-256 (once per distinct file)."""
    digest = hashlib.sha256(content).hexdigest()
    try:
        with transaction.atomic():
            issued, _created = IssuedFile.objects.get_or_create(
                seal=seal, sha256=digest, defaults={"format": fmt, "size": len(content)}
            )
    except IntegrityError:
        issued = IssuedFile.objects.get(seal=seal, sha256=digest)
    return issued


def seal_document(*, seal: Seal, fmt: str, content: bytes, marked: bool = False) -> bytes:
    """Stamp the QR and the code into a PDF or DOCX (a DOCX already ``marked`` by its renderer
    through ``docx_marker`` is only dated) and record the stamped file."""
    from petajalan.verification import stamp

    url = seal_url(seal)
    if fmt == IssuedFile.Format.PDF:
        stamped = stamp.stamp_pdf(content, seal.display_code, url, seal.created_at)
    elif fmt == IssuedFile.Format.DOCX and marked:
        stamped = stamp.dated_zip(content, seal.created_at)
    elif fmt == IssuedFile.Format.DOCX:
        stamped = stamp.stamp_docx(content, seal.display_code, url, seal.created_at)
    else:
        raise ValueError(fmt)
    record_file(seal=seal, fmt=fmt, content=stamped)
    return stamped


def docx_marker(seal: Seal | None) -> Callable[[Any], None] | None:
    """What a DOCX renderer calls on its python-docx document before saving it (None: no seal)."""
    if seal is None:
        return None
    from petajalan.verification import stamp

    code, url = seal.display_code, seal_url(seal)
    return lambda doc: stamp.mark_docx(doc, code, url)


# -- what each kind of document seals ---------------------------------------------------------------


def _name(user: Any) -> str:
    """A person's name only (never the e-mail ``str(user)`` falls back to)."""
    return str(getattr(user, "full_name", "") or "") if user is not None else ""


def _iso(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localdate(value)
    return value.isoformat()


def enactment_snapshot(roadmap: Roadmap) -> Snapshot | None:
    """The snapshot an enacted road map's documents are made from (the latest enactment, or the
    latest accepted change); None for a road map that is not enacted."""
    if roadmap.status != Roadmap.Status.ENACTED:
        return None
    return (
        Snapshot.objects.filter(roadmap=roadmap, kind__in=SEALED_SNAPSHOT_KINDS)
        .select_related("created_by")
        .order_by("-created_at", "-id")
        .first()
    )


def roadmap_seal(roadmap: Roadmap, *, content_sha256: str, snapshot: Snapshot | None) -> Seal | None:
    """The seal of an enacted road map's documents (None for any other status)."""
    if roadmap.status != Roadmap.Status.ENACTED:
        return None
    statement = {
        "holder": roadmap.unit.name if roadmap.unit_id and roadmap.unit else roadmap.government.name,
        "period": roadmap.period_label,
        "regulation": roadmap.enactment_title,
        "enacted_on": _iso(roadmap.enacted_on),
        "enacted_by": _name(snapshot.created_by) if snapshot is not None else "",
        "frozen_on": _iso(snapshot.created_at) if snapshot is not None else "",
    }  # no signatory: the booklet's approval sheet and the annex (the head of region) differ
    return issue_seal(
        actor=None,
        government=roadmap.government,
        kind=Seal.Kind.ROADMAP,
        object_uuid=roadmap.uuid,
        title=roadmap.title,
        statement=statement,
        content_sha256=content_sha256,
        snapshot=snapshot,
    )


def quarter_is_sealed(status: str, reports: int, verified_reports: int) -> bool:
    """A unit's quarterly report once VERIFIED; the city's quarter once every report is."""
    return status == QuarterReport.Status.VERIFIED or (reports > 0 and verified_reports == reports)


def quarter_seal(
    *,
    government_slug: str,
    report_uuid: str,
    year: int,
    quarter: int,
    title: str,
    frozen: dict[str, Any],
    signer: str,
) -> Seal:
    """The seal of a verified quarterly report (``report_uuid``) or of a city quarter whose
    reports are all verified (``report_uuid`` empty: one stable id per government and quarter)."""
    import uuid

    government = Government.objects.get(slug=government_slug)
    statement: dict[str, Any] = {"year": year, "quarter": quarter, "signatory": signer}
    if report_uuid:
        report = QuarterReport.objects.select_related("unit", "verified_by").get(uuid=report_uuid)
        object_uuid = report.uuid
        statement.update(
            holder=report.unit.name if report.unit else government.name,
            verified_by=_name(report.verified_by),
            verified_on=_iso(report.verified_at),
        )
    else:
        object_uuid = uuid.uuid5(
            uuid.NAMESPACE_URL, f"petajalan:city-quarter:{government.pk}:{year}:{quarter}"
        )
        statement.update(holder=government.name, verified_by="", all_verified=True)
    return issue_seal(
        actor=None,
        government=government,
        kind=Seal.Kind.QUARTER_REPORT,
        object_uuid=object_uuid,
        title=title,
        statement=statement,
        content_sha256=content_sha256(frozen),
    )


def cycle_is_sealed(cycle: Cycle) -> bool:
    """An evaluation report is sealed once its cycle is past the Inspektorat's verification."""
    return PHASE_ORDER.index(cycle.phase) > PHASE_ORDER.index(Phase.VERIFICATION)


def evaluation_seal(*, cycle: Cycle, title: str, frozen: dict[str, Any], verifier: str) -> Seal:
    """The seal of an internal evaluation report of a cycle past its verification phase."""
    statement = {
        "holder": cycle.government.name,
        "year": cycle.year,
        "phase": cycle.phase,
        "verified_by": verifier,
    }
    return issue_seal(
        actor=None,
        government=cycle.government,
        kind=Seal.Kind.EVALUATION_REPORT,
        object_uuid=cycle.uuid,
        title=title,
        statement=statement,
        content_sha256=content_sha256(frozen),
    )


# -- checking an upload ------------------------------------------------------------------------------


@dataclass
class Comparison:
    sha256: str
    size: int
    match: IssuedFile | None

    @property
    def is_same(self) -> bool:
        return self.match is not None


def sha256_of_chunks(chunks: Iterable[bytes]) -> tuple[str, int]:
    """The SHA-256 and size of a stream read piece by piece (memory stays bounded)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def compare_upload(seal: Seal, chunks: Iterable[bytes]) -> Comparison:
    """Whether an uploaded file is byte for byte one of the files issued under ``seal``."""
    digest, size = sha256_of_chunks(chunks)
    return Comparison(digest, size, seal.files.filter(sha256=digest).first())
