"""The quarter page's workflow: quick wins delivered, submit, answer, return, verify, reopen, and an
action's weight in the roll-ups. Each view reaches the report through the same gate as the page
(``reports._get_report``) and renders the page again with the refusal on a service error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petajalan.accounts.models import User
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
from petajalan.monitoring.models import QuarterReport
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


def _step(
    request: HttpRequest,
    gov: str,
    report: str,
    *,
    need: str,
    form_class: type[forms.Form] | None,
    form_key: str,
    run: Callable[[User, QuarterReport, dict[str, Any]], object],
    done: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """One workflow step: the gate, the form, the service; the page again with the refusal (a
    field's own error next to it), or back to the page with ``done``'s message."""
    government, rep = _get_report(request, gov, report, need=need)
    form = form_class(request.POST) if form_class else None
    shown = {form_key: form} if form is not None else {}
    if form is not None and not form.is_valid():
        return _render_detail(request, government, rep, status=422, **shown)
    data = form.cleaned_data if form is not None else {}
    try:
        run(current_user(request), rep, data)
    except ServiceError as exc:
        if form is not None and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_detail(request, government, rep, status=422, **shown)
        return _render_detail(request, government, rep, status=422, workflow_error=exc.message, **shown)
    messages.success(request, done(data))
    return redirect(_detail_url(government, rep))


@login_required
@require_POST
def report_submit(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    return _step(
        request,
        gov,
        report,
        need=SUBMIT,
        form_class=SubmitForm,
        form_key="submit_form",
        run=lambda actor, rep, data: services.submit_report(
            actor=actor, report=rep, answer_note=data["answer_note"]
        ),
        done=lambda data: _("Laporan diajukan untuk diverifikasi."),
    )


@login_required
@require_POST
def report_answer(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    return _step(
        request,
        gov,
        report,
        need=WRITE,
        form_class=AnswerForm,
        form_key="answer_form",
        run=lambda actor, rep, data: services.answer_report(
            actor=actor, report=rep, note=data["answer_note"]
        ),
        done=lambda data: _("Tanggapan disimpan."),
    )


@login_required
@require_POST
def report_return(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    return _step(
        request,
        gov,
        report,
        need=VERIFY,
        form_class=ReturnForm,
        form_key="return_form",
        run=lambda actor, rep, data: services.return_report(actor=actor, report=rep, note=data["note"]),
        done=lambda data: _("Laporan dikembalikan kepada perangkat daerah dengan catatan."),
    )


@login_required
@require_POST
def report_verify(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    return _step(
        request,
        gov,
        report,
        need=VERIFY,
        form_class=None,
        form_key="",
        run=lambda actor, rep, data: services.verify_report(actor=actor, report=rep),
        done=lambda data: _("Laporan diverifikasi: angkanya kini dihitung dalam rekap."),
    )


@login_required
@require_POST
def report_reopen(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    return _step(
        request,
        gov,
        report,
        need=ADMIN_ONLY,
        form_class=ReopenForm,
        form_key="reopen_form",
        run=lambda actor, rep, data: services.reopen_report(
            actor=actor, report=rep, until=data["until"], reason=data["reason"]
        ),
        done=lambda data: (
            _("Laporan dibuka kembali sampai %(d)s.") % {"d": formatting.tanggal(data["until"], _lang())}
        ),
    )


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
