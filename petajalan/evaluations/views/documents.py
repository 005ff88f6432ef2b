"""Downloads of a cycle (the internal evaluation report as PDF or DOCX, the answers as XLSX), the
evaluator packet (a streamed ZIP of the evidence linked to the answers, foldered by the worksheet's
numbering) and the spreadsheet import of self answers.

Permission first (``_get_cycle``): a cycle of another government is 404. Everyone with a role in
the government downloads (the answers are internal to it); importing needs the right to answer at
least one item (the Bagian Organisasi, or a unit's drafter and head for their unit's items; 403
otherwise). An import is checked, previewed and kept in the session (server-side, as the
monitoring import); *Setujui dan simpan semua* writes it all or nothing through
``services.answer_self``. The documents are rendered inline: a cycle is about sixty rows, a second
of work, not a job for the task worker (the report jobs of the reports app belong to road maps).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import current_user, get_for_user, get_government
from petajalan.accounts.services import ServiceError
from petajalan.evaluations import hooks
from petajalan.evaluations.models import Answer, Cycle
from petajalan.evidence import targets
from petajalan.evidence.models import Link
from petajalan.evidence.packet import packet_entries, packet_filename, stream_packet
from petajalan.monitoring.views import documents as monitoring_views

SESSION_KEY = "evaluations-import-%s"
C = "siklus/<uuid:cycle>/"


def _get_cycle(request: HttpRequest, gov: str, cycle: str) -> tuple[Government, Cycle]:
    """The government and cycle in the URL, 404 when the user has no role there."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        Cycle.objects.select_related("government", "worksheet", "bands"),
        uuid=cycle,
        government=government,
    )
    return government, obj


def _get_cycle_to_answer(request: HttpRequest, gov: str, cycle: str) -> tuple[Government, Cycle]:
    """As ``_get_cycle``, and 403 unless the user may answer at least one of its items."""
    government, obj = _get_cycle(request, gov, cycle)
    if not Answer.objects.editable_by(request.user).filter(cycle=obj).exists():
        raise PermissionDenied(_("Anda hanya dapat melihat evaluasi ini, tidak mengisi jawabannya."))
    return government, obj


def cycle_url(government: Government, cycle: Cycle) -> str:
    return reverse("evaluations:cycle-detail", kwargs={"gov": government.slug, "cycle": cycle.uuid})


@login_required
@require_GET
def cycle_download(request: HttpRequest, gov: str, cycle: str, fmt: str) -> HttpResponse:
    """The internal evaluation report (pdf, docx) or the answers workbook (xlsx)."""
    _government, obj = _get_cycle(request, gov, cycle)
    if fmt not in hooks.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    export = hooks.export(obj, fmt, user=request.user)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@login_required
@require_GET
def cycle_packet(request: HttpRequest, gov: str, cycle: str) -> StreamingHttpResponse:
    """The evidence of every answer of the cycle (as far as the user may read it), one folder per
    criterion in the worksheet's order, through the evidence bank's packet."""
    government, obj = _get_cycle(request, gov, cycle)
    kind = Link.TargetKind.CRITERION_ANSWER
    pairs = [(str(kind), str(pk)) for pk in obj.answers.order_by("order").values_list("pk", flat=True)]
    links = (
        Link.objects.visible_to(request.user)
        .filter(government=government, target_kind=kind, target_id__in=[pk for _kind, pk in pairs])
        .select_related("item", "item__unit", "version", "version__blob")
    )
    entries = packet_entries(links, targets.resolve(pairs))
    title = _("Data dukung evaluasi RB %(year)s %(gov)s") % {"year": obj.year, "gov": government.name}
    response = StreamingHttpResponse(stream_packet(entries, title=title), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{packet_filename(title)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class UploadForm(monitoring_views.UploadForm):
    """The monitoring import's upload field (same size limit), with this workbook's words."""

    file = forms.FileField(
        label=gettext_lazy("Berkas Excel jawaban (.xlsx)"),
        help_text=gettext_lazy(
            "Unduh dulu berkas Excel jawaban, isi kolom berwarna kuning, lalu unggah di sini."
        ),
    )


def _page(
    request: HttpRequest, government: Government, cycle: Cycle, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "government": government,
        "cycle": cycle,
        "cycle_url": cycle_url(government, cycle),
        "xlsx_url": reverse(
            "evaluations:cycle-download", kwargs={"gov": government.slug, "cycle": cycle.uuid, "fmt": "xlsx"}
        ),
        **extra,
    }
    return render(request, "evaluations/documents_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_import(request: HttpRequest, gov: str, cycle: str) -> HttpResponse:
    """Upload the filled-in answers workbook: checked at once and previewed; nothing is written yet."""
    government, obj = _get_cycle_to_answer(request, gov, cycle)
    engine = hooks.engine()
    refused = engine.import_refusal(obj, request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "GET" or refused:
        return _page(
            request,
            government,
            obj,
            409 if refused and request.method == "POST" else 200,
            form=form,
            refused=refused,
        )
    if not form.is_valid():
        return _page(request, government, obj, 400, form=form)
    upload = form.cleaned_data["file"]
    check = engine.check_import(obj, upload.read(), request.user)
    key = SESSION_KEY % obj.uuid
    if not check.ok:
        request.session.pop(key, None)
        return _page(request, government, obj, 400, form=form, problems=check.problems, name=upload.name)
    request.session[key] = {"batch": check.batch, "name": upload.name[:200]}
    return _page(request, government, obj, form=form, check=check, name=upload.name)


@login_required
@require_POST
def cycle_import_confirm(request: HttpRequest, gov: str, cycle: str) -> HttpResponse:
    """Write the previewed import, all or nothing."""
    government, obj = _get_cycle_to_answer(request, gov, cycle)
    key = SESSION_KEY % obj.uuid
    pending = request.session.pop(key, None)
    import_url = reverse("evaluations:cycle-import", kwargs={"gov": government.slug, "cycle": obj.uuid})
    if not pending:
        messages.error(request, _("Tidak ada impor yang menunggu persetujuan. Unggah berkasnya lagi."))
        return redirect(import_url)
    user = current_user(request)
    try:
        changed = hooks.engine().apply_import(actor=user, cycle=obj, batch=pending["batch"], user=user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(import_url)
    messages.success(
        request,
        _("Impor diterapkan: %(n)s jawaban diubah dari %(name)s.") % {"n": changed, "name": pending["name"]},
    )
    return redirect(cycle_url(government, obj))


routes: list[URLPattern] = [
    path(C + "unduh.<slug:fmt>", cycle_download, name="cycle-download"),
    path(C + "paket-data-dukung.zip", cycle_packet, name="cycle-packet"),
    path(C + "impor/", cycle_import, name="cycle-import"),
    path(C + "impor/konfirmasi/", cycle_import_confirm, name="cycle-import-confirm"),
]
