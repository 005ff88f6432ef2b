"""Writing single rows of a road map: create, update against a version, duplicate, move, delete.

A save carries the version the person started from; when someone else saved in between the save
is refused with ``StaleEditError`` holding the newer row, so nothing is silently overwritten.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Unit
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, Chapter, Problem, Roadmap
from petajalan.roadmaps.services.workflow import WorkflowError


class StaleEditError(Exception):
    """Someone saved this row after the form was opened; ``current`` is their version."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale edit")
        self.current = current


def _check_editable(roadmap: Roadmap) -> None:
    if not roadmap.is_editable_state:
        raise WorkflowError(
            _("Road map berstatus “%(s)s” dan tidak dapat diubah.") % {"s": roadmap.get_status_display()}
        )


def _touch(roadmap: Roadmap) -> None:
    Roadmap.objects.filter(pk=roadmap.pk).update(last_activity_at=timezone.now())


def _periods(action: Action) -> dict[str, Any]:
    return {
        "targets": {
            (f"{t.year}-TW{t.quarter}" if t.quarter else str(t.year)): str(t.value)
            for t in action.targets.all()
        },
        "budgets": {str(b.year): str(b.amount) for b in action.budgets.all()},
    }


def save_row(
    *,
    actor: Any,
    roadmap: Roadmap,
    model: type[models.Model],
    row: models.Model | None = None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Any:
    """Create a row (``row`` None, appended last) or update it if nobody saved it meanwhile."""
    _check_editable(roadmap)
    with transaction.atomic():
        if row is None:
            last = model.objects.filter(roadmap=roadmap).aggregate(m=Max("order"))["m"]  # type: ignore[attr-defined]
            obj = model(roadmap=roadmap, government=roadmap.government, order=(last or 0) + 1, **values)
            obj.save()
            record(actor=actor, action=AuditEvent.Action.CREATE, obj=obj, after=snapshot(obj))
        else:
            obj = model.objects.select_for_update().get(pk=row.pk)  # type: ignore[attr-defined]
            if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
                raise StaleEditError(obj)
            before = snapshot(obj)
            for name, value in values.items():
                setattr(obj, name, value)
            if hasattr(obj, "updated_by_id") and getattr(actor, "is_authenticated", False):
                obj.updated_by = actor
            obj.version += 1  # type: ignore[attr-defined]
            obj.save()
            record(actor=actor, action=AuditEvent.Action.UPDATE, obj=obj, before=before, after=snapshot(obj))
        _touch(roadmap)
    return obj


def save_action(
    *,
    actor: Any,
    roadmap: Roadmap,
    action: Action | None = None,
    values: dict[str, Any],
    targets: dict[int, Decimal | None],
    quarter_targets: dict[tuple[int, int], Decimal | None],
    budgets: dict[int, Decimal | None],
    problems: list[Problem],
    supporting_units: list[Unit],
    expected_version: int | None = None,
) -> Action:
    """Create or update one action row with its yearly and quarterly targets and budgets."""
    _check_editable(roadmap)
    with transaction.atomic():
        before = _periods(action) if action is not None else {}
        obj: Action = save_row(
            actor=actor,
            roadmap=roadmap,
            model=Action,
            row=action,
            values={**values, "updated_by": actor},
            expected_version=expected_version,
        )
        ActionTarget.objects.filter(action=obj).delete()
        ActionBudget.objects.filter(action=obj).delete()
        gov = roadmap.government_id
        ActionTarget.objects.bulk_create(
            [
                ActionTarget(government_id=gov, action=obj, year=y, value=v)
                for y, v in targets.items()
                if v is not None
            ]
            + [
                ActionTarget(government_id=gov, action=obj, year=y, quarter=q, value=v)
                for (y, q), v in quarter_targets.items()
                if v is not None
            ]
        )
        ActionBudget.objects.bulk_create(
            [
                ActionBudget(government_id=gov, action=obj, year=y, amount=v)
                for y, v in budgets.items()
                if v is not None
            ]
        )
        obj.problems.set(problems)
        obj.supporting_units.set(supporting_units)
        after = _periods(obj)
        if after != before:
            record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=obj,
                before=before,
                after=after,
                summary=_("target dan anggaran"),
            )
    return obj


def delete_row(*, actor: Any, roadmap: Roadmap, row: Any) -> None:
    """Delete one row of an editable road map."""
    _check_editable(roadmap)
    with transaction.atomic():
        record(actor=actor, action=AuditEvent.Action.DELETE, obj=row, before=snapshot(row))
        row.delete()
        _touch(roadmap)


def duplicate_action(*, actor: Any, roadmap: Roadmap, action: Action) -> Action:
    """A copy of the action placed right after it, with a new uid."""
    _check_editable(roadmap)
    with transaction.atomic():
        source = Action.objects.prefetch_related("targets", "budgets", "problems", "supporting_units").get(
            pk=action.pk
        )
        Action.objects.filter(roadmap=roadmap, order__gt=source.order).update(order=models.F("order") + 1)
        copy = Action.objects.get(pk=source.pk)
        copy.pk, copy.id, copy.uid, copy.version = None, None, uuid.uuid4(), 1
        copy.order = source.order + 1
        copy.updated_by = actor
        copy.save()
        ActionTarget.objects.bulk_create(
            [
                ActionTarget(
                    government_id=t.government_id, action=copy, year=t.year, quarter=t.quarter, value=t.value
                )
                for t in source.targets.all()
            ]
        )
        ActionBudget.objects.bulk_create(
            [
                ActionBudget(government_id=b.government_id, action=copy, year=b.year, amount=b.amount)
                for b in source.budgets.all()
            ]
        )
        copy.problems.set(source.problems.all())
        copy.supporting_units.set(source.supporting_units.all())
        record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=copy,
            after=snapshot(copy),
            summary=_("salinan dari %(u)s") % {"u": source.uid},
        )
        _touch(roadmap)
    return copy


def move_row(*, actor: Any, roadmap: Roadmap, row: Any, step: int) -> None:
    """Move a row one place up (``step`` -1) or down (+1); orders are renumbered 1..n."""
    _check_editable(roadmap)
    model = type(row)
    with transaction.atomic():
        rows = list(model.objects.select_for_update().filter(roadmap=roadmap).order_by("order", "id"))
        index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
        other = index + step
        if not 0 <= other < len(rows):
            return
        rows[index], rows[other] = rows[other], rows[index]
        for n, r in enumerate(rows, start=1):
            r.order = n
        model.objects.bulk_update(rows, ["order"])
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=row,
            before={"order": index + 1},
            after={"order": other + 1},
            summary=_("urutan"),
        )
        _touch(roadmap)


def save_chapter(
    *, actor: Any, roadmap: Roadmap, chapter: Chapter, body: str, expected_version: int
) -> Chapter:
    """Update a chapter's Markdown body."""
    return save_row(
        actor=actor,
        roadmap=roadmap,
        model=Chapter,
        row=chapter,
        values={"body": body},
        expected_version=expected_version,
    )
