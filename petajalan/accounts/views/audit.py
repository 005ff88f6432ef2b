"""The audit log screen: every write, newest first, filtered and paginated."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from petajalan.accounts.forms import AuditFilterForm
from petajalan.accounts.models import AuditEvent
from petajalan.accounts.views import HtmxHttpRequest
from petajalan.accounts.views.units import admin_government

PAGE_SIZE = 50
# Bookkeeping fields that change with every write and tell the reader nothing.
HIDDEN_FIELDS = {"updated_at", "created_at", "uuid", "version", "last_login"}


def _type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


def _field_label(label: str, name: str) -> str:
    """The field's verbose name; reverse relations and unknown names fall back to the name."""
    try:
        field = apps.get_model(label)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        field = None
    verbose = getattr(field, "verbose_name", None)
    return str(verbose).capitalize() if verbose else name.replace("_", " ").capitalize()


def _change_rows(event: AuditEvent) -> list[tuple[str, object, object]]:
    """The changed fields of ``event`` in words, without bookkeeping fields."""
    return [
        (_field_label(event.object_type, name), before, after)
        for name, before, after in event.changes
        if name not in HIDDEN_FIELDS
    ]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
@require_GET
def audit_list(request: HtmxHttpRequest, gov: str) -> HttpResponse:
    government = admin_government(request, gov)
    events = AuditEvent.objects.visible_to(request.user).filter(government=government)
    types = sorted(set(events.order_by().values_list("object_type", flat=True).distinct()))
    form = AuditFilterForm(
        request.GET or None, government=government, object_types=[(t, _type_label(t)) for t in types if t]
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(actor=data["person"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["date_from"]:
            events = events.filter(created_at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(created_at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    page = Paginator(events.for_list().order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("hal")
    )
    labels = {t: _type_label(t) for t in types}
    for event in page.object_list:
        event.type_label = labels.get(event.object_type, event.object_type)  # type: ignore[attr-defined]
        event.change_rows = _change_rows(event)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("hal", None)
    context = {"government": government, "form": form, "page": page, "query": query.urlencode()}
    if request.htmx:
        return render(request, "accounts/audit_list.html#results", context)
    return render(request, "accounts/audit_list.html", context)
