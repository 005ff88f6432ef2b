"""The quarter page's workflow: quick wins delivered, submit, answer, return, verify, reopen, and an
action's weight in the roll-ups. Each view reaches the report through the same gate as the page
(``reports._get_report``) and renders the page again with the refusal on a service error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petajalan.accounts.permissions import current_user, get_for_user, get_government, require_role
from petajalan.accounts.querysets import ADMIN
from petajalan.accounts.services import ServiceError
from petajalan.lib import formatting
from petajalan.monitoring import services
from petajalan.monitoring.forms import (
    AnswerForm,
    DeliveryForm,
    ReopenForm,
    ReturnForm,
    SubmitForm,
    WeightForm,
)
from petajalan.monitoring.views.reports import (
    ADMIN_ONLY,
    SUBMIT,
    VERIFY,
    WRITE,
    _detail_url,
    _get_report,
    _lang,
    _render_detail,
)
from petajalan.roadmaps.models import Action, QuickWin
from petajalan.roadmaps.templatetags.roadmap_tags import nilai


@login_required
@require_POST
def delivery_edit(request: HttpRequest, gov: str, report: str, quick_win: int) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=WRITE)
    try:
        win = QuickWin.objects.get(pk=quick_win, roadmap_id=rep.roadmap_id)
    except QuickWin.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    form = DeliveryForm(request.POST, prefix=f"qw{win.pk}")
    back = f"{_detail_url(government, rep)}#qw{win.pk}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{win.title}: {error}")
        return redirect(back)
    try:
        services.record_delivery(
            actor=current_user(request), report=rep, quick_win=win, data=form.cleaned_data
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Quick win «%(t)s» dicatat.") % {"t": win.title})
    return redirect(back)


# Workflow -------------------------------------------------------------------------------------


@login_required
@require_POST
def report_submit(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=SUBMIT)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.submit_report(
                actor=current_user(request), report=rep, answer_note=form.cleaned_data["answer_note"]
            )
        except ServiceError as exc:
            return _render_detail(
                request, government, rep, status=422, submit_form=form, workflow_error=exc.message
            )
        messages.success(request, _("Laporan diajukan untuk diverifikasi."))
        return redirect(_detail_url(government, rep))
    return _render_detail(request, government, rep, status=422, submit_form=form)


@login_required
@require_POST
def report_answer(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=WRITE)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_report(
                actor=current_user(request), report=rep, note=form.cleaned_data["answer_note"]
            )
        except ServiceError as exc:
            return _render_detail(
                request, government, rep, status=422, answer_form=form, workflow_error=exc.message
            )
        messages.success(request, _("Tanggapan disimpan."))
        return redirect(_detail_url(government, rep))
    return _render_detail(request, government, rep, status=422, answer_form=form)


@login_required
@require_POST
def report_return(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=VERIFY)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(actor=current_user(request), report=rep, note=form.cleaned_data["note"])
        except ServiceError as exc:
            return _render_detail(
                request, government, rep, status=422, return_form=form, workflow_error=exc.message
            )
        messages.success(request, _("Laporan dikembalikan kepada perangkat daerah dengan catatan."))
        return redirect(_detail_url(government, rep))
    return _render_detail(request, government, rep, status=422, return_form=form)


@login_required
@require_POST
def report_verify(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=VERIFY)
    try:
        services.verify_report(actor=current_user(request), report=rep)
    except ServiceError as exc:
        return _render_detail(request, government, rep, status=422, workflow_error=exc.message)
    messages.success(request, _("Laporan diverifikasi: angkanya kini dihitung dalam rekap."))
    return redirect(_detail_url(government, rep))


@login_required
@require_POST
def report_reopen(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report, need=ADMIN_ONLY)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_report(
                actor=current_user(request),
                report=rep,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                return _render_detail(request, government, rep, status=422, reopen_form=form)
            return _render_detail(
                request, government, rep, status=422, reopen_form=form, workflow_error=exc.message
            )
        messages.success(
            request,
            _("Laporan dibuka kembali sampai %(d)s.")
            % {"d": formatting.tanggal(form.cleaned_data["until"], _lang())},
        )
        return redirect(_detail_url(government, rep))
    return _render_detail(request, government, rep, status=422, reopen_form=form)


@login_required
@require_POST
def weight_edit(request: HttpRequest, gov: str, action: int) -> HttpResponse:
    """An action's weight in the roll-ups (admin); back to the page it was set from."""
    government = get_government(request, gov)
    obj = get_for_user(request, Action.objects.select_related("roadmap"), pk=action, government=government)
    require_role(request, government, ADMIN)
    form = WeightForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse(
            "monitoring:roadmap-quarters", kwargs={"gov": government.slug, "roadmap": obj.roadmap.uuid}
        )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("weight", [])))
        return redirect(target)
    try:
        services.set_weight(actor=current_user(request), action=obj, weight=form.cleaned_data["weight"])
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bobot disimpan: %(w)s.") % {"w": nilai(form.cleaned_data["weight"])})
    return redirect(target)
