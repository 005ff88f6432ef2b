"""Writes of the evidence bank: upload, new version, metadata, link, unlink, delete.

Every function takes a keyword-only ``actor``, runs in one transaction and records an audit event.
Files are inspected (type by content, limits) before anything is written; bytes are stored once
per SHA-256 under a content-derived key, and a stored file is removed only when no version of any
government refers to it any more (after the transaction commits).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government, Unit
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evidence.inspect import Inspected, UploadRefused, inspect_upload
from petajalan.evidence.models import Blob, Item, Link, Version
from petajalan.evidence.storage import content_key, evidence_storage
from petajalan.evidence.targets import Target
from petajalan.lib.formatting import angka

log = logging.getLogger(__name__)
A = AuditEvent.Action

ITEM_FIELDS = [
    "title",
    "kind",
    "number",
    "document_on",
    "issuer",
    "unit",
    "year_from",
    "year_to",
    "valid_until",
    "tags",
    "description",
]
TEXT_LIMIT = 200_000


class DuplicateFile(Exception):
    """The same bytes are already in this government's bank; ``version`` says where."""

    def __init__(self, version: Version) -> None:
        super().__init__("duplicate file")
        self.version = version
        self.item = version.item


@dataclass(frozen=True)
class Upload:
    """An uploaded file before it is stored: its stream and the name the person gave it."""

    file: Any  # a binary stream: an UploadedFile, an open file, a BytesIO
    name: str


def normalise_tags(text: str) -> str:
    """Tags as "a, b, c": trimmed, without repeats (first spelling kept), at most 300 characters."""
    seen: dict[str, str] = {}
    for part in (text or "").replace(";", ",").split(","):
        tag = " ".join(part.split())[:40]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return ", ".join(seen.values())[:300]


def build_search_text(item: Item, blob: Blob | None) -> str:
    """What the bank's search looks in: metadata, tags (as ``#tag#``) and the PDF's text layer."""
    parts = [item.title, item.number, item.issuer, item.description, item.get_kind_display()]
    if item.unit is not None:
        parts += [item.unit.name, item.unit.short_name]
    if item.current_id and item.current:
        parts.append(item.current.original_name)
    tags = "".join(f"#{t.lower()}#" for t in item.tag_list)
    text = " ".join(p for p in parts if p) + " " + tags
    if blob is not None and blob.text:
        text += " " + blob.text[:TEXT_LIMIT]
    return " ".join(text.lower().split())


def government_usage(government: Government) -> int:
    """Bytes this government's evidence takes: each distinct file counted once."""
    blob_ids = Version.objects.filter(government=government).values("blob_id").distinct()
    return Blob.objects.filter(pk__in=blob_ids).aggregate(total=Sum("size"))["total"] or 0


def quota_bytes(government: Government) -> int:
    return int(settings.EVIDENCE_QUOTA_BYTES)


def _inspect(upload: Upload) -> Inspected:
    try:
        return inspect_upload(upload.file, upload.name, max_bytes=int(settings.EVIDENCE_MAX_BYTES))
    except UploadRefused as exc:
        raise ServiceError(exc.message, field="file") from exc


def _check_duplicate(government: Government, sha256: str) -> None:
    existing = (
        Version.objects.filter(government=government, blob__sha256=sha256)
        .select_related("item", "item__unit")
        .order_by("-uploaded_at")
        .first()
    )
    if existing is not None:
        raise DuplicateFile(existing)


def _check_quota(government: Government, inspected: Inspected, *, pending_bytes: int = 0) -> None:
    if Version.objects.filter(government=government, blob__sha256=inspected.sha256).exists():
        return
    used, quota = government_usage(government) + pending_bytes, quota_bytes(government)
    if used + inspected.size > quota:
        raise ServiceError(
            _(
                "Kuota penyimpanan data dukung pemerintah daerah ini (%(quota)s MB) akan terlampaui: "
                "sudah terpakai %(used)s MB. Hubungi Bagian Organisasi."
            )
            % {"quota": angka(quota / 1024 / 1024), "used": angka(used / 1024 / 1024, 1)},
            field="file",
        )


def check_upload(*, government: Government, upload: Upload, pending_bytes: int = 0) -> Inspected:
    """Every check ``upload_item`` makes before it stores anything (type and size by content,
    duplicate in this government's bank, quota counting ``pending_bytes`` not yet stored); writes
    nothing. Raises ``ServiceError`` or ``DuplicateFile``."""
    inspected = _inspect(upload)
    _check_duplicate(government, inspected.sha256)
    _check_quota(government, inspected, pending_bytes=pending_bytes)
    return inspected


def _store_blob(upload: Upload, inspected: Inspected) -> tuple[Blob, bool]:
    """The blob for the inspected bytes, storing them if this installation has not seen them."""
    blob = Blob.objects.filter(sha256=inspected.sha256).first()
    if blob is not None:
        return blob, False
    storage = evidence_storage()
    key = content_key(inspected.sha256, inspected.extension)
    upload.file.seek(0)
    if not storage.exists(key):
        saved = storage.save(key, File(upload.file, name=inspected.storage_name))
        key = saved
    try:
        with transaction.atomic():
            blob = Blob.objects.create(
                sha256=inspected.sha256,
                size=inspected.size,
                file_kind=inspected.kind,
                content_type=inspected.content_type,
                storage_key=key,
                pages=inspected.pages,
                text=inspected.text[:TEXT_LIMIT],
            )
    except IntegrityError:  # someone stored the same bytes at the same moment
        return Blob.objects.get(sha256=inspected.sha256), False
    return blob, True


def _check_unit(government: Government, unit: Unit | None) -> None:
    if unit is not None and unit.government_id != government.pk:
        raise ServiceError(_("Perangkat daerah harus dari pemerintah daerah yang sama."), field="unit")


def upload_item(
    *,
    actor: Any,
    government: Government,
    upload: Upload,
    data: dict[str, Any],
    link_to: Target | None = None,
) -> Item:
    """Store a new document with its metadata (``data``: a validated form's cleaned data).

    Raises ``ServiceError`` for a refused file and ``DuplicateFile`` when the same bytes are
    already in this government's bank (nothing is stored then). With ``link_to`` the new item is
    linked to that target in the same transaction.
    """
    _check_unit(government, data.get("unit"))
    inspected = check_upload(government=government, upload=upload)
    blob, created = _store_blob(upload, inspected)
    try:
        with transaction.atomic():
            item = Item(government=government, created_by=_person(actor))
            _assign(item, data)
            item.full_clean(exclude=["current"])
            item.save()
            version = Version.objects.create(
                government=government,
                item=item,
                number=1,
                blob=blob,
                original_name=inspected.display_name,
                uploaded_by=_person(actor),
            )
            item.current = version
            item.search_text = build_search_text(item, blob)
            item.save(update_fields=["current", "search_text"])
            record(
                actor=actor,
                action=A.UPLOAD,
                obj=item,
                after={**snapshot(item, ITEM_FIELDS), "file": inspected.display_name, "sha256": blob.sha256},
            )
            if link_to is not None:
                _link(actor=actor, item=item, target=link_to)
            if created:
                _enqueue_thumbnail(blob)
    except BaseException:
        if created:
            _forget_blob(blob)
        raise
    return item


def add_version(*, actor: Any, item: Item, upload: Upload, note: str = "", version: int) -> Version:
    """A new revision of ``item``'s file; links made before keep citing the version they cited."""
    inspected = _inspect(upload)
    if item.current_id and item.current and item.current.blob.sha256 == inspected.sha256:
        raise ServiceError(_("Berkas ini sama persis dengan versi yang sekarang."), field="file")
    _check_duplicate(item.government, inspected.sha256)
    _check_quota(item.government, inspected)
    blob, created = _store_blob(upload, inspected)
    try:
        with transaction.atomic():
            if not Item.objects.filter(pk=item.pk, version=version).update(
                version=F("version") + 1, updated_at=timezone.now()
            ):
                raise StaleEdit(Item.objects.get(pk=item.pk))
            number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            new = Version.objects.create(
                government=item.government,
                item=item,
                number=number,
                blob=blob,
                original_name=inspected.display_name,
                note=note[:300],
                uploaded_by=_person(actor),
            )
            item.refresh_from_db()
            item.current = new
            item.search_text = build_search_text(item, blob)
            item.save(update_fields=["current", "search_text"])
            record(
                actor=actor,
                action=A.UPLOAD,
                obj=item,
                summary=_("Versi %(n)s: %(name)s") % {"n": number, "name": inspected.display_name},
                after={"version": number, "file": inspected.display_name, "sha256": blob.sha256},
            )
            if created:
                _enqueue_thumbnail(blob)
    except BaseException:
        if created:
            _forget_blob(blob)
        raise
    return new


def update_item(*, actor: Any, item: Item, data: dict[str, Any], version: int) -> Item:
    """Save edited metadata unless someone saved the item since ``version`` was read."""
    _check_unit(item.government, data.get("unit"))
    with transaction.atomic():
        current = (
            Item.objects.select_for_update(of=("self",))
            .select_related("unit", "current__blob")
            .get(pk=item.pk)
        )
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current, ITEM_FIELDS)
        _assign(current, data)
        current.full_clean(exclude=["current"])
        current.version += 1
        current.search_text = build_search_text(current, current.current.blob if current.current else None)
        current.save()
        record(actor=actor, action=A.UPDATE, obj=current, before=before, after=snapshot(current, ITEM_FIELDS))
    return current


def link_item(*, actor: Any, item: Item, target: Target) -> Link:
    """Link ``item`` (its current version) to ``target``; linking twice keeps the first link."""
    if target.government_id != item.government_id:
        raise ServiceError(_("Data dukung hanya dapat ditautkan di pemerintah daerah yang sama."))
    with transaction.atomic():
        return _link(actor=actor, item=item, target=target)


def _link(*, actor: Any, item: Item, target: Target) -> Link:
    existing = Link.objects.filter(item=item, target_kind=target.kind, target_id=target.id).first()
    if existing is not None:
        return existing
    if item.current is None:  # only while an upload is half-way through its own transaction
        raise ServiceError(_("Data dukung ini belum memiliki berkas."))
    link = Link.objects.create(
        government=item.government,
        item=item,
        version=item.current,
        target_kind=target.kind,
        target_id=target.id,
        created_by=_person(actor),
    )
    record(
        actor=actor,
        action=A.LINK,
        obj=item,
        summary=_("Ditautkan ke %(target)s") % {"target": target.label},
        after={"target_kind": target.kind, "target_id": target.id, "target": target.label[:200]},
    )
    return link


def unlink(*, actor: Any, link: Link, target: Target | None = None) -> None:
    """Remove one link (the item stays in the bank)."""
    with transaction.atomic():
        label = target.label if target else f"{link.target_kind} {link.target_id}"
        record(
            actor=actor,
            action=A.UNLINK,
            obj=link.item,
            summary=_("Tautan ke %(target)s dilepas") % {"target": label},
            before={"target_kind": link.target_kind, "target_id": link.target_id, "target": label[:200]},
        )
        link.delete()


def delete_item(*, actor: Any, item: Item) -> None:
    """Delete an item that nothing links to; its files go when no other version refers to them."""
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if Link.objects.filter(item=item).exists():
            raise ServiceError(
                _(
                    "Data dukung ini masih dipakai, jadi tidak dapat dihapus. Lepaskan tautannya "
                    "lebih dulu, atau unggah versi baru untuk menggantinya."
                )
            )
        blob_ids = list(item.versions.values_list("blob_id", flat=True))
        record(actor=actor, action=A.DELETE, obj=item, before=snapshot(item, ITEM_FIELDS))
        Item.objects.filter(pk=item.pk).update(current=None)
        item.versions.all().delete()
        item.delete()
        orphans = list(Blob.objects.filter(pk__in=blob_ids, versions__isnull=True))
        keys = [k for blob in orphans for k in (blob.storage_key, blob.thumbnail_key) if k]
        Blob.objects.filter(pk__in=[b.pk for b in orphans]).delete()
        transaction.on_commit(lambda: _delete_keys(keys))


def _delete_keys(keys: list[str]) -> None:
    storage = evidence_storage()
    for key in keys:
        try:
            storage.delete(key)
        except OSError:  # the row is gone; a file left behind is only space, logged for the operator
            log.warning("evidence file %s could not be deleted", key, exc_info=True)


def _enqueue_thumbnail(blob: Blob) -> None:
    from petajalan.evidence.tasks import make_blob_thumbnail

    transaction.on_commit(lambda: make_blob_thumbnail.enqueue(blob.pk))


def _forget_blob(blob: Blob) -> None:
    """Undo a blob stored for a write that failed: nothing else can refer to it yet."""
    if not Version.objects.filter(blob_id=blob.pk).exists():
        Blob.objects.filter(pk=blob.pk).delete()
        _delete_keys([blob.storage_key])


def _assign(item: Item, data: dict[str, Any]) -> None:
    for name in ITEM_FIELDS:
        if name in data:
            value = data[name]
            if name == "tags":
                value = normalise_tags(value or "")
            elif value is None and name in {"number", "issuer", "description", "tags"}:
                value = ""
            setattr(item, name, value)


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
