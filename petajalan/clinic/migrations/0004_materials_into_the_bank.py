# Coaching-session materials uploaded before the evidence bank move into it (decision 0060): each file
# is inspected like a new upload, stored once by content, and linked to its session. A file the bank
# would refuse (a ZIP, a legacy .ppt) stays where it was and keeps downloading as before.

import logging

from django.conf import settings
from django.db import migrations

log = logging.getLogger(__name__)


def move_materials(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.core.files import File
    from django.core.files.storage import default_storage

    from petajalan.evidence.inspect import UploadRefused, inspect_upload
    from petajalan.evidence.storage import content_key, evidence_storage

    Material = apps.get_model("clinic", "Material")
    Blob = apps.get_model("evidence", "Blob")
    Item = apps.get_model("evidence", "Item")
    Version = apps.get_model("evidence", "Version")
    Link = apps.get_model("evidence", "Link")
    storage = evidence_storage()
    for material in Material.objects.filter(item__isnull=True).exclude(file="").select_related("session"):
        try:
            handle = default_storage.open(material.file.name, "rb")
        except OSError:
            log.warning("material %s: file %s not found, left as it is", material.pk, material.file.name)
            continue
        with handle:
            try:
                found = inspect_upload(
                    handle, material.file.name.rsplit("/", 1)[-1], max_bytes=settings.EVIDENCE_MAX_BYTES
                )
            except UploadRefused as exc:
                log.warning("material %s left outside the bank: %s", material.pk, exc.message)
                continue
            blob = Blob.objects.filter(sha256=found.sha256).first()
            if blob is None:
                key = content_key(found.sha256, found.extension)
                if not storage.exists(key):
                    handle.seek(0)
                    key = storage.save(key, File(handle, name=found.storage_name))
                blob = Blob.objects.create(
                    sha256=found.sha256,
                    size=found.size,
                    file_kind=found.kind,
                    content_type=found.content_type,
                    storage_key=key,
                    pages=found.pages,
                    text=found.text[:200_000],
                    thumbnail_state="pending",
                )
        government_id = material.government_id
        existing = (
            Version.objects.filter(government_id=government_id, blob=blob).select_related("item").first()
        )
        if existing is not None:
            item, version = existing.item, existing
        else:
            year = material.session.held_on.year
            item = Item.objects.create(
                government_id=government_id,
                title=material.title,
                kind="other",
                year_from=year,
                year_to=year,
                tags="materi klinik",
                description=f"Materi sesi coaching clinic «{material.session.title}».",
                created_by_id=material.uploaded_by_id,
                created_at=material.uploaded_at,
                search_text=" ".join(
                    f"{material.title} materi klinik #materi klinik# {found.display_name} {found.text}"[
                        :200_000
                    ]
                    .lower()
                    .split()
                ),
            )
            version = Version.objects.create(
                government_id=government_id,
                item=item,
                number=1,
                blob=blob,
                original_name=found.display_name,
                uploaded_by_id=material.uploaded_by_id,
                uploaded_at=material.uploaded_at,
            )
            Item.objects.filter(pk=item.pk).update(current=version)
        Link.objects.get_or_create(
            item=item,
            target_kind="clinic_session",
            target_id=str(material.session_id),
            defaults={"government_id": government_id, "version": version, "created_at": material.uploaded_at},
        )
        Material.objects.filter(pk=material.pk).update(item=item)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_readinessrecord_review"),
        ("evidence", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_materials, migrations.RunPython.noop)]
