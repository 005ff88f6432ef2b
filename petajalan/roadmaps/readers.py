"""The per-action values every reader of a road map needs (targets, budgets, supporting units),
each read as plain values in one query for any number of actions.

The matrix page, the plain road map (documents, snapshots, the clinic), the public page and the
API select their actions differently, then ask here for what hangs off them: ``where`` is a filter on
the action, e.g. ``action__roadmap=r`` or ``action_id__in=ids``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import F

from petajalan.lib.value_rows import value_rows
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget

# What an action says, apart from its keys, order, units and the rows hanging off it: the fields the
# API and the public page read and the city's consolidation copies from a unit's action.
ACTION_CONTENT_FIELDS: tuple[str, ...] = (
    "focus_key",
    "activity",
    "subactivity_code",
    "output",
    "indicator",
    "unit_of_measure",
    "direction",
    "baseline_year",
    "baseline_value",
    "no_budget_needed",
    "schedule",
)


def yearly_targets(**where: Any) -> dict[int, dict[int, Decimal | None]]:
    """action id → {year: target} for the yearly targets (not the quarterly ones)."""
    found: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for action_id, year, value in value_rows(
        ActionTarget.objects.filter(quarter__isnull=True, **where).values_list("action_id", "year", "value")
    ):
        found[action_id][year] = value
    return found


def all_targets(**where: Any) -> dict[int, list[tuple[int, int | None, Decimal | None]]]:
    """action id → [(year, quarter, value)] for every target, yearly (quarter ``None``) and
    quarterly, by year then quarter, a year's own target before its quarters on every engine."""
    found: dict[int, list[tuple[int, int | None, Decimal | None]]] = defaultdict(list)
    for action_id, year, quarter, value in value_rows(
        ActionTarget.objects.filter(**where)
        .order_by("action_id", "year", F("quarter").asc(nulls_first=True))
        .values_list("action_id", "year", "quarter", "value")
    ):
        found[action_id].append((year, quarter, value))
    return found


def budgets(**where: Any) -> dict[int, dict[int, Decimal]]:
    """action id → {year: amount}, the years in order."""
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for action_id, year, amount in value_rows(
        ActionBudget.objects.filter(**where)
        .order_by("action_id", "year")
        .values_list("action_id", "year", "amount")
    ):
        found[action_id][year] = amount
    return found


def supporting_units(name: str = "short_name", **where: Any) -> dict[int, list[str]]:
    """action id → the supporting units' ``name`` (or ``short_name``), in the units' code order."""
    found: dict[int, list[str]] = defaultdict(list)
    for action_id, unit_name in (
        Action.supporting_units.through.objects.filter(**where)
        .order_by("unit__code", "unit__name")
        .values_list("action_id", f"unit__{name}")
    ):
        found[action_id].append(unit_name)
    return found
