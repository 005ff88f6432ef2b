"""Exports and imports of stored road maps: the one code path of the views, tasks and commands."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from petajalan.accounts.models import Government, Unit
from petajalan.lib.gc_pause import gc_frozen
from petajalan.lib.pause_points import pause_point
from petajalan.reports.layout import DocumentOptions
from petajalan.reports.models import ReportJob
from petajalan.reports.opendata import roadmap_csv, roadmap_json
from petajalan.roadmaps import services as roadmap_services
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.plain import PlainRoadmap, from_dict, from_json, to_dict
from petajalan.roadmaps.plain import sha256 as plain_sha256
from petajalan.verification import services as verification
from petajalan.verification.models import Seal

if TYPE_CHECKING:
    from petajalan.reports.spreadsheet import ImportResult

# Above this many actions a DOCX, PDF or XLSX is prepared on the task worker instead of inline.
INLINE_MAX_ACTIONS = 600
F = ReportJob.Format
CONTENT_TYPES = {
    F.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    F.PDF: "application/pdf",
    F.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    F.TEMPLATE: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    F.CSV: "text/csv; charset=utf-8",
    F.JSON: "application/json",
}
EXTENSIONS = {F.DOCX: "docx", F.PDF: "pdf", F.XLSX: "xlsx", F.TEMPLATE: "xlsx", F.CSV: "csv", F.JSON: "json"}
OPEN_DATA = (F.CSV, F.JSON)


class ImportNotReady(Exception):
    """The import cannot be applied (problems, already applied, or the road map changed since)."""


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str


def head_office(government: Government) -> str:
    """'WALI KOTA', 'BUPATI' or 'GUBERNUR' (the signer of the Perwal/Perbup/Pergub)."""
    return str(government.head_title).upper()


def document_options(government: Government, values: dict[str, Any] | None = None) -> DocumentOptions:
    """Options for a government's documents; ``values`` comes from the options form or a job."""
    values = dict(values or {})
    office = head_office(government)
    return DocumentOptions(
        product=values.get("product") or "booklet",
        paper=values.get("paper") or "F4",
        page_numbers=values.get("page_numbers") or "dash",
        with_annex_heading=bool(values.get("with_annex_heading")),
        regulation_kind=f"PERATURAN {office}",
        head_office=office,
        regulation_number=values.get("regulation_number") or "",
        regulation_year=values.get("regulation_year") or None,
        head_name=values.get("head_name") or "",
        is_copy=bool(values.get("is_copy")),
        foreword=values.get("foreword") or "",
    )


def unit_names(government: Government) -> list[str]:
    """The short names a spreadsheet may use for responsible and supporting units."""
    return list(
        Unit.objects.filter(government=government, is_active=True).values_list("short_name", flat=True)
    )


def filename(roadmap: Roadmap, fmt: str) -> str:
    who = roadmap.unit.short_name if roadmap.unit else roadmap.government.slug
    stem = "templat-impor" if fmt == F.TEMPLATE else "road-map"
    return f"{stem}-{slugify(who)}-{roadmap.start_year}.{EXTENSIONS[F(fmt)]}"


def with_signatory(plain: PlainRoadmap, roadmap: Roadmap) -> PlainRoadmap:
    """The unit head on the approval sheet when the road map stores no signatory of its own."""
    unit = roadmap.unit
    if plain.signatory.name or unit is None or not unit.head_name:
        return plain
    signatory = dataclasses.replace(
        plain.signatory,
        name=unit.head_name,
        nip=unit.head_nip,
        position=unit.head_position or plain.signatory.position,
        rank=unit.head_rank,
    )
    return dataclasses.replace(plain, signatory=signatory)


def render(
    plain: PlainRoadmap,
    fmt: str,
    *,
    government: Government,
    options: dict[str, Any] | None = None,
    seal: Seal | None = None,
) -> bytes:
    """The bytes of one format of a plain road map (a DOCX with ``seal`` gets its footers marked
    as it is built; ``render_stored`` stamps and records the sealed files)."""
    # each engine (python-docx, Typst with pikepdf and fontTools, openpyxl) is imported only
    # when its format is asked for: the web and command-line start-up loads none (decision 0056)
    fmt = F(fmt)
    if fmt == F.DOCX:
        from petajalan.reports.docx_render import render_docx

        return render_docx(plain, document_options(government, options), verification.docx_marker(seal))
    if fmt == F.PDF:
        from petajalan.reports.pdf_render import render_pdf

        return render_pdf(plain, document_options(government, options))
    if fmt in (F.XLSX, F.TEMPLATE):
        from petajalan.reports.xlsx_export import blank_template_xlsx, export_xlsx

        write = export_xlsx if fmt == F.XLSX else blank_template_xlsx
        return write(plain, units=unit_names(government))
    if fmt == F.CSV:
        return roadmap_csv(plain).encode("utf-8")
    return roadmap_json(plain).encode("utf-8")


SEALED_FORMATS = (F.DOCX, F.PDF)


def document_plain(roadmap: Roadmap, fmt: str) -> tuple[PlainRoadmap, Seal | None]:
    """The road map a file prints, and for the DOCX and PDF of an enacted road map the seal
    (docs/verification.md). An enacted road map prints its enactment snapshot: the frozen content
    the seal's SHA-256 names, even if stored rows drifted since (and cheaper than reading them)."""
    if F(fmt) not in SEALED_FORMATS or roadmap.status != Roadmap.Status.ENACTED:
        return with_signatory(roadmap_services.to_plain(roadmap), roadmap), None
    snapshot = verification.enactment_snapshot(roadmap)
    if snapshot is not None:
        plain, digest = from_json(snapshot.canonical_json), snapshot.sha256
    else:  # enacted before snapshots existed: the stored rows are the content
        plain = roadmap_services.to_plain(roadmap)
        digest = plain_sha256(plain)
    seal = verification.roadmap_seal(roadmap, content_sha256=digest, snapshot=snapshot)
    return with_signatory(plain, roadmap), seal


def render_stored(roadmap: Roadmap, fmt: str, options: dict[str, Any] | None = None) -> bytes:
    """The bytes of one format of a stored road map, sealed when enacted (the one path of the
    inline download, the job, the command line and the public page)."""
    plain, seal = document_plain(roadmap, fmt)
    with gc_frozen():  # the plain road map lives through the render: not walked at each collection
        content = render(plain, fmt, government=roadmap.government, options=options, seal=seal)
    if seal is not None:
        content = verification.seal_document(seal=seal, fmt=fmt, content=content, marked=F(fmt) == F.DOCX)
    return content


def export_roadmap(roadmap: Roadmap, fmt: str, options: dict[str, Any] | None = None) -> Export:
    """Render a stored road map (the command line, the task and the inline download use this)."""
    content = render_stored(roadmap, fmt, options)
    return Export(content, filename(roadmap, fmt), CONTENT_TYPES[F(fmt)])


def is_large(roadmap: Roadmap) -> bool:
    return roadmap.actions.count() > INLINE_MAX_ACTIONS


def read_import(roadmap: Roadmap, data: bytes) -> ImportResult:
    """Parse an uploaded workbook against the stored road map; nothing is written."""
    from petajalan.reports.spreadsheet import read_roadmap_xlsx

    base = roadmap_services.to_plain(roadmap)
    return read_roadmap_xlsx(data, base=base, units=unit_names(roadmap.government))


def start_export(
    *, actor: Any, roadmap: Roadmap, fmt: str, options: dict[str, Any] | None = None
) -> ReportJob:
    """Queue a document export; the worker renders it and the job page offers the download."""
    from petajalan.reports.tasks import run_report_job

    with transaction.atomic():
        job = ReportJob.objects.create(
            government=roadmap.government,
            roadmap=roadmap,
            kind=ReportJob.Kind.EXPORT,
            format=fmt,
            options=options or {},
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        # the database backend stores the task in this same transaction, so it never runs early
        run_report_job.enqueue(str(job.uuid))
    job.refresh_from_db()
    return job


def start_import(*, actor: Any, roadmap: Roadmap, upload_name: str, data: bytes) -> ReportJob:
    """Queue the check of an uploaded workbook; its preview waits for the user's confirmation."""
    from petajalan.reports.tasks import run_report_job

    with transaction.atomic():
        job = ReportJob.objects.create(
            government=roadmap.government,
            roadmap=roadmap,
            kind=ReportJob.Kind.IMPORT,
            format=F.XLSX,
            upload_name=upload_name[:200],
            upload=data,
            roadmap_version=roadmap.version,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        run_report_job.enqueue(str(job.uuid))
    job.refresh_from_db()
    return job


def _progress(job: ReportJob, percent: int, status: str = ReportJob.Status.RUNNING) -> None:
    ReportJob.objects.filter(pk=job.pk).update(progress=percent, status=status)


def run_job(job: ReportJob) -> None:
    """Do the work of a queued job, saving progress as it goes (called by the task)."""
    _progress(job, 5)
    roadmap = Roadmap.objects.select_related("government", "unit").get(pk=job.roadmap_id)
    try:
        if job.kind == ReportJob.Kind.EXPORT:
            _progress(job, 30)
            job.result = render_stored(roadmap, job.format, job.options)
            job.result_name = filename(roadmap, job.format)
        else:
            _progress(job, 30)
            pause_point("import-check")  # the crash tests kill the worker here
            result = read_import(roadmap, bytes(job.upload or b""))
            job.problems = [dataclasses.asdict(p) for p in result.problems]
            job.changes = {k: dataclasses.asdict(v) for k, v in result.changes.items()}
            job.parsed = to_dict(result.roadmap) if result.roadmap is not None and result.ok else None
            job.upload = None  # the parsed result is kept; the raw file is not needed any more
        job.status = ReportJob.Status.DONE
    except Exception as exc:  # a failed job must say so on its page, not stay "running" forever
        job.status = ReportJob.Status.FAILED
        job.message = _("Pekerjaan gagal: %(error)s") % {"error": exc.__class__.__name__}
        raise
    finally:
        job.progress = 100
        job.finished_at = timezone.now()
        job.save()


def apply_import(*, actor: Any, job: ReportJob) -> roadmap_services.ApplyResult:
    """Write a checked import into its road map, all or nothing (audited by ``apply_plain``)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        roadmap = Roadmap.objects.select_related("government", "unit").get(pk=job.roadmap_id)
        if job.kind != ReportJob.Kind.IMPORT or job.status != ReportJob.Status.DONE or job.parsed is None:
            raise ImportNotReady(_("Impor ini belum siap atau sudah diterapkan."))
        if job.problems:
            raise ImportNotReady(_("Perbaiki dulu semua masalah dalam berkas, lalu unggah lagi."))
        if roadmap.version != job.roadmap_version:
            raise ImportNotReady(
                _("Road map ini sudah diubah orang lain sejak berkas diperiksa. Unggah berkas itu lagi.")
            )
        result = roadmap_services.apply_plain(actor=actor, roadmap=roadmap, plain=from_dict(job.parsed))
        pause_point("import-apply")  # the crash tests kill the server here, every row written, none committed
        job.status = ReportJob.Status.APPLIED
        job.save(update_fields=["status"])
    return result
