"""Downloads of a quarter (PDF, DOCX, XLSX, CSV, the national portal's layout) and the spreadsheet
import of a report's realisation.

Permission first (``_get_report``): a report the user cannot see is 404; importing needs the right to
type its figures (403 otherwise). The city's downloads are for the Bagian Organisasi, leaders and
reviewers, and hold the reports the user may see. An import is checked, previewed and kept in the
session; *Setujui dan simpan semua* writes it all or nothing through ``services.save_realisation``.
Documents are rendered inline: a city quarter of 6,000 rows takes seconds, not minutes (the report
jobs of the reports app belong to road maps and their formats).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import get_for_user, get_government, require_role
from petajalan.accounts.querysets import ADMIN, LEADER, REVIEWER
from petajalan.monitoring import documents, spreadsheet
from petajalan.monitoring.models import QuarterReport

SESSION_KEY = "monitoring-import-%s"


def _get_report(
    request: HttpRequest, gov: str, report: str, *, write: bool = False
) -> tuple[Government, QuarterReport]:
    """The government and report in the URL: 404 when the user cannot see it; with ``write``, 403
    when they may not type its figures."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        QuarterReport.objects.select_related("government", "unit", "roadmap"),
        write=write,
        uuid=report,
        government=government,
    )
    return government, obj


def _format(fmt: str) -> str:
    if fmt not in documents.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    return fmt


def _attachment(export: documents.Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, gov: str, report: str, fmt: str) -> HttpResponse:
    """One report's quarter as PDF, DOCX, the XLSX to fill in, CSV, or the portal's layout."""
    _government, obj = _get_report(request, gov, report)
    return _attachment(documents.export_report(obj, _format(fmt)))


@login_required
@require_GET
def city_download(request: HttpRequest, gov: str, year: int, quarter: int, fmt: str) -> HttpResponse:
    """The city's quarter: every report the user may see, verified figures where verified."""
    government = get_government(request, gov)
    require_role(request, government, ADMIN, LEADER, REVIEWER)
    fmt = _format(fmt)
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404(_("Triwulan tidak dikenal."))
    reports = documents.city_reports(government, year, quarter, user=request.user)
    return _attachment(documents.export_city(government, year, quarter, fmt, reports))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel (.xlsx)"),
        help_text=gettext_lazy(
            "Unduh dulu berkas Excel laporan ini, isi kolom berwarna kuning, lalu unggah di sini."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheet.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext_lazy("Berkas lebih besar dari %(mb)s MB.")
                % {"mb": spreadsheet.MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


def _import_context(government: Government, report: QuarterReport, **extra: Any) -> dict[str, Any]:
    return {
        "government": government,
        "report": report,
        "detail_url": reverse(
            "monitoring:report-detail", kwargs={"gov": government.slug, "report": report.uuid}
        ),
        "xlsx_url": reverse(
            "monitoring:report-download",
            kwargs={"gov": government.slug, "report": report.uuid, "fmt": "xlsx"},
        ),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    """Upload the filled-in workbook: checked at once and previewed; nothing is written yet."""
    government, obj = _get_report(request, gov, report, write=True)
    refused = spreadsheet.refusal(obj)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    context = _import_context(government, obj, form=form, refused=refused)
    if request.method == "GET" or refused:
        return render(
            request,
            "monitoring/import_report.html",
            context,
            status=409 if refused and request.method == "POST" else 200,
        )
    if not form.is_valid():
        return render(request, "monitoring/import_report.html", context, status=400)
    upload = form.cleaned_data["file"]
    read = documents.engine().read_workbook(upload.read())
    check = spreadsheet.check_import(obj, read)
    key = SESSION_KEY % obj.uuid
    if not check.ok:
        request.session.pop(key, None)
        return render(
            request,
            "monitoring/import_report.html",
            {**context, "problems": check.problems, "name": upload.name},
            status=400,
        )
    request.session[key] = {"batch": check.batch, "name": upload.name[:200]}
    return render(
        request,
        "monitoring/import_report.html",
        {**context, "check": check, "name": upload.name, "confirm": bool(check.batch)},
    )


@login_required
@require_POST
def report_import_confirm(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    """Write the previewed import, all or nothing."""
    government, obj = _get_report(request, gov, report, write=True)
    key = SESSION_KEY % obj.uuid
    pending = request.session.get(key)
    import_url = reverse("monitoring:report-import", kwargs={"gov": government.slug, "report": obj.uuid})
    if not pending:
        messages.error(request, _("Tidak ada impor yang menunggu persetujuan. Unggah berkasnya lagi."))
        return redirect(import_url)
    try:
        changed = spreadsheet.apply_import(actor=request.user, report=obj, batch=pending["batch"])
    except spreadsheet.ImportRefused as exc:
        request.session.pop(key, None)
        messages.error(request, exc.message)
        return redirect(import_url)
    request.session.pop(key, None)
    messages.success(
        request,
        _("Impor diterapkan: %(n)s baris realisasi diubah dari %(name)s.")
        % {"n": changed, "name": pending["name"]},
    )
    return redirect("monitoring:report-detail", gov=government.slug, report=obj.uuid)
