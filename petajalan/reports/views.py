"""Downloads (DOCX, PDF, XLSX, template, open data) and the spreadsheet import of a road map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import get_for_user, get_government
from petajalan.reports import services
from petajalan.reports.forms import DocumentOptionsForm, UploadForm
from petajalan.reports.models import ReportJob
from petajalan.roadmaps import hooks as roadmap_hooks
from petajalan.roadmaps import services as roadmap_services
from petajalan.roadmaps.models import Roadmap

F = ReportJob.Format


def _roadmap(
    request: HttpRequest, gov: str, roadmap: str, *, write: bool = False
) -> tuple[Government, Roadmap]:
    """The government and road map in the URL: 404 when not yours, 403 when read-only for you."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        Roadmap.objects.select_related("unit", "government"),
        write=write,
        uuid=roadmap,
        government=government,
    )
    return government, obj


def _job(request: HttpRequest, roadmap: Roadmap, job: str, *, write: bool = False) -> ReportJob:
    return get_for_user(request, ReportJob.objects.filter(roadmap=roadmap), write=write, uuid=job)


def _format(roadmap: Roadmap, fmt: str) -> str:
    """The format in the URL; open data exists only for an enacted road map."""
    if fmt not in F.values:
        raise Http404(_("Format tidak dikenal."))
    if fmt in services.OPEN_DATA and roadmap.status != Roadmap.Status.ENACTED:
        raise PermissionDenied(_("Data terbuka hanya tersedia untuk road map yang sudah ditetapkan."))
    return fmt


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _can_edit(request: HttpRequest, roadmap: Roadmap) -> bool:
    return Roadmap.objects.editable_by(request.user).filter(pk=roadmap.pk).exists()


@login_required
@require_GET
def document_list(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """The documents of one road map, with print options, and the import entry point."""
    government, r = _roadmap(request, gov, roadmap)
    enactment = (r.enactment_number, r.enacted_on.year) if r.enactment_number and r.enacted_on else None
    form = DocumentOptionsForm(request.GET or None, enactment=enactment)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/documents.html",
        {
            "government": government,
            "roadmap": r,
            "form": form,
            "query": query,
            "is_large": services.is_large(r),
            "is_enacted": r.status == Roadmap.Status.ENACTED,
            "can_edit": _can_edit(request, r),
            "jobs": ReportJob.objects.filter(roadmap=r).only(
                "uuid", "kind", "format", "status", "progress", "created_at", "upload_name"
            )[:10],
            "tab": "documents",
        },
    )


@login_required
@require_GET
def document_download(request: HttpRequest, gov: str, roadmap: str, fmt: str) -> HttpResponse:
    """A document made at once; a big road map is sent to the job queue instead."""
    _government, r = _roadmap(request, gov, roadmap)
    fmt = _format(r, fmt)
    form = DocumentOptionsForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Pilihan cetak tidak valid; periksa isian di bawah."))
        return redirect(f"{reverse('reports:document-list', args=[gov, r.uuid])}?{request.GET.urlencode()}")
    if fmt in (F.DOCX, F.PDF, F.XLSX) and services.is_large(r):
        messages.info(request, _("Road map ini besar: tekan Siapkan, berkasnya dibuat di latar belakang."))
        return redirect("reports:document-list", gov=gov, roadmap=r.uuid)
    export = services.export_roadmap(r, fmt, form.options())
    return _attachment(export.content, export.filename, export.content_type)


@login_required
@require_POST
def job_create(request: HttpRequest, gov: str, roadmap: str, fmt: str) -> HttpResponse:
    """Queue an export; the job page shows its progress and then the download link."""
    _government, r = _roadmap(request, gov, roadmap)
    fmt = _format(r, fmt)
    form = DocumentOptionsForm(request.POST)
    options = form.options() if form.is_valid() else {}
    job = services.start_export(actor=request.user, roadmap=r, fmt=fmt, options=options)
    return redirect("reports:job-detail", gov=gov, roadmap=r.uuid, job=job.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """Upload a workbook: it is checked on the worker and previewed; nothing is written yet."""
    government, r = _roadmap(request, gov, roadmap, write=True)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.start_import(
            actor=request.user, roadmap=r, upload_name=upload.name, data=upload.read()
        )
        return redirect("reports:job-detail", gov=gov, roadmap=r.uuid, job=job.uuid)
    return render(
        request,
        "reports/import.html",
        {"government": government, "roadmap": r, "form": form, "can_edit": True, "tab": "documents"},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, gov: str, roadmap: str, job: str) -> HttpResponse:
    """Progress of a job (polled with htmx), then its download or the import preview."""
    government, r = _roadmap(request, gov, roadmap)
    obj = _job(request, r, job)
    context = {
        "government": government,
        "roadmap": r,
        "job": obj,
        "can_edit": _can_edit(request, r),
        "tab": "documents",
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reports/job.html#progress", context)
    return render(request, "reports/job.html", context)


@login_required
@require_GET
def job_download(request: HttpRequest, gov: str, roadmap: str, job: str) -> HttpResponse:
    _government, r = _roadmap(request, gov, roadmap)
    obj = _job(request, r, job)
    if obj.kind != ReportJob.Kind.EXPORT or obj.status != ReportJob.Status.DONE or not obj.result:
        raise Http404(_("Berkas ini belum siap."))
    return _attachment(bytes(obj.result), obj.result_name, services.CONTENT_TYPES[F(obj.format)])


@login_required
@require_POST
def import_apply(request: HttpRequest, gov: str, roadmap: str, job: str) -> HttpResponse:
    """Write a checked import into the road map, all or nothing."""
    _government, r = _roadmap(request, gov, roadmap, write=True)
    obj = _job(request, r, job, write=True)
    try:
        result = services.apply_import(actor=request.user, job=obj)
    except services.ImportNotReady as exc:
        messages.error(request, str(exc))
        return redirect("reports:job-detail", gov=gov, roadmap=r.uuid, job=obj.uuid)
    except roadmap_services.PlainApplyError as exc:
        for error in exc.errors:
            messages.error(request, error)
        return redirect("reports:job-detail", gov=gov, roadmap=r.uuid, job=obj.uuid)
    if result.changed:
        roadmap_hooks.content_changed(r)  # the clinic reviews the imported road map once, now
    actions = result.count("actions")
    messages.success(
        request,
        _("Impor diterapkan: %(created)s rencana aksi baru, %(updated)s diubah, %(deleted)s dihapus.")
        % {"created": actions.created, "updated": actions.updated, "deleted": actions.deleted},
    )
    return redirect("roadmaps:roadmap-detail", gov=gov, roadmap=r.uuid)
