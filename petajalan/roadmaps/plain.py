"""A road map as plain data, independent of the database.

This is the one shape that travels: snapshots are its canonical JSON (with a SHA-256), the
documents (DOCX, PDF, XLSX, CSV, JSON) are rendered from it, spreadsheet imports are parsed into
it before anything is written, and the clinic reviews it (stored or straight from a file).
Periods are rows: targets, quarterly targets and budgets are lists keyed by year (and quarter).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from petajalan.lib.gc_pause import gc_paused

SCHEMA_VERSION = 1


@dataclass
class FocusRef:
    """A framework node an action or problem is filed under (area, main activity or theme)."""

    key: str
    ref: str = ""
    title: str = ""
    kind: str = ""
    pack: str = ""
    version: str = ""


@dataclass
class YearValue:
    year: int
    value: Decimal | None


@dataclass
class QuarterValue:
    year: int
    quarter: int  # 1..4
    value: Decimal | None


@dataclass
class Problem:
    uid: str
    focus_key: str
    statement: str
    evidence: str = ""  # the evidence of the current condition
    order: int = 0


@dataclass
class Action:
    uid: str
    focus_key: str
    activity: str
    problem_uids: list[str] = field(default_factory=list)
    subactivity_code: str = ""
    output: str = ""
    indicator: str = ""
    unit_of_measure: str = ""
    direction: str = "up"  # up, down or keep: which way the indicator should move
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    targets: list[YearValue] = field(default_factory=list)
    quarter_targets: list[QuarterValue] = field(default_factory=list)
    budgets: list[YearValue] = field(default_factory=list)  # rupiah per year
    no_budget_needed: bool = False
    responsible_unit: str = ""  # unit short name
    supporting_units: list[str] = field(default_factory=list)
    schedule: list[str] = field(default_factory=list)  # e.g. ["2026-Q1", "2026-Q2"]
    expected_evidence: str = ""
    cascade_uid: str = ""  # the city-level action this one serves
    order: int = 0


@dataclass
class QuickWin:
    uid: str
    title: str
    change_for_citizens: str = ""
    owner: str = ""
    deadline: dt.date | None = None
    before_measure: str = ""
    after_measure: str = ""
    expected_evidence: str = ""
    order: int = 0


@dataclass
class Chapter:
    key: str  # the outline node key
    ref: str  # "BAB I"
    title: str
    body: str = ""  # Markdown
    guidance: str = ""
    is_required: bool = True
    order: int = 0


@dataclass
class TeamMember:
    team: str  # steering, implementing or working_group
    role: str  # e.g. Ketua, Sekretaris, Anggota
    name: str
    position: str = ""
    nip: str = ""
    group: str = ""  # working-group name
    order: int = 0


@dataclass
class ChangeAgent:
    name: str
    position: str = ""
    nip: str = ""
    unit: str = ""
    action_plan: str = ""  # rencana tindak
    order: int = 0


@dataclass
class Signatory:
    name: str = ""
    nip: str = ""
    position: str = ""
    rank: str = ""
    place: str = ""
    signed_on: dt.date | None = None


@dataclass
class PlainRoadmap:
    level: str  # "unit" or "government"
    government: str
    government_slug: str
    title: str
    period_label: str  # printed exactly as stored, e.g. "2025-2029"
    start_year: int
    end_year: int
    unit: str = ""  # unit name, empty at government level
    unit_short_name: str = ""
    unit_code: str = ""
    status: str = "draft"
    frameworks: list[dict[str, str]] = field(default_factory=list)  # [{"pack":…, "version":…}]
    focus_nodes: list[FocusRef] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    quick_wins: list[QuickWin] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    change_agents: list[ChangeAgent] = field(default_factory=list)
    signatory: Signatory = field(default_factory=Signatory)
    enactment_number: str = ""
    enacted_on: dt.date | None = None
    schema_version: int = SCHEMA_VERSION

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def focus(self, key: str) -> FocusRef | None:
        return next((f for f in self.focus_nodes if f.key == key), None)


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        # canonical: no exponent, no trailing zeros ("1250000", "2.6")
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def to_dict(roadmap: PlainRoadmap) -> dict[str, Any]:
    """JSON-ready dict: decimals as strings, dates as ISO strings."""
    return _encode(roadmap)


def canonical_json(roadmap: PlainRoadmap | dict[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the same road map always gives the same bytes."""
    data = roadmap if isinstance(roadmap, dict) else to_dict(roadmap)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(roadmap: PlainRoadmap | dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(roadmap).encode("utf-8")).hexdigest()


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(text: str) -> PlainRoadmap:
    """``from_dict(json.loads(text))`` for a stored snapshot, with the cycle collector paused: a
    city road map's 6.7 MB become ~250,000 objects, none in a cycle, and the collector walked them
    all again and again (0.3-0.45 s -> 0.15-0.2 s at 6,000 actions, decision 0056 addendum 4)."""
    with gc_paused():
        return from_dict(json.loads(text))


def from_dict(data: dict[str, Any]) -> PlainRoadmap:
    """The inverse of ``to_dict`` (for stored snapshots and JSON imports)."""
    decimals: dict[str, Decimal] = {}  # a road map repeats a few dozen values ~90,000 times

    def dec(value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        text = value if type(value) is str else str(value)  # 1 and 1.0 stay apart
        try:
            return decimals[text]
        except KeyError:
            decimals[text] = found = Decimal(text)
            return found

    def years(rows: list[dict[str, Any]]) -> list[YearValue]:
        return [YearValue(int(r["year"]), dec(r["value"])) for r in rows]

    actions = []
    for a in data.get("actions", []):
        a = dict(a)
        a["baseline_value"] = dec(a.get("baseline_value"))
        a["targets"] = years(a.get("targets", []))
        a["budgets"] = years(a.get("budgets", []))
        a["quarter_targets"] = [
            QuarterValue(int(r["year"]), int(r["quarter"]), dec(r["value"]))
            for r in a.get("quarter_targets", [])
        ]
        actions.append(Action(**a))
    quick_wins = []
    for q in data.get("quick_wins", []):
        q = dict(q)
        q["deadline"] = _date(q.get("deadline"))
        quick_wins.append(QuickWin(**q))
    sig = dict(data.get("signatory") or {})
    sig["signed_on"] = _date(sig.get("signed_on"))
    simple = {
        k: v
        for k, v in data.items()
        if k
        not in {
            "focus_nodes",
            "chapters",
            "problems",
            "actions",
            "quick_wins",
            "team",
            "change_agents",
            "signatory",
            "enacted_on",
        }
    }
    return PlainRoadmap(
        **simple,
        focus_nodes=[FocusRef(**f) for f in data.get("focus_nodes", [])],
        chapters=[Chapter(**c) for c in data.get("chapters", [])],
        problems=[Problem(**p) for p in data.get("problems", [])],
        actions=actions,
        quick_wins=quick_wins,
        team=[TeamMember(**t) for t in data.get("team", [])],
        change_agents=[ChangeAgent(**c) for c in data.get("change_agents", [])],
        signatory=Signatory(**sig),
        enacted_on=_date(data.get("enacted_on")),
    )
