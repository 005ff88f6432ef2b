"""Writing the audit log: every service call that changes data records one event here."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from petajalan.accounts.models import AuditEvent, Government


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as JSON-ready data (foreign keys by their label)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "id"}:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
        else:
            data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def build_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    government: Government | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
    object_type: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """An unsaved audit event (for ``AuditEvent.objects.bulk_create`` in bulk writes such as imports)."""
    if government is None and obj is not None:
        government = getattr(obj, "government", None)
    return AuditEvent(
        government=government,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(getattr(obj, "uuid", None) or getattr(obj, "pk", "") or "") if obj else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        summary=summary[:300],
        before=before,
        after=after,
        ip_address=ip_address,
    )


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    government: Government | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
    object_type: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Write one audit event; call inside the same transaction as the change it describes."""
    event = build_event(
        actor=actor,
        action=action,
        obj=obj,
        government=government,
        before=before,
        after=after,
        summary=summary,
        object_type=object_type,
        ip_address=ip_address,
    )
    event.save()
    return event
