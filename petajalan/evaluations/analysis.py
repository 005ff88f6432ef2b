"""Analyses of a self-assessment cycle: where the next points are, what-if, the index planned per
quarter, calibration against the evaluator, and the cycle scored under another worksheet version.

The computations are pure functions over the engine's ``Worksheet`` and stored-form answers (tested
without a database); the few loaders at the end of each part read what they need in a constant
number of queries. Nothing here writes: scenarios are stored by ``services.save_scenario`` and the
action ↔ criterion links by ``links.link_actions``.

"Current" answers are the verified column, which falls back to the unit's own answer where the
Inspektorat agreed or has not looked yet (``services.answer_maps``), with the verified coefficient,
else the self one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.db.models import Q
from django.utils.translation import gettext as _

from petajalan.accounts.models import Unit
from petajalan.evaluations import scoring
from petajalan.evaluations.models import PHASE_ORDER, ActionCriterion, Answer, Cycle, Phase
from petajalan.evaluations.services import answer_maps, bands_of, scores, worksheet_of
from petajalan.frameworks.models import CrosswalkLink, Pack, PackVersion
from petajalan.roadmaps.models import Action, Roadmap

ZERO = Decimal(0)
TOLERANCE = Decimal("0.005")  # points: a smaller gap is no gap
APPROXIMATE = {CrosswalkLink.Relation.OVERLAPS, "contains"}


def current_answers(rows: Iterable[Answer]) -> dict[str, str]:
    """The verified column (falling back to the self answer): what the next points start from."""
    return answer_maps(rows)["verified"]


def shown(node: scoring.Node, stored: str) -> str:
    """A stored answer as people type it: numbers with a decimal comma (85,5), choices as they are."""
    if stored and node.answer_type not in scoring.CHOICE_TYPES and stored != scoring.NA:
        return stored.replace(".", ",")
    return stored


def current_coefficient(cycle: Cycle) -> Decimal | None:
    return cycle.coefficient_verified if cycle.coefficient_verified is not None else cycle.coefficient_self


# Next points -----------------------------------------------------------------------------------


@dataclass
class NextPoint:
    """One item with index points still available, and who and what can win them."""

    gain: scoring.Gain
    answer: Answer
    current: str  # the current stored answer ('' when unanswered)
    shown: str = ""  # the same as people type it (85,5)
    actions: list[Action] = field(default_factory=list)
    suggestion: Any = None  # suggestions.Suggestion


def next_points(
    cycle: Cycle,
    rows: list[Answer],
    *,
    links: Mapping[str, list[Action]] | None = None,
    suggestions: Mapping[str, Any] | None = None,
) -> list[NextPoint]:
    """``scoring.next_points`` over the current answers, each with its answer row, linked actions and
    suggestion (multiplied items count in full: raising 1A.1 also raises 1A.2's points)."""
    worksheet = worksheet_of(cycle.worksheet)
    answers = current_answers(rows)
    by_key = {a.node_key: a for a in rows}
    gains = scoring.next_points(worksheet, answers, coefficient=current_coefficient(cycle))
    return [
        NextPoint(
            gain=g,
            answer=by_key[g.key],
            current=answers.get(g.key, ""),
            shown=shown(worksheet.nodes[g.key], answers.get(g.key, "")),
            actions=list((links or {}).get(g.key, [])),
            suggestion=(suggestions or {}).get(g.key),
        )
        for g in gains
        if g.key in by_key
    ]


def linked_actions(cycle: Cycle, visible: Any = None) -> dict[str, list[Action]]:
    """Node key → the road-map actions declared to serve it (one query), limited to the road maps
    in ``visible`` (a Roadmap queryset) when given."""
    links = ActionCriterion.objects.filter(action__government_id=cycle.government_id)
    if visible is not None:
        links = links.filter(action__roadmap__in=visible.values("pk"))
    links = links.select_related("action__roadmap__unit", "action__responsible_unit").order_by(
        "node_key", "action__roadmap__unit__code", "action__order", "action_id"
    )
    found: dict[str, list[Action]] = defaultdict(list)
    for link in links:
        found[link.node_key].append(link.action)
    return dict(found)


def actions_to_link(cycle: Cycle) -> list[Action]:
    """The actions the admin may link: those of the government's road maps covering the year."""
    return list(
        Action.objects.filter(
            government_id=cycle.government_id,
            roadmap__start_year__lte=cycle.year,
            roadmap__end_year__gte=cycle.year,
        )
        .select_related("roadmap__unit")
        .order_by("roadmap__unit__code", "roadmap__start_year", "order", "pk")
    )


# What-if ---------------------------------------------------------------------------------------


@dataclass
class ItemChange:
    node: scoring.Node
    real: str
    scenario: str
    real_points: Decimal
    scenario_points: Decimal

    @property
    def delta(self) -> Decimal:
        return self.scenario_points - self.real_points

    @property
    def real_shown(self) -> str:
        return shown(self.node, self.real)

    @property
    def scenario_shown(self) -> str:
        return shown(self.node, self.scenario)


@dataclass
class WhatIf:
    real: scoring.Score
    scenario: scoring.Score
    changes: list[ItemChange]  # items whose answer or points differ

    @property
    def delta(self) -> Decimal:
        return self.scenario.index - self.real.index


def parse_scenario(
    worksheet: scoring.Worksheet, data: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The answers typed in the what-if form (key → text) in stored form, and the errors by key.
    An empty field follows the real answer, so it is left out."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for node in worksheet.items:
        text = str(data.get(node.key, "") or "").strip()
        if not text:
            continue
        try:
            answers[node.key] = scoring.normalise(node, text)
        except scoring.AnswerError as exc:
            errors[node.key] = str(exc)
    return answers, errors


def overrides(real: Mapping[str, str], typed: Mapping[str, str]) -> dict[str, str]:
    """The typed answers that differ from the real ones: what a scenario stores."""
    return {key: value for key, value in typed.items() if real.get(key, "") != value}


def what_if(
    worksheet: scoring.Worksheet,
    real: Mapping[str, str],
    changed: Mapping[str, str],
    *,
    coefficient: Decimal | None,
    scenario_coefficient: Decimal | None = None,
    bands: list[scoring.Band] | None = None,
) -> WhatIf:
    """The real score beside the score with ``changed`` laid over the real answers (nothing stored)."""
    trial = {**real, **changed}
    k = scenario_coefficient if scenario_coefficient is not None else coefficient
    before = scoring.score(worksheet, real, coefficient=coefficient, bands=bands)
    after = scoring.score(worksheet, trial, coefficient=k, bands=bands)
    changes = []
    for node in worksheet.items:
        a, b = before.nodes[node.key], after.nodes[node.key]
        if real.get(node.key, "") != trial.get(node.key, "") or abs(a.points - b.points) > TOLERANCE:
            changes.append(
                ItemChange(node, real.get(node.key, ""), trial.get(node.key, ""), a.points, b.points)
            )
    return WhatIf(before, after, changes)


# The index planned per quarter -----------------------------------------------------------------

SCHEDULE = re.compile(r"^\s*(\d{4})\s*-?\s*(?:Q|TW)\s*([1-4])\s*$", re.IGNORECASE)


def finishing_quarter(schedule: Iterable[Any], year: int) -> int | None:
    """The last quarter of ``year`` an action is scheduled in ("2025-Q3" → 3); None when it has no
    entry in that year (entries of later years belong to later evaluations)."""
    quarters = []
    for entry in schedule or []:
        match = SCHEDULE.match(str(entry))
        if match and int(match[1]) == year:
            quarters.append(int(match[2]))
    return max(quarters) if quarters else None


class Scheduled(Protocol):
    schedule: Any  # ["2025-Q1", …]


def ready_quarters(links: Mapping[str, Sequence[Scheduled]], year: int) -> dict[str, int | None]:
    """Node key → the quarter by which every linked action has done its scheduled work in ``year``
    (None: some linked action has no schedule in the year, so the criterion is not planned to move)."""
    ready: dict[str, int | None] = {}
    for key, actions in links.items():
        ends = [finishing_quarter(a.schedule, year) for a in actions]
        ready[key] = (
            None if not ends or any(e is None for e in ends) else max(e for e in ends if e is not None)
        )
    return ready


@dataclass
class QuarterPlan:
    quarter: int  # 0: now
    score: scoring.Score
    moved: list[scoring.Node]  # items that reach their best answer in this quarter
    moved_total: int  # items at their planned best by the end of this quarter


def plan_quarters(
    worksheet: scoring.Worksheet,
    answers: Mapping[str, str],
    ready: Mapping[str, int | None],
    *,
    coefficient: Decimal | None = None,
    bands: list[scoring.Band] | None = None,
) -> list[QuarterPlan]:
    """Now and each quarter 1–4: items whose linked actions are done by then take their best answer,
    the others keep the current one ("not applicable" items stay so). Never goes down."""
    plans = [QuarterPlan(0, scoring.score(worksheet, answers, coefficient=coefficient, bands=bands), [], 0)]
    trial = dict(answers)
    total = 0
    for quarter in (1, 2, 3, 4):
        moved = []
        for node in worksheet.items:
            if ready.get(node.key) != quarter or answers.get(node.key) == scoring.NA:
                continue
            best = scoring.best_answer(node)
            if trial.get(node.key) != best:
                trial[node.key] = best
                moved.append(node)
        total += len(moved)
        plans.append(
            QuarterPlan(
                quarter, scoring.score(worksheet, trial, coefficient=coefficient, bands=bands), moved, total
            )
        )
    return plans


# Calibration -----------------------------------------------------------------------------------

CALIBRATED_PHASES = PHASE_ORDER[PHASE_ORDER.index(Phase.EVALUATOR) :]


@dataclass
class Compared:
    """One item of one cycle in the three columns (points), compared where the evaluator answered."""

    year: int
    node: scoring.Node
    unit: Unit | None
    answers: tuple[str, str, str]  # self, verified, evaluator (stored form)
    points: tuple[Decimal, Decimal, Decimal | None]

    @property
    def shown(self) -> tuple[str, str, str]:
        return (
            shown(self.node, self.answers[0]),
            shown(self.node, self.answers[1]),
            shown(self.node, self.answers[2]),
        )

    @property
    def compared(self) -> bool:
        """The evaluator answered, and neither side said "not applicable"."""
        s, _v, e = self.answers
        return bool(e) and scoring.NA not in (s, e)

    @property
    def gap_self(self) -> Decimal | None:
        return self.points[0] - self.points[2] if self.compared and self.points[2] is not None else None

    @property
    def gap_verified(self) -> Decimal | None:
        return self.points[1] - self.points[2] if self.compared and self.points[2] is not None else None

    @property
    def over(self) -> bool:
        gap = self.gap_self
        return gap is not None and gap > TOLERANCE

    @property
    def under(self) -> bool:
        gap = self.gap_self
        return gap is not None and gap < -TOLERANCE


@dataclass
class Group:
    """Items compared in one year, one unit, or one unit in one year."""

    label: str
    items: list[Compared] = field(default_factory=list)

    @property
    def compared(self) -> list[Compared]:
        return [c for c in self.items if c.compared]

    @property
    def n(self) -> int:
        return len(self.compared)

    def _mean(self, values: list[Decimal | None]) -> Decimal | None:
        known = [v for v in values if v is not None]
        return sum(known, ZERO) / len(known) if known else None

    @property
    def mean_gap_self(self) -> Decimal | None:
        return self._mean([c.gap_self for c in self.compared])

    @property
    def mean_gap_verified(self) -> Decimal | None:
        return self._mean([c.gap_verified for c in self.compared])

    @property
    def over(self) -> int:
        return sum(1 for c in self.compared if c.over)

    @property
    def under(self) -> int:
        return sum(1 for c in self.compared if c.under)

    @property
    def over_share(self) -> Decimal | None:
        return Decimal(self.over) / self.n * 100 if self.n else None


@dataclass
class YearCalibration:
    cycle: Cycle
    self_score: scoring.Score
    verified_score: scoring.Score
    evaluator_score: scoring.Score | None
    group: Group
    units: list[Group]

    @property
    def has_results(self) -> bool:
        return self.group.n > 0


@dataclass
class Calibration:
    years: list[YearCalibration]
    units: list[Group]  # every year together

    @property
    def with_results(self) -> list[YearCalibration]:
        return [y for y in self.years if y.has_results]


def _unit_label(unit: Unit | None) -> str:
    return unit.name if unit is not None else _("Bagian Organisasi (tanpa perangkat daerah)")


def _groups(items: Iterable[Compared]) -> list[Group]:
    found: dict[Any, Group] = {}
    for item in items:
        key = item.unit.pk if item.unit is not None else None
        found.setdefault(key, Group(_unit_label(item.unit))).items.append(item)
    return sorted(found.values(), key=lambda g: (-(g.over_share or 0), g.label))


def calibrate(cycles: list[Cycle], rows: Mapping[int, list[Answer]]) -> Calibration:
    """Self, verified and evaluator points of every item of every cycle given (``rows`` by cycle pk),
    grouped per year and per unit (the unit the item was assigned to)."""
    years = []
    everything: list[Compared] = []
    for cycle in sorted(cycles, key=lambda c: c.year):
        answers = rows.get(cycle.pk, [])
        columns = scores(cycle, answers)
        maps = answer_maps(answers)
        items = []
        for answer in answers:
            node = columns.worksheet.nodes.get(answer.node_key)
            if node is None or not node.is_item:
                continue
            evaluator = columns.evaluator.nodes[node.key].points if columns.evaluator is not None else None
            items.append(
                Compared(
                    year=cycle.year,
                    node=node,
                    unit=answer.unit,
                    answers=(
                        maps["self"].get(node.key, ""),
                        maps["verified"].get(node.key, ""),
                        maps["evaluator"].get(node.key, ""),
                    ),
                    points=(
                        columns.self.nodes[node.key].points,
                        columns.verified.nodes[node.key].points,
                        evaluator,
                    ),
                )
            )
        everything.extend(items)
        years.append(
            YearCalibration(
                cycle=cycle,
                self_score=columns.self,
                verified_score=columns.verified,
                evaluator_score=columns.evaluator,
                group=Group(str(cycle.year), items),
                units=_groups(items),
            )
        )
    return Calibration(years=years, units=_groups(everything))


def calibration_for(government_id: int) -> Calibration:
    """The calibration of a government's cycles in the evaluator phase or later (two queries)."""
    cycles = list(
        Cycle.objects.filter(government_id=government_id, phase__in=CALIBRATED_PHASES).select_related(
            "worksheet", "bands"
        )
    )
    rows: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(cycle__in=[c.pk for c in cycles]).select_related("unit").order_by("order")
    ):
        rows[answer.cycle_id].append(answer)
    return calibrate(cycles, rows)


# Another worksheet version (crosswalk preview) -------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A crosswalk link as seen from the cycle's worksheet (``source``) to the other one."""

    source: str
    target: str
    relation: str  # equal, part_of, overlaps; "contains" for a part_of link read backwards
    note: str = ""


@dataclass(frozen=True)
class CarriedFrom:
    """One source end carried into a target item: its node, the relation, its ratio (None: unanswered
    or not applicable)."""

    node: scoring.Node
    relation: str
    ratio: Decimal | None
    not_applicable: bool = False

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else self.ratio * 100


@dataclass
class Carried:
    """A target item and what was carried into it."""

    node: scoring.Node
    sources: list[CarriedFrom] = field(default_factory=list)
    ratio: Decimal | None = None
    stored: str = ""
    approximate: bool = False
    points: Decimal = ZERO

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else self.ratio * 100

    @property
    def shown(self) -> str:
        return shown(self.node, self.stored)


@dataclass
class Preview:
    score: scoring.Score
    items: list[Carried]  # target items with at least one link
    unmapped: list[scoring.Node]  # target items no link reaches (unanswered, 0)
    nowhere: list[scoring.Node]  # source items that map nowhere
    links: int

    @property
    def approximate(self) -> bool:
        return any(c.approximate for c in self.items)


def _item_above(worksheet: scoring.Worksheet, key: str) -> scoring.Node | None:
    for node in reversed(worksheet.path(key)):
        if node.is_item:
            return node
    return None


def _items_reached(worksheet: scoring.Worksheet, key: str) -> tuple[list[scoring.Node], bool]:
    """The items a link end stands for, and whether that is only approximate: an item itself; the
    items under an aggregate; the item above a node that sits below an item."""
    node = worksheet.nodes.get(key)
    if node is None:
        return [], False
    if node.is_item:
        return [node], False
    below = [n for n in worksheet.descendants(key) if n.is_item]
    if below:
        return below, True
    above = _item_above(worksheet, key)
    return ([above], True) if above is not None else ([], False)


def _source_ratio(
    worksheet: scoring.Worksheet, answers: Mapping[str, str], score: scoring.Score, key: str
) -> tuple[Decimal | None, bool, bool]:
    """(ratio 0–1 or None when unanswered, not applicable?, approximate?) of a link's source end."""
    node = worksheet.nodes.get(key)
    if node is None:
        return None, False, False
    if node.is_item:
        stored = answers.get(key, "")
        if stored == scoring.NA:
            return None, True, False
        return (scoring.ratio(node, stored) if stored else None), False, False
    entry = score.nodes.get(key)
    if entry is not None and entry.applicable:
        return entry.ratio, False, True
    above = _item_above(worksheet, key)
    if above is not None:
        ratio, na, _approx = _source_ratio(worksheet, answers, score, above.key)
        return ratio, na, True
    return None, False, False


def answer_at(node: scoring.Node, ratio: Decimal) -> tuple[str, bool]:
    """The stored answer of ``node`` nearest to ``ratio`` without exceeding it, and whether it differs."""
    if node.answer_type in scoring.CHOICE_TYPES:
        options = sorted(node.choices, key=lambda c: Decimal(str(node.conversion[c])))
        fitting = [c for c in options if Decimal(str(node.conversion[c])) <= ratio + Decimal("0.000001")]
        choice = fitting[-1] if fitting else options[0]
        return choice, Decimal(str(node.conversion[choice])) != ratio
    bounds = node.range or (ZERO, ZERO)
    low, high = bounds
    exact = ratio * high
    value = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < low:
        return scoring.plain(low), True
    return scoring.plain(min(value, high)), value != exact


def carry(
    source: scoring.Worksheet,
    answers: Mapping[str, str],
    target: scoring.Worksheet,
    links: list[Link],
    *,
    coefficient: Decimal | None = None,
    bands: list[scoring.Band] | None = None,
) -> Preview:
    """Score the answers of ``source`` under ``target`` through ``links``: each target item takes the
    weighted mean ratio of the answered source ends linked to it (``equal`` and ``part_of`` exactly,
    ``overlaps`` and backwards ``part_of`` flagged approximate); items no link reaches stay unanswered."""
    source_score = scoring.score(source, answers, coefficient=coefficient)
    carried: dict[str, Carried] = {}
    mapped_sources: set[str] = set()
    for link in links:
        reached, approx_target = _items_reached(target, link.target)
        if not reached or link.source not in source.nodes:
            continue
        ratio, na, approx_source = _source_ratio(source, answers, source_score, link.source)
        for item in _items_reached(source, link.source)[0]:
            mapped_sources.add(item.key)
        for node in reached:
            entry = carried.setdefault(node.key, Carried(node))
            entry.sources.append(
                CarriedFrom(source.nodes[link.source], link.relation, None if na else ratio, na)
            )
            entry.approximate = (
                entry.approximate or approx_target or approx_source or link.relation in APPROXIMATE
            )
    target_answers: dict[str, str] = {}
    for entry in carried.values():
        weighted = [(s.ratio, source_weight(s.node)) for s in entry.sources if s.ratio is not None]
        if weighted:
            total = sum((w for _r, w in weighted), ZERO)
            entry.ratio = sum((r * w for r, w in weighted), ZERO) / total if total else ZERO
            entry.stored, changed = answer_at(entry.node, entry.ratio)
            entry.approximate = entry.approximate or changed
            target_answers[entry.node.key] = entry.stored
        elif all(s.not_applicable for s in entry.sources):
            entry.stored = scoring.NA
            target_answers[entry.node.key] = scoring.NA
    k = None
    if coefficient is not None and target.coefficient is not None:
        low, high = target.coefficient.extra.get("min"), target.coefficient.extra.get("max")
        k = coefficient
        if low is not None:
            k = max(k, Decimal(str(low)))
        if high is not None:
            k = min(k, Decimal(str(high)))
    result = scoring.score(target, target_answers, coefficient=k, bands=bands)
    for entry in carried.values():
        entry.points = result.nodes[entry.node.key].points
    order = {node.key: n for n, node in enumerate(target.items)}
    return Preview(
        score=result,
        items=sorted(carried.values(), key=lambda c: order.get(c.node.key, 0)),
        unmapped=[n for n in target.items if n.key not in carried],
        nowhere=[n for n in source.items if n.key not in mapped_sources],
        links=len(links),
    )


def source_weight(node: scoring.Node) -> Decimal:
    return node.weight or Decimal(1)


def worksheet_versions(cycle: Cycle) -> list[PackVersion]:
    """Worksheet versions the cycle may be previewed under: shipped ones and the government's own."""
    return list(
        PackVersion.objects.filter(pack__purpose=Pack.Purpose.WORKSHEET)
        .filter(Q(owner__isnull=True) | Q(owner_id=cycle.government_id))
        .exclude(pk=cycle.worksheet_id)
        .select_related("pack")
        .order_by("-valid_from", "pack__key")
    )


def versions_linked(version: PackVersion) -> set[int]:
    """Ids of the versions joined to ``version`` by some crosswalk link (one query)."""
    rows = CrosswalkLink.objects.filter(Q(source__version=version) | Q(target__version=version))
    found = set()
    for source, target in rows.values_list("source__version_id", "target__version_id").distinct():
        found.add(target if source == version.pk else source)
    return found


def crosswalk_links(source: PackVersion, target: PackVersion) -> list[Link]:
    """The links between two versions in either direction, read from the cycle's side (one query)."""
    rows = CrosswalkLink.objects.filter(
        Q(source__version=source, target__version=target) | Q(source__version=target, target__version=source)
    ).select_related("source", "target")
    links = []
    for row in rows.order_by("pk"):
        if row.source.version_id == source.pk:
            links.append(Link(row.source.key, row.target.key, row.relation, row.note))
        else:
            relation = "contains" if row.relation == CrosswalkLink.Relation.PART_OF else row.relation
            links.append(Link(row.target.key, row.source.key, relation, row.note))
    return links


def preview(cycle: Cycle, rows: list[Answer], target: PackVersion) -> Preview:
    """The cycle's current answers scored under ``target`` (nothing stored)."""
    return carry(
        worksheet_of(cycle.worksheet),
        current_answers(rows),
        worksheet_of(target),
        crosswalk_links(cycle.worksheet, target),
        coefficient=current_coefficient(cycle),
        bands=bands_of(cycle.bands),
    )


def visible_roadmaps(user: Any) -> Any:
    """The road maps whose actions a person may see listed (the road maps' own gate)."""
    return Roadmap.objects.visible_to(user)
