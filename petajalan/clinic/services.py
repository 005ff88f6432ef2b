"""Clinic services: every write (audited, atomic) and the reviews of stored road maps."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government, Unit, User
from petajalan.clinic.engine import Context, Finding, Review, review
from petajalan.clinic.models import (
    Acknowledgement,
    ClinicSession,
    CoachAssignment,
    Consultation,
    FollowUp,
    Material,
    Participant,
    ReadinessRecord,
)
from petajalan.evidence.models import Item, Link
from petajalan.lib.codes import normalise_nip
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.plain import PlainRoadmap, canonical_json, sha256

A = AuditEvent.Action

# --- reviewing stored road maps -----------------------------------------------------------------


def context_for(roadmap: Roadmap, today: dt.date | None = None) -> Context:
    """What the rules need beyond the road map: today, and the units for a city road map."""
    units: list[str] = []
    if roadmap.is_city:
        units = list(
            Unit.objects.filter(government_id=roadmap.government_id, is_active=True, parent__isnull=True)
            .order_by("code")
            .values_list("short_name", flat=True)
        )
    return Context(today=today or timezone.localdate(), units=units)


def review_roadmap(roadmap: Roadmap, plain: PlainRoadmap | None = None) -> tuple[PlainRoadmap, Review]:
    """The plain road map and a review run now (``to_plain`` unless a plain road map is given);
    nothing is stored. Pages read ``current_review`` instead."""
    from petajalan.roadmaps.services import to_plain

    plain = plain or to_plain(roadmap)
    return plain, review(plain, context_for(roadmap))


def _stamp(roadmap: Roadmap) -> str:
    """Changes with every write through the road map's services: its version (imports, workflow)
    or its last activity (row saves, moves, deletes, comments)."""
    version, at = Roadmap.objects.values_list("version", "last_activity_at").get(pk=roadmap.pk)
    return _stamp_of(version, at)


def _stamp_of(version: int, at: dt.datetime) -> str:
    return f"{version}|{at.isoformat()}"


def _valid_today(stored: dict[str, Any]) -> bool:
    """Messages are stored translated, and quick-win deadlines are judged against today."""
    return (
        stored.get("day") == timezone.localdate().isoformat()
        and stored.get("language") == translation.get_language()
    )


@dataclass(frozen=True)
class _Entry:
    stamp: str
    day: str
    language: str
    review: Review


class _Decoded:
    """Stored reviews this process has decoded, by the token each stored review gets.

    A page that shows a stored review again reads three small values instead of decoding it (600
    findings at 300 actions: ~5 ms a view). Every store gets a new token, so an entry never stands
    for another content; the pages only read what they get (a ``Review`` is not changed after its
    run).
    """

    LIMIT = 64

    def __init__(self) -> None:
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> _Entry | None:
        with self._lock:
            found = self._entries.get(token)
            if found is not None:
                self._entries.move_to_end(token)
            return found

    def put(self, token: str, stored: dict[str, Any], result: Review) -> None:
        if not token:
            return
        entry = _Entry(str(stored.get("stamp")), str(stored.get("day")), str(stored.get("language")), result)
        with self._lock:
            self._entries[token] = entry
            self._entries.move_to_end(token)
            while len(self._entries) > self.LIMIT:
                self._entries.popitem(last=False)


DECODED = _Decoded()


def refresh_review(roadmap: Roadmap, plain: PlainRoadmap | None = None) -> Review:
    """The review of the road map as it is now, stored with its readiness: run when the content
    differs from the last review's (its SHA-256), else the stored one, re-stamped. Called after
    every write through the road map's pages, at submission, and when the stored one is out of
    date."""
    from petajalan.roadmaps.services import to_plain

    stamp = _stamp(roadmap)  # read before the content: a write in between leaves it out of date
    plain = plain or to_plain(roadmap)
    sha = sha256(plain)
    stored = (
        ReadinessRecord.objects.filter(roadmap=roadmap)
        .values_list("sha256", "review", "review_token")
        .first()
    )
    if stored and stored[0] == sha and stored[1] and _valid_today(stored[1]):
        # a comment or a step of the workflow: same content, so the same findings
        restamped, token = {**stored[1], "stamp": stamp}, uuid.uuid4().hex
        ReadinessRecord.objects.filter(roadmap=roadmap).update(review=restamped, review_token=token)
        decoded = DECODED.get(stored[2]) if stored[2] else None
        result = decoded.review if decoded is not None else Review.from_dict(stored[1])
        DECODED.put(token, restamped, result)
        return result
    result = review(plain, context_for(roadmap))
    remember_readiness(roadmap, result, sha=sha, stamp=stamp)
    return result


def current_review(roadmap: Roadmap) -> Review:
    """The stored review while it is current, else ``refresh_review``: what the road map's pages
    show instead of a review (0.1–0.7 s at 300 actions). One small query when this process has
    decoded that stored review before (``DECODED``), two when not."""
    head = (
        ReadinessRecord.objects.filter(roadmap=roadmap)
        .values_list("review_token", "roadmap__version", "roadmap__last_activity_at")
        .first()
    )
    if head is not None:
        current = _stamp_of(head[1], head[2])
        entry = DECODED.get(head[0]) if head[0] else None
        if (
            entry is not None
            and entry.stamp == current
            and _valid_today({"day": entry.day, "language": entry.language})
        ):
            return entry.review
        stored = ReadinessRecord.objects.filter(roadmap=roadmap).values_list("review_token", "review").first()
        if stored and stored[1] and stored[1].get("stamp") == current and _valid_today(stored[1]):
            result = Review.from_dict(stored[1])
            DECODED.put(stored[0], stored[1], result)
            return result
    return refresh_review(roadmap)


def remember_readiness(
    roadmap: Roadmap, result: Review, *, sha: str | None = None, stamp: str | None = None
) -> ReadinessRecord:
    """Store the readiness (for the coach queue) and, with ``stamp``, the review itself (for the
    pages, under a new token: ``DECODED``). A cache, not an audited change; acknowledgements change
    the readiness, not the review."""
    acks = set(acknowledged(roadmap))
    values: dict[str, Any] = {
        "government": roadmap.government,
        "readiness": result.readiness(acks),
        "blocking": len(result.blocking),
        "warnings": sum(1 for f in result.findings if not f.is_blocking and f.fingerprint not in acks),
        "computed_at": timezone.now(),
    }
    if sha is not None:
        values["sha256"] = sha
    if stamp is not None:
        token = uuid.uuid4().hex
        values["review"] = {
            "stamp": stamp,
            "day": timezone.localdate().isoformat(),
            "language": translation.get_language(),
            **result.as_dict(),
        }
        values["review_token"] = token
        DECODED.put(token, values["review"], result)
    record_, _created = ReadinessRecord.objects.update_or_create(roadmap=roadmap, defaults=values)
    return record_


def plain_rows(roadmaps: Any) -> list[PlainRoadmap]:
    """Light plain road maps (actions, problems, chapters only) for the copy-paste scan, read in
    a constant number of queries however many units there are."""
    from petajalan.roadmaps.models import Action, Chapter, Problem
    from petajalan.roadmaps.plain import Action as PAction
    from petajalan.roadmaps.plain import Chapter as PChapter
    from petajalan.roadmaps.plain import Problem as PProblem

    heads = {
        r.pk: PlainRoadmap(
            level=r.level,
            government=r.government.name,
            government_slug=r.government.slug,
            title=r.title,
            period_label=r.period_label,
            start_year=r.start_year,
            end_year=r.end_year,
            unit=r.unit.name if r.unit else "",
            unit_short_name=r.unit.short_name if r.unit else "",
            unit_code=r.unit.code if r.unit else "",
        )
        for r in roadmaps.select_related("unit", "government")
    }
    ids = list(heads)
    for a in (
        Action.objects.filter(roadmap_id__in=ids)
        .select_related("cascade")
        .order_by("roadmap_id", "order", "id")
    ):
        heads[a.roadmap_id].actions.append(
            PAction(
                str(a.uid),
                a.focus_key,
                a.activity,
                output=a.output,
                cascade_uid=str(a.cascade.uid) if a.cascade else "",
            )
        )
    for p in Problem.objects.filter(roadmap_id__in=ids).order_by("roadmap_id", "order", "id"):
        heads[p.roadmap_id].problems.append(PProblem(str(p.uid), p.focus_key, p.statement))
    for c in Chapter.objects.filter(roadmap_id__in=ids).order_by("roadmap_id", "order", "id"):
        heads[c.roadmap_id].chapters.append(PChapter(c.key, c.ref, c.title, body=c.body))
    return list(heads.values())


def acknowledged(roadmap: Roadmap) -> dict[str, Acknowledgement]:
    """The drafter's acknowledgements of this road map, by finding fingerprint."""
    return {
        a.fingerprint: a
        for a in Acknowledgement.objects.filter(roadmap=roadmap).select_related("acknowledged_by")
    }


def blocking_reasons(roadmap: Roadmap, plain: PlainRoadmap) -> list[str]:
    """The submit check: one line per blocking finding (registered with the road-map hooks); the
    review it runs is stored like any other."""
    result = refresh_review(roadmap, plain)
    return [f"{f.location.label}: {f.message}" for f in result.blocking]


def acknowledge_finding(*, actor: Any, roadmap: Roadmap, finding: Finding, reason: str) -> Acknowledgement:
    """Keep a warning or hint as it is, with the drafter's reason; blocking findings must be fixed."""
    reason = (reason or "").strip()
    if finding.is_blocking:
        raise ValidationError(
            _("Temuan yang menghambat pengajuan harus diperbaiki, tidak bisa hanya diberi alasan.")
        )
    if len(reason) < 10:
        raise ValidationError(
            _("Tuliskan alasan paling sedikit 10 huruf agar pendamping memahami keputusan Anda.")
        )
    with transaction.atomic():
        ack, created = Acknowledgement.objects.update_or_create(
            roadmap=roadmap,
            fingerprint=finding.fingerprint,
            defaults={
                "government": roadmap.government,
                "rule": finding.rule,
                "reason": reason,
                "acknowledged_by": actor if getattr(actor, "is_authenticated", False) else None,
                "acknowledged_at": timezone.now(),
            },
        )
        record(
            actor=actor,
            action=A.CREATE if created else A.UPDATE,
            obj=ack,
            after=snapshot(ack, ["rule", "fingerprint", "reason"]),
            summary=_("Menanggapi temuan %(r)s") % {"r": finding.rule},
        )
    remember_readiness(roadmap, current_review(roadmap))  # the queue counts the explanation
    return ack


def withdraw_acknowledgement(*, actor: Any, acknowledgement: Acknowledgement) -> None:
    with transaction.atomic():
        before = snapshot(acknowledgement, ["rule", "fingerprint", "reason"])
        record(actor=actor, action=A.DELETE, obj=acknowledgement, before=before)
        acknowledgement.delete()
    remember_readiness(acknowledgement.roadmap, current_review(acknowledgement.roadmap))


def assign_coach(*, actor: Any, roadmap: Roadmap, coach: User) -> CoachAssignment:
    """Put a coach on a road map (a reviewer takes it from the queue, or an admin assigns one)."""
    with transaction.atomic():
        assignment, created = CoachAssignment.objects.update_or_create(
            roadmap=roadmap,
            defaults={
                "government": roadmap.government,
                "coach": coach,
                "assigned_by": actor,
                "assigned_at": timezone.now(),
            },
        )
        record(
            actor=actor,
            action=A.CREATE if created else A.UPDATE,
            obj=assignment,
            government=roadmap.government,
            after={"coach": str(coach)},
            summary=_("Pendamping %(c)s untuk %(r)s") % {"c": coach, "r": roadmap},
        )
    return assignment


def mark_reviewed(*, actor: Any, roadmap: Roadmap, plain: PlainRoadmap) -> CoachAssignment:
    """Remember what the coach has read, so the next review shows only what changed since."""
    with transaction.atomic():
        assignment, _created = CoachAssignment.objects.get_or_create(
            roadmap=roadmap, defaults={"government": roadmap.government, "coach": actor, "assigned_by": actor}
        )
        assignment.last_reviewed_json = canonical_json(plain)
        assignment.last_reviewed_at = timezone.now()
        assignment.save(update_fields=["last_reviewed_json", "last_reviewed_at"])
        record(
            actor=actor,
            action=A.UPDATE,
            obj=assignment,
            government=roadmap.government,
            summary=_("Selesai membaca road map"),
        )
    return assignment


# --- coaching sessions --------------------------------------------------------------------------


def create_session(
    *,
    actor: Any,
    government: Government,
    title: str,
    held_on: dt.date,
    place: str,
    speakers: str = "",
    agenda: str = "",
    invited_units: list[Unit] | None = None,
) -> ClinicSession:
    """Plan a coaching clinic; the invited units' people are listed as expected participants."""
    with transaction.atomic():
        session = ClinicSession.objects.create(
            government=government,
            title=title,
            held_on=held_on,
            place=place,
            speakers=speakers,
            agenda=agenda,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        session.invited_units.set(invited_units or [])
        record(actor=actor, action=A.CREATE, obj=session, after=snapshot(session))
    return session


def add_participant(
    *,
    actor: Any,
    session: ClinicSession,
    name: str,
    nip: str = "",
    position: str = "",
    unit: Unit | None = None,
    unit_name: str = "",
    is_present: bool = False,
) -> Participant:
    with transaction.atomic():
        participant = Participant.objects.create(
            government=session.government,
            session=session,
            name=name.strip(),
            nip=normalise_nip(nip) if nip else "",
            position=position.strip(),
            unit=unit,
            unit_name=unit_name.strip() or (unit.short_name if unit else ""),
            is_present=is_present,
            checked_in_at=timezone.now() if is_present else None,
        )
        record(
            actor=actor,
            action=A.CREATE,
            obj=participant,
            government=session.government,
            after=snapshot(participant),
        )
    return participant


def set_presence(*, actor: Any, participant: Participant, is_present: bool) -> Participant:
    """Check a participant in (or undo it)."""
    with transaction.atomic():
        before = {"is_present": participant.is_present}
        participant.is_present = is_present
        participant.checked_in_at = timezone.now() if is_present else None
        participant.save(update_fields=["is_present", "checked_in_at"])
        record(
            actor=actor,
            action=A.UPDATE,
            obj=participant,
            government=participant.government,
            before=before,
            after={"is_present": is_present},
        )
    return participant


@dataclass
class ImportReport:
    created: int = 0
    checked_in: int = 0
    errors: list[str] = field(default_factory=list)


_YES = {"ya", "y", "hadir", "v", "✓", "x", "1", "true", "yes"}
_HEADERS = {
    "nama": "name",
    "nip": "nip",
    "jabatan": "position",
    "perangkat daerah": "unit",
    "unit": "unit",
    "instansi": "unit",
    "opd": "unit",
    "hadir": "present",
}


MAX_PARTICIPANT_ROWS = 2000  # a clinic has about 85; far more is a wrong file


def import_participants(*, actor: Any, session: ClinicSession, file: UploadedFile | Any) -> ImportReport:
    """Participants from an XLSX (columns Nama, NIP, Jabatan, Perangkat Daerah, Hadir).

    Known people (same NIP, or same name and unit) are checked in rather than added twice. A file
    that is not a readable XLSX, or rows with errors, change nothing: the report names each row.
    """
    from petajalan.accounts.spreadsheet import ImportFileError, open_workbook

    report = ImportReport()
    try:
        sheet = open_workbook(file.read()).worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_PARTICIPANT_ROWS + 1:
                raise ImportFileError(
                    _("Lebih dari %(n)s baris peserta; pecah menjadi beberapa berkas.")
                    % {"n": MAX_PARTICIPANT_ROWS}
                )
    except ImportFileError as exc:
        report.errors.append(str(exc))
        return report
    except Exception:  # openpyxl raises many types for a damaged sheet; all mean "unreadable"
        report.errors.append(
            _("Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari Excel sebagai .xlsx.")
        )
        return report
    if not rows:
        report.errors.append(_("Lembar pertama kosong."))
        return report
    header = [_HEADERS.get(str(c or "").strip().lower()) for c in rows[0]]
    if "name" not in header:
        report.errors.append(_("Baris 1 harus berisi judul kolom, paling sedikit 'Nama'."))
        return report
    units = {u.short_name.lower(): u for u in Unit.objects.filter(government=session.government)}
    units |= {u.name.lower(): u for u in Unit.objects.filter(government=session.government)}
    existing = list(Participant.objects.filter(session=session))
    by_nip = {p.nip: p for p in existing if p.nip}
    by_name = {(p.name.lower(), p.unit_name.lower()): p for p in existing}
    plan: list[tuple[str, dict[str, Any], Participant | None]] = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: row[i] for i, key in enumerate(header) if key and i < len(row)}
        name = str(values.get("name") or "").strip()
        if not name and not any(v not in (None, "") for v in values.values()):
            continue
        if not name:
            report.errors.append(_("Baris %(n)s: kolom Nama kosong.") % {"n": number})
            continue
        cell = values.get("nip")
        raw_nip = str(int(cell)) if isinstance(cell, (int, float)) else str(cell or "").strip()
        nip = normalise_nip(raw_nip) if raw_nip else ""
        if nip and (len(nip) != 18 or not nip.isdigit()):
            report.errors.append(_("Baris %(n)s: NIP '%(v)s' harus 18 angka.") % {"n": number, "v": raw_nip})
            continue
        unit_text = str(values.get("unit") or "").strip()
        present = str(values.get("present") or "").strip().lower() in _YES if "present" in header else True
        known = by_nip.get(nip) if nip else by_name.get((name.lower(), unit_text.lower()))
        plan.append(
            (
                "checkin" if known else "create",
                {
                    "name": name,
                    "nip": nip,
                    "position": str(values.get("position") or ""),
                    "unit": units.get(unit_text.lower()),
                    "unit_name": unit_text,
                    "is_present": present,
                },
                known,
            )
        )
    if report.errors:
        return report
    with transaction.atomic():
        for kind, values, known in plan:
            if kind == "create":
                add_participant(actor=actor, session=session, **values)
                report.created += 1
                report.checked_in += values["is_present"]
            elif known is not None and values["is_present"] and not known.is_present:
                set_presence(actor=actor, participant=known, is_present=True)
                report.checked_in += 1
        record(
            actor=actor,
            action=A.IMPORT,
            obj=session,
            summary=_("Impor peserta: %(c)s baru, %(h)s hadir")
            % {"c": report.created, "h": report.checked_in},
        )
    return report


def add_material(*, actor: Any, session: ClinicSession, title: str, file: UploadedFile) -> Material:
    """Store a session's material in the evidence bank (once: the same file already there is linked)
    and list it on the session. Raises ``ServiceError`` for a refused file."""
    from petajalan.evidence import services as evidence
    from petajalan.evidence.targets import resolve

    target = resolve([(Link.TargetKind.CLINIC_SESSION, str(session.pk))])[
        (Link.TargetKind.CLINIC_SESSION, str(session.pk))
    ]
    upload = evidence.Upload(file=file, name=file.name or title)
    data = {
        "title": title,
        "kind": Item.Kind.OTHER,
        "issuer": "",
        "unit": None,
        "year_from": session.held_on.year,
        "year_to": session.held_on.year,
        "tags": str(_("materi klinik")),
        "description": str(_("Materi sesi coaching clinic «%(s)s».") % {"s": session.title}),
    }
    with transaction.atomic():
        try:
            item = evidence.upload_item(
                actor=actor, government=session.government, upload=upload, data=data, link_to=target
            )
        except evidence.DuplicateFile as exc:
            item = exc.item
            evidence.link_item(actor=actor, item=item, target=target)
        material = Material.objects.create(
            government=session.government, session=session, title=title, item=item, uploaded_by=actor
        )
        record(
            actor=actor, action=A.CREATE, obj=material, government=session.government, after={"title": title}
        )
    return material


def record_consultation(
    *, actor: Any, session: ClinicSession, unit: Unit, notes: str, follow_ups: list[dict[str, Any]]
) -> Consultation:
    """A coach's notes for one unit with its follow-up items (description, owner, due_on)."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            government=session.government, session=session, unit=unit, notes=notes, coach=actor
        )
        FollowUp.objects.bulk_create(
            FollowUp(government=session.government, consultation=consultation, unit=unit, **item)
            for item in follow_ups
        )
        record(
            actor=actor,
            action=A.CREATE,
            obj=consultation,
            after={
                "notes": notes,
                "follow_ups": [{**f, "due_on": f["due_on"].isoformat()} for f in follow_ups],
            },
        )
    return consultation


def complete_follow_up(*, actor: Any, follow_up: FollowUp, is_done: bool = True) -> FollowUp:
    with transaction.atomic():
        follow_up.is_done = is_done
        follow_up.done_at = timezone.now() if is_done else None
        follow_up.done_by = actor if is_done else None
        follow_up.save(update_fields=["is_done", "done_at", "done_by"])
        record(actor=actor, action=A.UPDATE, obj=follow_up, after={"is_done": is_done})
    return follow_up
