"""Coaching sessions: list, plan, run (attendance, materials, consultations) and download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Membership, Unit
from petajalan.accounts.permissions import get_for_user, get_government, require_role, roles_in
from petajalan.accounts.services import ServiceError
from petajalan.clinic import documents, services
from petajalan.clinic.forms import ConsultationForm, ImportForm, MaterialForm, ParticipantForm, SessionForm
from petajalan.clinic.models import ClinicSession, Consultation, FollowUp, Material, Participant
from petajalan.clinic.querysets import coached_units

R = Membership.Role


def _session(request: HttpRequest, gov: str, session: str, *, write: bool = False) -> ClinicSession:
    government = get_government(request, gov)
    return get_for_user(
        request, ClinicSession.objects.filter(government=government), write=write, uuid=session
    )


def _coachable_units(request: HttpRequest, session: ClinicSession) -> Any:
    """Units the user may write consultation notes for: all (admin) or the ones they coach."""
    units = Unit.objects.filter(government=session.government, is_active=True).order_by("name")
    if request.user.is_superuser or R.ADMIN in roles_in(request.user, session.government):
        return units
    return units.filter(pk__in=coached_units(request.user))


def _detail_context(request: HttpRequest, session: ClinicSession, **forms: Any) -> dict[str, Any]:
    government = session.government
    roles = roles_in(request.user, government)
    can_edit = ClinicSession.objects.editable_by(request.user).filter(pk=session.pk).exists()
    can_consult = bool(roles & {R.ADMIN, R.REVIEWER})
    participants = list(session.participants.select_related("unit").order_by("unit_name", "name"))
    consultations = (
        Consultation.objects.visible_to(request.user)
        .filter(session=session)
        .select_related("unit", "coach")
        .prefetch_related("follow_ups")
    )
    context = {
        "government": government,
        "session": session,
        "participants": participants,
        "present_count": sum(p.is_present for p in participants),
        "materials": session.materials.select_related("item"),
        "invited": session.invited_units.order_by("name"),
        "consultations": consultations,
        "can_edit": can_edit,
        "can_consult": can_consult,
        "can_download": bool(roles & {R.ADMIN, R.REVIEWER}),
    }
    if can_edit:
        context["participant_form"] = forms.get("participant_form") or ParticipantForm(government=government)
        context["import_form"] = forms.get("import_form") or ImportForm()
        context["material_form"] = forms.get("material_form") or MaterialForm()
    if can_consult:
        context["consultation_form"] = forms.get("consultation_form") or ConsultationForm(
            units=_coachable_units(request, session)
        )
    return context


@login_required
@require_GET
def session_list(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    sessions = ClinicSession.objects.visible_to(request.user).filter(government=government).for_list()
    can_edit = R.ADMIN in roles_in(request.user, government)
    return render(
        request,
        "clinic/session_list.html",
        {"government": government, "sessions": sessions, "can_edit": can_edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov, write=True)
    form = SessionForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invited = list(data["invited_units"]) or list(
            Unit.objects.filter(government=government, is_active=True)
        )
        session = services.create_session(
            actor=request.user,
            government=government,
            title=data["title"],
            held_on=data["held_on"],
            place=data["place"],
            speakers=data["speakers"],
            agenda=data["agenda"],
            invited_units=invited,
        )
        messages.success(request, _("Sesi coaching clinic dibuat."))
        return redirect("clinic:session-detail", gov=government.slug, session=session.uuid)
    return render(request, "clinic/session_form.html", {"government": government, "form": form})


@login_required
@require_GET
def session_detail(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session)
    return render(request, "clinic/session_detail.html", _detail_context(request, obj))


@login_required
@require_POST
def participant_add(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session, write=True)
    form = ParticipantForm(request.POST, government=obj.government)
    if not form.is_valid():
        return render(
            request,
            "clinic/session_detail.html",
            _detail_context(request, obj, participant_form=form),
            status=400,
        )
    data = form.cleaned_data
    services.add_participant(
        actor=request.user,
        session=obj,
        name=data["name"],
        nip=data["nip"],
        position=data["position"],
        unit=data["unit"],
        is_present=data["is_present"],
    )
    messages.success(request, _("Peserta %(n)s ditambahkan.") % {"n": data["name"]})
    return redirect("clinic:session-detail", gov=gov, session=obj.uuid)


@login_required
@require_POST
def participant_checkin(request: HttpRequest, gov: str, session: str, participant: str) -> HttpResponse:
    obj = _session(request, gov, session)
    person = get_for_user(request, Participant.objects.filter(session=obj), write=True, uuid=participant)
    person = services.set_presence(
        actor=request.user, participant=person, is_present=request.POST.get("hadir") == "1"
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "clinic/session_detail.html#participant-row",
            {"p": person, "session": obj, "government": obj.government, "can_edit": True},
        )
    return redirect("clinic:session-detail", gov=gov, session=obj.uuid)


@login_required
@require_POST
def participant_import(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session, write=True)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "clinic/session_detail.html", _detail_context(request, obj, import_form=form), status=400
        )
    report = services.import_participants(actor=request.user, session=obj, file=form.cleaned_data["file"])
    if report.errors:
        for error in report.errors:
            form.add_error("file", error)
        return render(
            request, "clinic/session_detail.html", _detail_context(request, obj, import_form=form), status=400
        )
    messages.success(
        request,
        _("Impor selesai: %(c)s peserta baru, %(h)s ditandai hadir.")
        % {"c": report.created, "h": report.checked_in},
    )
    return redirect("clinic:session-detail", gov=gov, session=obj.uuid)


@login_required
@require_POST
def material_upload(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session, write=True)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "clinic/session_detail.html",
            _detail_context(request, obj, material_form=form),
            status=400,
        )
    try:
        services.add_material(
            actor=request.user, session=obj, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
        )
    except ServiceError as exc:
        form.add_error("file", exc.message)
        return render(
            request,
            "clinic/session_detail.html",
            _detail_context(request, obj, material_form=form),
            status=400,
        )
    messages.success(request, _("Materi diunggah dan disimpan di bank data dukung."))
    return redirect("clinic:session-detail", gov=gov, session=obj.uuid)


@login_required
@require_GET
def material_download(request: HttpRequest, gov: str, session: str, material: str) -> HttpResponseBase:
    obj = _session(request, gov, session)
    item = get_for_user(
        request, Material.objects.filter(session=obj).select_related("item__current"), uuid=material
    )
    if item.item is not None and item.item.current is not None:
        return redirect(
            "evidence:file-download", gov=gov, item=item.item.uuid, number=item.item.current.number
        )
    if not item.file:
        raise Http404(_("Berkas materi tidak ditemukan."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Berkas materi tidak ditemukan.")) from exc
    return FileResponse(handle, as_attachment=True, filename=(item.file.name or "materi").rsplit("/", 1)[-1])


@login_required
@require_POST
def consultation_create(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session)
    require_role(request, obj.government, R.ADMIN, R.REVIEWER)
    form = ConsultationForm(request.POST, units=_coachable_units(request, obj))
    if not form.is_valid():
        return render(
            request,
            "clinic/session_detail.html",
            _detail_context(request, obj, consultation_form=form),
            status=400,
        )
    data = form.cleaned_data
    services.record_consultation(
        actor=request.user, session=obj, unit=data["unit"], notes=data["notes"], follow_ups=data["follow_ups"]
    )
    messages.success(request, _("Catatan konsultasi untuk %(u)s disimpan.") % {"u": data["unit"]})
    return redirect("clinic:session-detail", gov=gov, session=obj.uuid)


@login_required
@require_POST
def followup_done(request: HttpRequest, gov: str, follow_up: str) -> HttpResponse:
    government = get_government(request, gov)
    item = get_for_user(request, FollowUp.objects.filter(government=government), write=True, uuid=follow_up)
    services.complete_follow_up(
        actor=request.user, follow_up=item, is_done=request.POST.get("selesai", "1") == "1"
    )
    messages.success(
        request, _("Tindak lanjut ditandai selesai.") if item.is_done else _("Tindak lanjut dibuka kembali.")
    )
    target = request.POST.get("next") or ""
    if target.startswith(f"/g/{government.slug}/"):
        return redirect(target)
    return redirect("accounts:government-home", gov=government.slug)


def _may_download(request: HttpRequest, session: ClinicSession) -> None:
    if not roles_in(request.user, session.government) & {R.ADMIN, R.REVIEWER}:
        raise PermissionDenied(_("Daftar hadir dan laporan diunduh oleh Bagian Organisasi atau pendamping."))


@login_required
@require_GET
def attendance_download(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session)
    _may_download(request, obj)
    response = HttpResponse(
        documents.attendance_xlsx(obj),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{obj.held_on.isoformat()}.xlsx"'
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, gov: str, session: str) -> HttpResponse:
    obj = _session(request, gov, session)
    _may_download(request, obj)
    response = HttpResponse(
        documents.session_report_docx(obj),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-coaching-clinic-{obj.held_on.isoformat()}.docx"'
    )
    return response
