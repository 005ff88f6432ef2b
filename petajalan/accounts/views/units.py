"""Units (OPD): the list with search, the detail page, and the admin's add, edit and deactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts import services
from petajalan.accounts.forms import UnitFilterForm, UnitForm
from petajalan.accounts.models import Government, Membership, Unit
from petajalan.accounts.permissions import get_for_user, get_government, require_role, roles_in
from petajalan.accounts.views import HtmxHttpRequest

ADMIN = Membership.Role.ADMIN


def admin_government(request: HttpRequest, gov: str) -> Government:
    """The government in the URL for a write by its Bagian Organisasi: 404 outside, 403 for other roles."""
    government = get_government(request, gov)
    require_role(request, government, ADMIN)
    return government


@login_required
@require_GET
def unit_list(request: HtmxHttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    form = UnitFilterForm(request.GET or None)
    units = Unit.objects.visible_to(request.user).filter(government=government).for_list()
    if form.is_valid():
        units = units.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            units = units.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            units = units.filter(is_active=form.cleaned_data["status"] == "aktif")
    context = {
        "government": government,
        "units": units,
        "form": form,
        "can_edit": ADMIN in roles_in(request.user, government),
    }
    if request.htmx:
        return render(request, "accounts/unit_list.html#results", context)
    return render(request, "accounts/unit_list.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, gov: str, unit: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = get_for_user(request, Unit.objects.select_related("parent"), uuid=unit, government=government)
    memberships = (
        Membership.objects.visible_to(request.user).filter(unit=obj, is_active=True).select_related("user")
    )
    reviewers = (
        Membership.objects.visible_to(request.user)
        .filter(reviewed_units=obj, is_active=True)
        .select_related("user")
    )
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "government": government,
            "unit": obj,
            "memberships": memberships,
            "reviewers": reviewers,
            "can_edit": Unit.objects.editable_by(request.user).filter(pk=obj.pk).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, gov: str) -> HttpResponse:
    government = admin_government(request, gov)
    form = UnitForm(request.POST if request.method == "POST" else None, government=government)
    if request.method == "POST" and form.is_valid():
        unit = services.create_unit(actor=request.user, government=government, data=form.cleaned_data)
        messages.success(request, _("Perangkat daerah %(name)s ditambahkan.") % {"name": unit.name})
        return redirect("accounts:unit-detail", gov=government.slug, unit=unit.uuid)
    return render(request, "accounts/unit_form.html", {"government": government, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, gov: str, unit: str) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(request, Unit.objects.all(), write=True, uuid=unit, government=government)
    form = UnitForm(request.POST if request.method == "POST" else None, instance=obj, government=government)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(
                actor=request.user,
                unit=obj,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version") or 0,
            )
        except services.StaleEdit as exc:
            stale = _stale_changes(exc.current, form)
            # The next save is made knowingly over the other person's version.
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = UnitForm(data, instance=exc.current, government=government)
            form.is_valid()
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("accounts:unit-detail", gov=government.slug, unit=obj.uuid)
    return render(
        request,
        "accounts/unit_form.html",
        {"government": government, "form": form, "unit": obj, "stale": stale},
        status=409 if stale else 200,
    )


def _stale_changes(current: Unit, form: UnitForm) -> list[dict[str, str]]:
    """The fields where the saved row differs from what this person typed."""
    rows = []
    for name in services.UNIT_FIELDS:
        theirs = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if (theirs or "") != (mine or ""):
            rows.append(
                {
                    "label": str(form.fields[name].label),
                    "theirs": str(theirs or "—"),
                    "mine": str(mine or "—"),
                }
            )
    return rows


@login_required
@require_POST
def unit_set_active(request: HttpRequest, gov: str, unit: str, active: bool) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(request, Unit.objects.all(), write=True, uuid=unit, government=government)
    services.set_unit_active(actor=request.user, unit=obj, is_active=active)
    if active:
        messages.success(request, _("%(name)s aktif kembali.") % {"name": obj.name})
    else:
        messages.success(request, _("%(name)s dinonaktifkan.") % {"name": obj.name})
    return redirect("accounts:unit-detail", gov=government.slug, unit=obj.uuid)
