"""The token pages: one's own tokens (``/akun/token/``) and, for the Bagian Organisasi, the tokens
of the people who hold a role in the government (``/g/<gov>/token-api/``), with revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import current_user, get_for_user, get_government, require_role
from petajalan.accounts.querysets import ADMIN
from petajalan.accounts.services import ServiceError
from petajalan.api import services
from petajalan.api.forms import TokenForm
from petajalan.api.models import ApiToken


def _own_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=current_user(request)).select_related("revoked_by")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """One's tokens with their last use; POST makes one and shows it once, on this response only."""
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.create_token(
                    actor=current_user(request),
                    user=current_user(request),
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"],
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 422
            else:
                form = TokenForm()
        else:
            status = 422
    response = render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": _own_tokens(request), "created": created},
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, api_token: str) -> HttpResponse:
    token = get_for_user(
        request, ApiToken.objects.filter(user=current_user(request)), write=True, uuid=api_token
    )
    services.revoke_token(actor=current_user(request), token=token)
    messages.success(request, _("Token «%(n)s» dicabut.") % {"n": token.name})
    return redirect("api:token-list")


def _government_tokens(government: Government) -> QuerySet[ApiToken]:
    people = Membership.objects.filter(government=government).values("user_id")
    return ApiToken.objects.filter(user_id__in=people).select_related("user", "revoked_by")


@login_required
@require_http_methods(["GET"])
def government_token_list(request: HttpRequest, gov: str) -> HttpResponse:
    """The Bagian Organisasi sees every token of the people with a role here."""
    government = get_government(request, gov)
    require_role(request, government, ADMIN)
    return render(
        request,
        "api/government_token_list.html",
        {"government": government, "tokens": _government_tokens(government)},
    )


@login_required
@require_POST
def government_token_revoke(request: HttpRequest, gov: str, api_token: str) -> HttpResponse:
    government = get_government(request, gov)
    require_role(request, government, ADMIN)
    token = get_for_user(request, _government_tokens(government), write=True, uuid=api_token)
    services.revoke_token(actor=current_user(request), token=token, government=government)
    messages.success(request, _("Token «%(n)s» milik %(u)s dicabut.") % {"n": token.name, "u": token.user})
    return redirect("api:government-token-list", gov=government.slug)
