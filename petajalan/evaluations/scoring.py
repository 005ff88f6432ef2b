"""The worksheet scoring engine: pure functions over a pack's node list and a set of answers.

Nothing here reads the database or knows a weight, a range or a threshold: everything comes from
the pack (``PackVersion.document["nodes"]``, the validated YAML) and the bands pack. The rules
(domain brief §5 and §5a, the national portal's computation):

* An **item** is a weighted node whose weighted children are absent or do not cover its weight (an
  incomplete part of a pack is answered at the level whose weight is known).
* ``points = answer ÷ range maximum × weight`` (choices and categories by their conversion table,
  0–1); an item without a known answer type is answered as points ``0…weight`` and marked so.
* A multiplied item (``extra.multiplied_by``) is scaled by its linked item's ``points ÷ weight``.
* A parent's points are the sum of its children's; "not applicable" (``NA``) removes the item's
  weight from the denominator.
* RB General = ``(raw + coefficient) ÷ applicable weight × full weight`` (full weight 100 in every
  shipped pack), the coefficient node being the one with ``extra.applies_to``; RB Tematik is the
  sum of the component marked ``extra.index_part: tematik``; Indeks = RB General + RB Tematik.
* The predicate is the band whose (min, max] holds the index (the lowest band includes its min;
  an index above the top band's max takes the top band).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

NA = "NA"
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TOLERANCE = Decimal("0.005")
NUMERIC_DEFAULTS = {
    "percent": ("0", "100"),
    "scale_0_5": ("0", "5"),
    "scale_1_5": ("1", "5"),
    "scale_0_4": ("0", "4"),
}
CHOICE_TYPES = {"yes_no", "abc", "abcd", "abcde", "category"}


class AnswerError(ValueError):
    """An answer that does not fit its criterion, with an Indonesian message."""


@dataclass(frozen=True)
class Node:
    """One node of the worksheet as the engine needs it."""

    key: str
    parent: str
    ref: str
    title: str
    kind: str
    weight: Decimal | None
    answer_type: str
    conversion: Mapping[str, str]
    extra: Mapping[str, Any]
    is_item: bool = False
    children: tuple[str, ...] = ()

    @property
    def as_points(self) -> bool:
        """True when the pack gives no answer type: the item is answered as points 0…weight."""
        return self.is_item and not self.answer_type

    @property
    def range(self) -> tuple[Decimal, Decimal] | None:
        """(min, max) of a numeric answer, None for choices."""
        if self.as_points:
            return ZERO, self.weight or ZERO
        if self.answer_type in NUMERIC_DEFAULTS or self.answer_type == "number":
            low, high = NUMERIC_DEFAULTS.get(self.answer_type, ("0", "0"))
            return Decimal(str(self.conversion.get("min", low))), Decimal(
                str(self.conversion.get("max", high))
            )
        return None

    @property
    def choices(self) -> list[str]:
        """The answers of a choice type, best first (a stored pack's JSON may reorder its keys)."""
        if self.answer_type not in CHOICE_TYPES:
            return []
        return sorted(self.conversion, key=lambda c: (-Decimal(str(self.conversion[c])), c))

    @property
    def multiplied_by(self) -> str:
        return str(self.extra.get("multiplied_by") or "")


@dataclass(frozen=True)
class Worksheet:
    """A pack's nodes in order, with the items, the coefficient and the index parts found."""

    nodes: dict[str, Node]
    roots: tuple[str, ...]
    coefficient: Node | None

    @property
    def items(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.is_item]

    def by_ref(self) -> dict[str, Node]:
        found = {node.ref: node for node in self.items if node.ref}
        if self.coefficient is not None and self.coefficient.ref:
            found[self.coefficient.ref] = self.coefficient
        return found

    def index_part(self, key: str) -> str:
        """'general' or 'tematik' for a root (roots not marked count as general)."""
        return "tematik" if self.nodes[key].extra.get("index_part") == "tematik" else "general"

    def path(self, key: str) -> list[Node]:
        """The node and its ancestors, root first."""
        chain = []
        current: Node | None = self.nodes.get(key)
        while current is not None:
            chain.append(current)
            current = self.nodes.get(current.parent) if current.parent else None
        return chain[::-1]

    def descendants(self, key: str) -> list[Node]:
        """The node's subtree in pack order (the node first)."""
        found = [self.nodes[key]]
        for child in self.nodes[key].children:
            found.extend(self.descendants(child))
        return found


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def build(nodes: Iterable[Mapping[str, Any]]) -> Worksheet:
    """The worksheet of a pack's node dicts (``PackVersion.document["nodes"]`` or parsed YAML)."""
    raw = [dict(n) for n in nodes if n.get("kind") != "band"]
    children: dict[str, list[str]] = {}
    for n in raw:
        if n.get("parent"):
            children.setdefault(n["parent"], []).append(n["key"])
    weights = {n["key"]: _decimal(n.get("weight")) for n in raw}
    coefficient_key = next((n["key"] for n in raw if (n.get("extra") or {}).get("applies_to")), "")
    built: dict[str, Node] = {}
    for n in raw:
        key = n["key"]
        weight = weights[key]
        weighted = [w for c in children.get(key, []) if (w := weights[c])]
        covered = bool(weighted) and abs(sum(weighted, ZERO) - (weight or ZERO)) <= TOLERANCE
        built[key] = Node(
            key=key,
            parent=n.get("parent") or "",
            ref=n.get("ref") or "",
            title=n.get("title") or "",
            kind=n.get("kind") or "",
            weight=weight,
            answer_type=n.get("answer_type") or "",
            conversion=dict(n.get("conversion") or {}),
            extra=dict(n.get("extra") or {}),
            is_item=key != coefficient_key
            and bool(weight)
            and not covered
            and _under_no_item(n, raw, weights, children),
            children=tuple(children.get(key, [])),
        )
    roots = tuple(n["key"] for n in raw if not n.get("parent") and n["key"] != coefficient_key)
    return Worksheet(nodes=built, roots=roots, coefficient=built.get(coefficient_key))


def _under_no_item(
    node: Mapping[str, Any],
    raw: list[dict],
    weights: dict[str, Decimal | None],
    children: dict[str, list[str]],
) -> bool:
    """False when an ancestor is already an item (below an item nothing is scored on its own)."""
    by_key = {n["key"]: n for n in raw}
    parent = node.get("parent")
    while parent and parent in by_key:
        weight = weights[parent]
        weighted = [w for c in children.get(parent, []) if (w := weights[c])]
        if weight and not (weighted and abs(sum(weighted, ZERO) - weight) <= TOLERANCE):
            return False
        parent = by_key[parent].get("parent")
    return True


# Answers ---------------------------------------------------------------------------------------


def parse_number(text: str) -> Decimal | None:
    """A number typed the Indonesian way or the plain way: "85", "85,5", "1.250,5", "85 %"."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    return _decimal(cleaned)


def normalise(node: Node, text: Any) -> str:
    """The answer in its stored form ("Ya", "B", "85.5", "WTP", "NA"), or AnswerError."""
    value = str(text if text is not None else "").strip()
    if not value:
        raise AnswerError(_("Jawaban kosong."))
    if value.upper() in {NA, "N/A", "TIDAK BERLAKU"}:
        return NA
    if node.answer_type in CHOICE_TYPES:
        for choice in node.choices:
            if choice.casefold() == value.casefold():
                return choice
        if node.answer_type == "category":
            raise AnswerError(
                _("Pilihan %(v)r tidak dikenal untuk %(ref)s; paket hanya memuat: %(c)s.")
                % {"v": value, "ref": node.ref, "c": ", ".join(node.choices)}
            )
        raise AnswerError(
            _("Jawaban %(ref)s harus salah satu dari: %(c)s.")
            % {"ref": node.ref, "c": ", ".join(node.choices)}
        )
    bounds = node.range
    number = parse_number(value)
    if bounds is None:
        raise AnswerError(_("Paket tidak memuat jenis jawaban untuk %s.") % node.ref)
    if number is None:
        raise AnswerError(
            _("Jawaban %(ref)s harus berupa angka, bukan %(v)r.") % {"ref": node.ref, "v": value}
        )
    low, high = bounds
    if not low <= number <= high:
        raise AnswerError(
            _("Jawaban %(ref)s harus antara %(lo)s dan %(hi)s; tertulis %(v)s.")
            % {"ref": node.ref, "lo": plain(low), "hi": plain(high), "v": plain(number)}
        )
    return plain(number)


def ratio(node: Node, stored: str) -> Decimal:
    """The 0–1 share of the weight an answer in stored form earns (before any multiplier)."""
    if node.answer_type in CHOICE_TYPES:
        return Decimal(str(node.conversion[stored]))
    bounds = node.range
    high = bounds[1] if bounds else ZERO
    return Decimal(stored) / high if high else ZERO


def best_answer(node: Node) -> str:
    """The answer that earns the whole weight (for what-if and the next-points list)."""
    if node.answer_type in CHOICE_TYPES:
        return max(node.choices, key=lambda c: Decimal(str(node.conversion[c])))
    bounds = node.range
    return plain(bounds[1]) if bounds else "0"


def parse_coefficient(worksheet: Worksheet, text: Any) -> Decimal:
    """The government coefficient within the pack's range (−10…+1 for 2023)."""
    node = worksheet.coefficient
    if node is None:
        raise AnswerError(_("Lembar kerja ini tidak memuat koefisien."))
    number = parse_number(str(text))
    low, high = _decimal(node.extra.get("min")), _decimal(node.extra.get("max"))
    if number is None:
        raise AnswerError(_("Koefisien harus berupa angka."))
    if low is not None and high is not None and not low <= number <= high:
        raise AnswerError(
            _("Koefisien harus antara %(lo)s dan %(hi)s.") % {"lo": plain(low), "hi": plain(high)}
        )
    return number


def plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


# Scoring ---------------------------------------------------------------------------------------


@dataclass
class NodeScore:
    key: str
    ref: str
    title: str
    weight: Decimal
    points: Decimal = ZERO
    applicable: Decimal = ZERO  # the weight still counted (NA removed)
    answer: str = ""
    factor: Decimal = ONE  # multiplier of a multiplied item
    is_item: bool = False
    missing: bool = False

    @property
    def ratio(self) -> Decimal:
        return self.points / self.applicable if self.applicable else ZERO


@dataclass
class Score:
    rb_general: Decimal
    rb_tematik: Decimal
    index: Decimal
    band: str
    band_label: str
    raw_general: Decimal
    applicable_general: Decimal
    full_general: Decimal
    coefficient: Decimal
    missing: list[str]
    nodes: dict[str, NodeScore] = field(default_factory=dict)

    def as_json(self, worksheet: Worksheet) -> dict[str, Any]:
        """The command line's JSON: numbers rounded to 2 decimals."""
        return {
            "rb_general": r2(self.rb_general),
            "rb_tematik": r2(self.rb_tematik),
            "index": r2(self.index),
            "band": self.band,
            "missing": [worksheet.nodes[k].ref or k for k in self.missing],
            "nodes": [
                {"ref": s.ref or s.key, "points": r2(s.points), "weight": r2(s.weight)}
                for s in self.nodes.values()
            ],
        }


def r2(number: Decimal) -> float:
    return float(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: Decimal
    high: Decimal


def bands_of(nodes: Iterable[Mapping[str, Any]]) -> list[Band]:
    """The bands of a bands pack, lowest first."""
    found = []
    for n in nodes:
        if n.get("kind") != "band":
            continue
        extra = n.get("extra") or {}
        low, high = _decimal(extra.get("min")), _decimal(extra.get("max"))
        if low is None or high is None:
            continue
        found.append(
            Band(n.get("ref") or n["key"], str(extra.get("label") or n.get("title") or ""), low, high)
        )
    return sorted(found, key=lambda b: b.low)


def band_for(value: Decimal, bands: list[Band]) -> Band | None:
    if not bands:
        return None
    if value > bands[-1].high:
        return bands[-1]
    for band in bands:
        if band.low < value <= band.high or (band is bands[0] and value == band.low):
            return band
    return bands[0] if value < bands[0].low else None


def score(
    worksheet: Worksheet,
    answers: Mapping[str, str],
    *,
    coefficient: Decimal | None = None,
    bands: list[Band] | None = None,
) -> Score:
    """Score stored-form answers (key → "B", "85", "NA"…); unanswered items score 0 and are missing."""
    nodes: dict[str, NodeScore] = {}
    items = {n.key: n for n in worksheet.items}
    base: dict[str, Decimal] = {}
    missing: list[str] = []
    for node in worksheet.nodes.values():
        if node is worksheet.coefficient:
            continue
        nodes[node.key] = NodeScore(node.key, node.ref, node.title, node.weight or ZERO, is_item=node.is_item)
    for key, node in items.items():
        stored = answers.get(key, "")
        entry = nodes[key]
        entry.answer = stored
        if stored == NA:
            entry.applicable = ZERO
            continue
        entry.applicable = entry.weight
        if not stored:
            entry.missing = True
            missing.append(key)
            base[key] = ZERO
            continue
        base[key] = ratio(node, stored) * entry.weight
    for key, node in items.items():
        entry = nodes[key]
        if key not in base:
            continue
        linked = items.get(node.multiplied_by)
        if linked is not None and linked.weight:
            if answers.get(linked.key, "") == NA:
                entry.factor = ONE
            else:
                entry.factor = base.get(linked.key, ZERO) / linked.weight
        entry.points = base[key] * entry.factor

    def roll(key: str) -> tuple[Decimal, Decimal]:
        entry = nodes[key]
        if entry.is_item:
            return entry.points, entry.applicable
        points = applicable = ZERO
        has_item_below = False
        for child in worksheet.nodes[key].children:
            if child not in nodes:
                continue
            p, a = roll(child)
            points += p
            applicable += a
            has_item_below = has_item_below or _has_item(worksheet, child)
        entry.points = points
        entry.applicable = applicable if has_item_below else ZERO
        return points, entry.applicable

    raw_general = applicable_general = full_general = tematik = ZERO
    for root in worksheet.roots:
        points, applicable = roll(root)
        if worksheet.index_part(root) == "tematik":
            tematik += points
        else:
            raw_general += points
            applicable_general += applicable
            full_general += nodes[root].weight
    k = coefficient or ZERO
    general = (raw_general + k) / applicable_general * full_general if applicable_general else ZERO
    index = general + tematik
    band = band_for(index, bands or [])
    return Score(
        rb_general=general,
        rb_tematik=tematik,
        index=index,
        band=band.code if band else "",
        band_label=band.label if band else "",
        raw_general=raw_general,
        applicable_general=applicable_general,
        full_general=full_general,
        coefficient=k,
        missing=missing,
        nodes=nodes,
    )


def _has_item(worksheet: Worksheet, key: str) -> bool:
    node = worksheet.nodes[key]
    return node.is_item or any(_has_item(worksheet, c) for c in node.children)


# Where the next points are ---------------------------------------------------------------------


@dataclass(frozen=True)
class Gain:
    key: str
    ref: str
    title: str
    gain: Decimal  # index points won by answering this item at its best
    current: Decimal
    weight: Decimal


def next_points(
    worksheet: Worksheet,
    answers: Mapping[str, str],
    *,
    coefficient: Decimal | None = None,
) -> list[Gain]:
    """Items ranked by the index points still available: the index with the item at its best answer
    minus the index now (so multiplied items and the items that multiply others count in full)."""
    now = score(worksheet, answers, coefficient=coefficient)
    gains = []
    for node in worksheet.items:
        stored = answers.get(node.key, "")
        if stored == NA:
            continue
        best = best_answer(node)
        if stored == best:
            continue
        trial = dict(answers)
        trial[node.key] = best
        gain = score(worksheet, trial, coefficient=coefficient).index - now.index
        if gain > 0:
            gains.append(
                Gain(node.key, node.ref, node.title, gain, now.nodes[node.key].points, node.weight or ZERO)
            )
    return sorted(gains, key=lambda g: (-g.gain, g.ref))
