"""A province hosting its kab/kota: the roll-up page of a province government, and a kab/kota admin's
grant of coach (reviewer) rights over chosen units to a person of its province.

The roll-up answers 404 under a kab/kota's address (the page exists only for a province) and shows
each child's figures without opening any of its pages: a child's name links to its home page only
for a person who also holds a role there, where the child's own permission gate takes over.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import current_user, get_government, require_role
from petajalan.accounts.services import ServiceError
from petajalan.lib import charts
from petajalan.province import services
from petajalan.province.forms import CoachGrantForm
from petajalan.province.rollup import province_rollup

R = Membership.Role
READERS = (R.ADMIN, R.LEADER, R.REVIEWER)


@login_required
@require_GET
def rollup_page(request: HttpRequest, gov: str) -> HttpResponse:
    """One row per kab/kota: road maps by status, the enacted government road map, the last closed
    quarter's verified reports and achievement, and the last evaluation's verified and official
    indices, with a chart of the achievements."""
    province = get_government(request, gov)
    if province.kind != Government.Kind.PROVINSI:
        raise Http404(_("Halaman ini untuk pemerintah provinsi."))
    require_role(request, province, *READERS)
    data = province_rollup(province, current_user(request), timezone.localdate())
    chart = ""
    if data.rows:
        # drawn by lib.charts, which escapes every text it prints
        chart = mark_safe(
            charts.horizontal_bars(
                [row.bar() for row in data.rows],
                title=_("Capaian terverifikasi per kabupaten/kota"),
                thresholds=data.thresholds,
                width=440,
                label_width=0,
            )
        )
    return render(request, "province/rollup.html", {"government": province, "data": data, "chart": chart})


def _coaches(child: Government, province: Government) -> list[Membership]:
    """Reviewer roles in ``child`` held by people with a role (any, even past) in ``province``."""
    in_province = Membership.objects.filter(user_id=OuterRef("user_id"), government=province)
    return list(
        Membership.objects.filter(government=child, role=R.REVIEWER)
        .filter(Exists(in_province))
        .select_related("user")
        .prefetch_related("reviewed_units")
        .order_by("-is_active", "user__full_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def coach_grant(request: HttpRequest, gov: str) -> HttpResponse:
    """The kab/kota admin gives a person of the parent province coach rights over chosen units."""
    child = get_government(request, gov)
    require_role(request, child, R.ADMIN)
    if child.parent_id is None:
        raise Http404(_("Pemerintah daerah ini tidak terhubung ke provinsi."))
    province = Government.objects.only("name", "slug", "kind").get(pk=child.parent_id)
    form = CoachGrantForm(request.POST if request.method == "POST" else None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.grant_coach(
                actor=request.user,
                child=child,
                coach=data["coach"],
                units=data["reviewed_units"],
                base_url=request.build_absolute_uri("/"),
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            units = ", ".join(u.short_name for u in membership.reviewed_units.all())
            messages.success(
                request,
                _("%(name)s kini pendamping %(units)s.")
                % {"name": membership.user.full_name, "units": units},
            )
            return redirect("province:coach-grant", gov=child.slug)
    return render(
        request,
        "province/coach_grant.html",
        {"government": child, "province": province, "form": form, "coaches": _coaches(child, province)},
        status=400 if form.errors else 200,
    )
