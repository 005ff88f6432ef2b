"""The Bagian Organisasi's city view: submission tracker, coverage, budget totals, consolidation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government, Unit
from petajalan.frameworks.models import Node
from petajalan.roadmaps import readers
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, Roadmap
from petajalan.roadmaps.services.rows import _check_editable

S = Roadmap.Status
DONE = (S.APPROVED, S.ENACTED)


@dataclass
class TrackerRow:
    unit: Unit
    roadmap: Roadmap | None
    is_overdue: bool
    deadline: dt.date | None = None


def periods(government: Government) -> list[tuple[int, int]]:
    """The periods road maps of this government cover, newest first."""
    return list(
        Roadmap.objects.filter(government=government)
        .values_list("start_year", "end_year")
        .distinct()
        .order_by("-start_year")
    )


def tracker(government: Government, start_year: int, today: dt.date | None = None) -> list[TrackerRow]:
    """Each active unit with its road map of the period (or none) and whether it is late."""
    today = today or timezone.localdate()
    roadmaps = {
        r.unit_id: r
        for r in Roadmap.objects.filter(government=government, start_year=start_year, unit__isnull=False)
        .select_related("unit")
        .annotate(action_count=Count("actions"))
    }
    city = Roadmap.objects.filter(government=government, start_year=start_year, unit__isnull=True).first()
    default_deadline = city.deadline_on if city else None
    rows = []
    for unit in Unit.objects.filter(government=government, is_active=True).order_by("code"):
        r = roadmaps.get(unit.pk)
        deadline = (r.deadline_on if r else None) or default_deadline
        late = bool(
            deadline and deadline < today and (r is None or r.status in (S.DRAFT, S.CHANGES_REQUESTED))
        )
        rows.append(TrackerRow(unit, r, late, deadline))
    return rows


@dataclass
class Coverage:
    nodes: list[Node]
    units: list[Unit]
    counts: dict[tuple[str, int], int] = field(default_factory=dict)

    def uncovered(self) -> list[Node]:
        """Focus nodes where no unit acts."""
        covered = {k for k, _u in self.counts}
        return [n for n in self.nodes if n.key not in covered]


def coverage(government: Government, start_year: int) -> Coverage:
    """Actions per focus node and unit among the unit road maps of the period."""
    roadmaps = Roadmap.objects.filter(government=government, start_year=start_year, unit__isnull=False)
    versions = set(roadmaps.values_list("pack_versions", flat=True)) - {None}
    nodes = list(
        Node.objects.filter(version__in=versions, kind__in=Node.FOCUS_KINDS).order_by("version", "order")
    )
    seen, unique = set(), []
    for n in nodes:
        if n.key not in seen:
            seen.add(n.key)
            unique.append(n)
    counts = {
        (row["focus_key"], row["roadmap__unit_id"]): row["n"]
        for row in Action.objects.filter(roadmap__in=roadmaps)
        .values("focus_key", "roadmap__unit_id")
        .annotate(n=Count("id"))
    }
    units = list(Unit.objects.filter(government=government, is_active=True).order_by("code"))
    return Coverage(unique, units, counts)


def budget_totals(government: Government, start_year: int) -> list[dict[str, Any]]:
    """Per-year budget totals of the unit road maps: all drafts and the approved ones."""
    rows = ActionBudget.objects.filter(
        action__roadmap__government=government,
        action__roadmap__start_year=start_year,
        action__roadmap__unit__isnull=False,
    )
    total = defaultdict(Decimal)
    approved = defaultdict(Decimal)
    for row in rows.values("year").annotate(s=Sum("amount")):
        total[row["year"]] = row["s"]
    for row in rows.filter(action__roadmap__status__in=DONE).values("year").annotate(s=Sum("amount")):
        approved[row["year"]] = row["s"]
    return [{"year": y, "total": total[y], "approved": approved[y]} for y in sorted(total)]


def consolidate(*, actor: Any, city: Roadmap) -> dict[str, int]:
    """Copy the rows of approved and enacted unit road maps of the period into the city road map.

    Consolidated rows remember their source; running it again updates them, adds new ones and
    removes rows whose unit road map is no longer approved."""
    _check_editable(city)
    sources = list(
        Action.objects.filter(
            roadmap__government=city.government,
            roadmap__start_year=city.start_year,
            roadmap__unit__isnull=False,
            roadmap__status__in=DONE,
        )
        .select_related("roadmap__unit")
        .prefetch_related("targets", "budgets", "supporting_units")
        .order_by("roadmap__unit__code", "order", "id")
    )
    counts = {"created": 0, "updated": 0, "deleted": 0}
    fields = [*readers.ACTION_CONTENT_FIELDS, "expected_evidence"]
    with transaction.atomic():
        existing = {a.source_id: a for a in Action.objects.filter(roadmap=city, source__isnull=False)}
        order = 1000
        for src in sources:
            order += 1
            values = {f: getattr(src, f) for f in fields}
            values["responsible_unit"] = src.responsible_unit or src.roadmap.unit
            obj = existing.pop(src.pk, None)
            if obj is None:
                obj = Action.objects.create(
                    roadmap=city,
                    government=city.government,
                    source=src,
                    order=order,
                    updated_by=actor,
                    **values,
                )
                counts["created"] += 1
            else:
                for k, v in values.items():
                    setattr(obj, k, v)
                obj.order, obj.version = order, obj.version + 1
                obj.save()
                obj.targets.all().delete()
                obj.budgets.all().delete()
                counts["updated"] += 1
            ActionTarget.objects.bulk_create(
                [
                    ActionTarget(
                        government=city.government, action=obj, year=t.year, quarter=t.quarter, value=t.value
                    )
                    for t in src.targets.all()
                ]
            )
            ActionBudget.objects.bulk_create(
                [
                    ActionBudget(government=city.government, action=obj, year=b.year, amount=b.amount)
                    for b in src.budgets.all()
                ]
            )
            obj.supporting_units.set(src.supporting_units.all())
        for stale in existing.values():
            stale.delete()
            counts["deleted"] += 1
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=city,
            after=counts,
            summary=_("konsolidasi road map perangkat daerah"),
        )
        Roadmap.objects.filter(pk=city.pk).update(last_activity_at=timezone.now())
    return counts
