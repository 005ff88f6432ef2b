"""Thumbnails of stored evidence: rendered once per blob, stored beside it, served through the gate."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile

from petajalan.evidence.models import Blob
from petajalan.evidence.storage import evidence_storage

log = logging.getLogger(__name__)


def make_for_blob(blob_id: int) -> Blob | None:
    """Make the thumbnail of blob ``blob_id`` unless it has one; a file that cannot be drawn gets none."""
    blob = Blob.objects.filter(pk=blob_id).first()
    if blob is None or blob.thumbnail_state != Blob.Thumbnail.PENDING:
        return blob
    storage = evidence_storage()
    try:
        with storage.open(blob.storage_key, "rb") as stream:
            from petajalan.evidence.thumbnails import make_thumbnail  # Pillow and pdfium load here

            picture = make_thumbnail(stream, blob.file_kind)  # type: ignore[arg-type]  # File is a stream
    except OSError:
        log.warning("thumbnail of blob %s: file not readable", blob.pk, exc_info=True)
        picture = None
    if not picture:
        Blob.objects.filter(pk=blob.pk).update(thumbnail_state=Blob.Thumbnail.NONE)
        blob.thumbnail_state = Blob.Thumbnail.NONE
        return blob
    key = storage.save(f"thumbnails/{blob.sha256[:2]}/{blob.sha256}.png", ContentFile(picture))
    Blob.objects.filter(pk=blob.pk).update(thumbnail_key=key, thumbnail_state=Blob.Thumbnail.READY)
    blob.thumbnail_key, blob.thumbnail_state = key, Blob.Thumbnail.READY
    return blob
