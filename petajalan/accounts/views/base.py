"""Log in and out, the profile, choosing a password, and a government's home page."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts import home as home_registry
from petajalan.accounts.audit import record
from petajalan.accounts.forms import LoginForm, PasswordChooseForm
from petajalan.accounts.models import AuditEvent, Membership
from petajalan.accounts.permissions import current_user, get_government, roles_in


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid() and form.user is not None:
            login(request, form.user)
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
                target = ""
            return redirect(target or "home")
        if form.non_field_errors():
            record(
                actor=None,
                action=AuditEvent.Action.LOGIN_FAILED,
                object_type="accounts.user",
                summary=(request.POST.get("identifier") or "")[:100],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=current_user(request), is_active=True)
        .select_related("government", "unit")
        .prefetch_related("reviewed_units")
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an invitation or a reset e-mail."""

    template_name = "accounts/password_set.html"
    form_class = PasswordChooseForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: PasswordChooseForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        record(
            actor=form.user,
            action=AuditEvent.Action.PASSWORD,
            obj=form.user,
            summary="password set from e-mail link",
        )
        return response


@login_required
@require_GET
def government_home(request: HttpRequest, gov: str) -> HttpResponse:
    """What this person must do next in this government."""
    government = get_government(request, gov)
    roles = roles_in(request.user, government)
    memberships = (
        Membership.objects.filter(user=current_user(request), government=government, is_active=True)
        .select_related("unit")
        .prefetch_related("reviewed_units")
    )
    steps = home_registry.next_steps(request, government, roles)
    return render(
        request,
        "accounts/government_home.html",
        {
            "government": government,
            "roles": roles,
            "memberships": memberships,
            "steps": steps,
        },
    )
