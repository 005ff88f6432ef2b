"""People and roles: the list with search, inviting, a person's page, changing and deactivating roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts import services
from petajalan.accounts.forms import InviteForm, MembershipForm, PeopleFilterForm
from petajalan.accounts.models import Government, Membership, User
from petajalan.accounts.permissions import get_for_user, get_government, require_role, roles_in
from petajalan.accounts.views import HtmxHttpRequest
from petajalan.accounts.views.units import admin_government

R = Membership.Role


def _add_service_error(form: Form, exc: services.ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _person(request: HttpRequest, government: Government, person: str, *, write: bool = False) -> User:
    people = User.objects.filter(
        Exists(Membership.objects.filter(user_id=OuterRef("pk"), government=government))
    )
    return get_for_user(request, people, write=write, uuid=person)


PEOPLE_PAGE_SIZE = 100


@login_required
@require_GET
def people_list(request: HtmxHttpRequest, gov: str) -> HttpResponse:
    """Everyone with a role in the government, for its admins and leaders."""
    government = get_government(request, gov)
    require_role(request, government, R.ADMIN, R.LEADER)
    form = PeopleFilterForm(request.GET or None, government=government)
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(government=government)
        .for_people_list()
        .order_by("user__full_name", "role")
    )
    if form.is_valid():
        memberships = memberships.search(form.cleaned_data["q"])
        if form.cleaned_data["role"]:
            memberships = memberships.filter(role=form.cleaned_data["role"])
        if form.cleaned_data["unit"]:
            unit = form.cleaned_data["unit"]
            memberships = memberships.filter(unit=unit) | memberships.filter(reviewed_units=unit)
            memberships = memberships.distinct()
        if form.cleaned_data["status"] == "aktif":
            memberships = memberships.filter(is_active=True, user__is_active=True)
        elif form.cleaned_data["status"] == "nonaktif":
            memberships = memberships.exclude(is_active=True, user__is_active=True)
    page = Paginator(memberships, PEOPLE_PAGE_SIZE).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "government": government,
        "memberships": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "form": form,
        "can_edit": R.ADMIN in roles_in(request.user, government),
    }
    if request.htmx:
        return render(request, "accounts/people_list.html#results", context)
    return render(request, "accounts/people_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request: HttpRequest, gov: str) -> HttpResponse:
    government = admin_government(request, gov)
    initial = {"unit": request.GET.get("unit")} if request.GET.get("unit") else None
    form = InviteForm(
        request.POST if request.method == "POST" else None, government=government, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.invite_person(
                actor=request.user,
                government=government,
                email=data["email"],
                full_name=data["full_name"],
                nip=data["nip"],
                position=data["position"],
                role=data["role"],
                unit=data["unit"],
                reviewed_units=data["reviewed_units"],
                base_url=request.build_absolute_uri("/"),
            )
        except services.ServiceError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Undangan untuk %(email)s dikirim; peran %(role)s sudah diberikan.")
                % {"email": membership.user.email, "role": membership.get_role_display()},
            )
            return redirect("accounts:person-detail", gov=government.slug, person=membership.user.uuid)
    return render(request, "accounts/person_invite.html", {"government": government, "form": form})


@login_required
@require_GET
def person_detail(request: HttpRequest, gov: str, person: str) -> HttpResponse:
    government = admin_government(request, gov)
    user = _person(request, government, person)
    return _person_page(request, government, user, MembershipForm(government=government))


def _person_page(
    request: HttpRequest, government: Government, user: User, form: MembershipForm
) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user=user, government=government)
        .select_related("unit")
        .prefetch_related("reviewed_units")
        .order_by("-is_active", "role")
    )
    return render(
        request,
        "accounts/person_detail.html",
        {
            "government": government,
            "person": user,
            "memberships": memberships,
            "has_active": any(m.is_active for m in memberships),
            "form": form,
        },
        status=200 if not form.errors else 400,
    )


@login_required
@require_POST
def membership_add(request: HttpRequest, gov: str, person: str) -> HttpResponse:
    government = admin_government(request, gov)
    user = _person(request, government, person, write=True)
    form = MembershipForm(request.POST, government=government)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.invite_person(
                actor=request.user,
                government=government,
                email=user.email,
                full_name=user.full_name,
                role=data["role"],
                unit=data["unit"],
                reviewed_units=data["reviewed_units"],
                base_url=request.build_absolute_uri("/"),
            )
        except services.ServiceError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(
                request, _("Peran %(role)s ditambahkan.") % {"role": membership.get_role_display()}
            )
            return redirect("accounts:person-detail", gov=government.slug, person=user.uuid)
    return _person_page(request, government, user, form)


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, gov: str, membership: str) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(
        request,
        Membership.objects.select_related("user", "unit", "government"),
        write=True,
        uuid=membership,
        government=government,
    )
    initial = {
        "role": obj.role,
        "unit": obj.unit.uuid if obj.unit else None,
        "reviewed_units": [u.uuid for u in obj.reviewed_units.all()],
    }
    form = MembershipForm(
        request.POST if request.method == "POST" else None, government=government, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_membership(
                actor=request.user,
                membership=obj,
                role=data["role"],
                unit=data["unit"],
                reviewed_units=data["reviewed_units"],
            )
        except services.ServiceError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("Peran diubah."))
            return redirect("accounts:person-detail", gov=government.slug, person=obj.user.uuid)
    return render(
        request, "accounts/membership_form.html", {"government": government, "membership": obj, "form": form}
    )


@login_required
@require_POST
def membership_set_active(request: HttpRequest, gov: str, membership: str, active: bool) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(
        request,
        Membership.objects.select_related("user", "unit", "government"),
        write=True,
        uuid=membership,
        government=government,
    )
    try:
        services.set_membership_active(actor=request.user, membership=obj, is_active=active)
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Peran diaktifkan kembali.") if active else _("Peran dinonaktifkan."))
    return redirect("accounts:person-detail", gov=government.slug, person=obj.user.uuid)


@login_required
@require_POST
def person_set_active(request: HttpRequest, gov: str, person: str, active: bool) -> HttpResponse:
    government = admin_government(request, gov)
    user = _person(request, government, person, write=True)
    try:
        changed = services.set_person_active(
            actor=request.user, government=government, user=user, is_active=active
        )
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("%(n)s peran diaktifkan kembali.") % {"n": changed})
        else:
            messages.success(
                request,
                _("%(name)s dinonaktifkan di %(gov)s.") % {"name": user.full_name, "gov": government.name},
            )
    return redirect("accounts:person-detail", gov=government.slug, person=user.uuid)


@login_required
@require_POST
def person_resend(request: HttpRequest, gov: str, person: str) -> HttpResponse:
    government = admin_government(request, gov)
    user = _person(request, government, person, write=True)
    try:
        services.resend_invitation(
            actor=request.user, government=government, user=user, base_url=request.build_absolute_uri("/")
        )
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Undangan dikirim ulang ke %(email)s.") % {"email": user.email})
    return redirect("accounts:person-detail", gov=government.slug, person=user.uuid)
