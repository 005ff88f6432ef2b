"""Roll-ups of verified realisation: per unit, per focus node and for the city, for a quarter or the
year to date, as SQL aggregates over ``Realisation`` (never a Python loop over the city).

Each row contributes its achievement capped at 100 % times its weight; a roll-up is the weighted
mean over the rows that have an achievement (grey rows, not reported or not measurable, are counted
apart). Budget absorption is the sum of realised budget over the sum of planned budget of the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce, Least, RowNumber

from petajalan.monitoring.achievement import CAP, Rag, rag
from petajalan.monitoring.models import Realisation, Settings

MONEY = DecimalField(max_digits=20, decimal_places=2)
SCORE = DecimalField(max_digits=20, decimal_places=4)


@dataclass(frozen=True)
class Rollup:
    """One group of a roll-up (a unit, a focus node, a quarter, or the whole city)."""

    key: Any
    score: Decimal | None  # weighted mean of capped achievements, percent
    colour: Rag
    rows: int  # rows in the group
    measured: int  # rows with an achievement
    weight: Decimal  # sum of the weights of the measured rows
    spent: Decimal
    planned: Decimal
    points: Decimal = Decimal(0)  # sum of capped achievement × weight of the measured rows

    @property
    def absorption(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.spent / self.planned * 100).quantize(Decimal("0.1"))


def _score(points: Decimal, weights: Decimal) -> Decimal | None:
    return (Decimal(points) / Decimal(weights)).quantize(Decimal("0.1")) if weights else None


def rows_for(government_id: int, year: int, quarters: list[int], *, counted_only: bool = True) -> QuerySet:
    """The realisation rows of a government's quarters (verified only, by default)."""
    rows = Realisation.objects.filter(government_id=government_id, year=year, quarter__in=quarters)
    return rows.filter(is_counted=True) if counted_only else rows


def aggregate(rows: QuerySet, by: str | tuple[str, ...] | None, thresholds: Settings) -> list[Rollup]:
    """Group ``rows`` by the field ``by`` (several fields: the key is a tuple; None: one group) with
    one SQL query."""
    measured = Q(achievement__isnull=False)
    capped = Least(F("achievement"), Value(CAP), output_field=SCORE)
    annotations = {
        "points": Coalesce(
            Sum(Case(When(measured, then=capped * F("weight")), default=Value(0), output_field=SCORE)),
            Value(0),
            output_field=SCORE,
        ),
        "weights": Coalesce(
            Sum(Case(When(measured, then=F("weight")), default=Value(0), output_field=SCORE)),
            Value(0),
            output_field=SCORE,
        ),
        "n": Count("pk"),
        "n_measured": Count("pk", filter=measured),
        "spent": Coalesce(
            Sum(Coalesce(F("verified_budget"), F("budget_spent")), output_field=MONEY),
            Value(0),
            output_field=MONEY,
        ),
        "planned": Coalesce(Sum("budget_planned", output_field=MONEY), Value(0), output_field=MONEY),
    }
    fields = (by,) if isinstance(by, str) else by or ("government_id",)
    grouped = rows.order_by().values(*fields)
    out = []
    for group in grouped.annotate(**annotations).order_by():
        score = _score(group["points"], group["weights"])
        out.append(
            Rollup(
                key=None
                if by is None
                else group[by]
                if isinstance(by, str)
                else tuple(group[f] for f in fields),
                score=score,
                colour=rag(score, green_from=thresholds.green_from, amber_from=thresholds.amber_from),
                rows=group["n"],
                measured=group["n_measured"],
                weight=Decimal(group["weights"]),
                spent=Decimal(group["spent"]),
                planned=Decimal(group["planned"]),
                points=Decimal(group["points"]),
            )
        )
    return out


def combine(parts: Iterable[Rollup], key: Any, thresholds: Settings) -> Rollup:
    """The roll-up of the union of groups ``parts`` (disjoint sets of rows), exactly as ``aggregate``
    would compute it over those rows: sums of points, weights, counts and budget. Lets a page group
    once in SQL (e.g. by unit and focus node) and show both groupings and the total."""
    zero = Decimal(0)
    points = weights = spent = planned = zero
    rows = measured = 0
    for part in parts:
        points += part.points
        weights += part.weight
        spent += part.spent
        planned += part.planned
        rows += part.rows
        measured += part.measured
    score = _score(points, weights)
    return Rollup(
        key=key,
        score=score,
        colour=rag(score, green_from=thresholds.green_from, amber_from=thresholds.amber_from),
        rows=rows,
        measured=measured,
        weight=weights,
        spent=spent,
        planned=planned,
        points=points,
    )


@dataclass(frozen=True)
class Budget:
    """Realised and planned budget of a group over one or more quarters of a year."""

    key: Any
    spent: Decimal
    planned: Decimal

    @property
    def absorption(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.spent / self.planned * 100).quantize(Decimal("0.1"))


def planned_once(rows: QuerySet) -> Case:
    """A row's planned budget, or 0 unless it is the earliest quarter of its action and year in
    ``rows``: the plan on a row is the action's budget for the whole year, so over several quarters it
    counts once while the quarters' realised budgets add up. (An uncorrelated window subquery, so the
    database numbers the rows once instead of probing per row.)"""
    first = (
        rows.order_by()
        .annotate(
            nth=Window(RowNumber(), partition_by=[F("action_id"), F("year")], order_by=[F("quarter").asc()])
        )
        .filter(nth=1)
        .values("pk")
    )
    return Case(
        When(pk__in=first, then=Coalesce(F("budget_planned"), Value(0), output_field=MONEY)),
        default=Value(0),
        output_field=MONEY,
    )


def budget(rows: QuerySet, by: str | tuple[str, ...] | None) -> list[Budget]:
    """Group ``rows`` by the field ``by`` (several fields: the key is a tuple; None: one group) into
    budget absorption with one SQL query; over one quarter it equals the roll-up's
    ``spent``/``planned``, over several quarters each action's yearly plan is counted once
    (``planned_once``)."""
    fields = (by,) if isinstance(by, str) else by or ("government_id",)
    annotated = (
        rows.order_by()
        .values(*fields)
        .annotate(
            spent=Coalesce(
                Sum(Coalesce(F("verified_budget"), F("budget_spent")), output_field=MONEY),
                Value(0),
                output_field=MONEY,
            ),
            planned=Coalesce(Sum(planned_once(rows), output_field=MONEY), Value(0), output_field=MONEY),
        )
        .order_by()
    )
    return [
        Budget(
            key=None if by is None else g[by] if isinstance(by, str) else tuple(g[f] for f in fields),
            spent=Decimal(g["spent"]),
            planned=Decimal(g["planned"]),
        )
        for g in annotated
    ]
