"""Writes and shared reads of framework packs.

``store_pack`` writes a validated pack (see ``schema``) atomically, keyed by its checksum: storing
the same content again is a no-op, the same version with other content is refused, and a new
version never touches the rows of an older one. The ``*_in_force`` functions are the contract the
road-map, clinic and report slices use to read the rules a government works under.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government
from petajalan.frameworks.models import Adoption, CrosswalkLink, Node, Pack, PackVersion
from petajalan.frameworks.schema import Parsed

ROADMAP_PACK = "rb-roadmap"
OUTLINE_PACK = "rb-outline"


class PackConflict(Exception):
    """A pack cannot be stored as it is; ``message`` says why in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- reads for other slices


def version_in_force(government: Government, pack_key: str) -> PackVersion | None:
    """The version of ``pack_key`` the government works under (adopted, else newest shipped)."""
    return PackVersion.objects.in_force_for(government).filter(pack__key=pack_key).first()


def focus_nodes_in_force(government: Government) -> list[Node]:
    """Areas, main activities and themes of the road-map pack in force, in pack order."""
    version = version_in_force(government, ROADMAP_PACK)
    if version is None:
        return []
    return list(
        version.nodes.filter(kind__in=Node.FOCUS_KINDS).select_related("version__pack").order_by("order")
    )


def outline_in_force(government: Government) -> list[Node]:
    """Chapters of the road-map outline in force (with ``children``: sections), with guidance."""
    version = version_in_force(government, OUTLINE_PACK)
    if version is None:
        return []
    sections = Prefetch("children", queryset=Node.objects.order_by("order"))
    return list(version.nodes.filter(kind=Node.Kind.CHAPTER).order_by("order").prefetch_related(sections))


def known_keys_in_db(government: Government | None = None) -> Any:
    """A ``schema.KnownKeys`` resolver over stored versions (shipped, or the government's own)."""

    def resolve(pack: str, version: str) -> set[str] | None:
        qs = PackVersion.objects.filter(pack__key=pack, version=version)
        qs = qs.usable_in(government) if government is not None else qs.filter(owner__isnull=True)
        found = qs.first()
        if found is None:
            return None
        return set(found.nodes.values_list("key", flat=True))

    return resolve


# ---------------------------------------------------------------- writes


def store_pack(
    parsed: Parsed, *, actor: Any = None, owner: Government | None = None
) -> tuple[PackVersion, bool]:
    """Store a validated pack; returns (version, created). Same content again is a no-op."""
    if not parsed.is_valid or parsed.document is None:
        raise PackConflict(_("Paket belum lolos pemeriksaan; tidak ada yang disimpan."))
    doc = parsed.document
    existing = PackVersion.objects.filter(pack__key=doc["pack"], version=doc["version"]).first()
    if existing is not None:
        if existing.checksum == parsed.checksum and existing.owner_id in (None, getattr(owner, "pk", None)):
            return existing, False
        raise PackConflict(
            _(
                "Paket %(pack)s versi %(version)s sudah tersimpan dengan isi yang berbeda. Versi yang "
                "tersimpan tidak pernah diubah: beri nomor versi baru (misalnya %(version)s-1)."
            )
            % {"pack": doc["pack"], "version": doc["version"]}
        )
    with transaction.atomic():
        pack, _created = Pack.objects.get_or_create(
            key=doc["pack"], defaults={"purpose": doc["purpose"], "title": doc["pack_title"]}
        )
        if pack.purpose != doc["purpose"]:
            raise PackConflict(
                _("Paket %(pack)s berkegunaan %(old)s, bukan %(new)s.")
                % {"pack": pack.key, "old": pack.purpose, "new": doc["purpose"]}
            )
        version = PackVersion.objects.create(
            pack=pack,
            version=doc["version"],
            title=doc["title"],
            legal_basis=doc["legal_basis"],
            valid_from=dt.date.fromisoformat(doc["valid_from"]) if doc["valid_from"] else None,
            valid_to=dt.date.fromisoformat(doc["valid_to"]) if doc["valid_to"] else None,
            levels=doc["levels"],
            sources=doc["sources"],
            is_complete=doc["complete"],
            verified=doc["verified"],
            notes=doc["notes"],
            checksum=parsed.checksum,
            document=doc,
            source_name=parsed.file[-200:],
            owner=owner,
            loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _write_nodes(version, doc["nodes"])
        if doc["purpose"] == Pack.Purpose.CROSSWALK:
            _write_links(version, doc, owner)
        if owner is not None:
            record(
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                obj=version,
                government=owner,
                after={"pack": pack.key, "version": version.version, "checksum": version.checksum},
                summary=f"{pack.key} {version.version}",
            )
    return version, True


def _write_nodes(version: PackVersion, nodes: list[dict[str, Any]]) -> None:
    rows = [
        Node(
            version=version,
            key=item["key"],
            kind=item["kind"],
            order=position,
            ref=item["ref"],
            title=item["title"],
            title_en=item["title_en"],
            description=item["description"],
            description_en=item["description_en"],
            weight=Decimal(item["weight"]) if item["weight"] else None,
            answer_type=item["answer_type"],
            conversion=item["conversion"] or None,
            expected_evidence=item["expected_evidence"],
            guidance=item["guidance"],
            applicability=item["applicability"],
            is_complete=item["complete"],
            source=item["source"],
            source_url=item["source_url"][:500],
            verified=item["verified"],
            extra=item["extra"],
        )
        for position, item in enumerate(nodes, start=1)
    ]
    Node.objects.bulk_create(rows, batch_size=500)
    ids = dict(Node.objects.filter(version=version).values_list("key", "pk"))
    children = []
    for item in nodes:
        if item["parent"]:
            children.append(Node(pk=ids[item["key"]], parent_id=ids[item["parent"]]))
    Node.objects.bulk_update(children, ["parent"], batch_size=500)


def _write_links(version: PackVersion, doc: dict[str, Any], owner: Government | None) -> None:
    ends = {}
    for side in ("source", "target"):
        ref = doc["crosswalk"][side]
        found = (
            PackVersion.objects.filter(pack__key=ref["pack"], version=ref["version"]).usable_in(owner).first()
        )
        if found is None:
            raise PackConflict(_("Paket rujukan %(pack)s versi %(version)s belum dimuat.") % ref)
        ends[side] = dict(found.nodes.values_list("key", "pk"))
    links = []
    for link in doc["links"]:
        source, target = ends["source"].get(link["source"]), ends["target"].get(link["target"])
        if source is None or target is None:
            raise PackConflict(_("Butir padanan %(source)s → %(target)s tidak ditemukan.") % link)
        links.append(
            CrosswalkLink(
                crosswalk=version,
                source_id=source,
                target_id=target,
                relation=link["relation"],
                note=link["note"],
            )
        )
    CrosswalkLink.objects.bulk_create(links, batch_size=500)


def activate_version(*, actor: Any, government: Government, version: PackVersion) -> Adoption:
    """Make ``version`` the one in force for ``government`` (one version per pack)."""
    if version.owner_id not in (None, government.pk):
        raise PackConflict(_("Versi ini milik pemerintah daerah lain."))
    with transaction.atomic():
        adoption = (
            Adoption.objects.select_for_update().filter(government=government, pack=version.pack).first()
        )
        before = {"version": adoption.version.version} if adoption else None
        if adoption is None:
            adoption = Adoption(government=government, pack=version.pack)
        adoption.version = version
        adoption.activated_by = actor if getattr(actor, "is_authenticated", False) else None
        adoption.activated_at = timezone.now()
        adoption.save()
        record(
            actor=actor,
            action=AuditEvent.Action.ACTIVATE,
            obj=version,
            government=government,
            before=before,
            after={"pack": version.pack.key, "version": version.version},
            summary=f"{version.pack.key} {version.version}",
        )
    return adoption
