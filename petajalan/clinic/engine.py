"""The review engine: rules read a ``PlainRoadmap`` and return findings (pure, no database).

Each rule has a stable code, a default severity and a source; it returns how many items it
checked and the findings it raised, so readiness is the share of checks passed, weighted by
severity, per road map and per chapter. Rules live in ``petajalan.clinic.rules``; their
thresholds and word lists in ``data/review.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from petajalan.clinic.data import load_config
from petajalan.roadmaps.plain import PlainRoadmap


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("Menghambat pengajuan")
    WARNING = "warning", _("Perlu diperbaiki")
    HINT = "hint", _("Saran")


SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.HINT: 2}


@dataclass(frozen=True)
class Location:
    """Where a finding sits: a chapter (outline key), optionally a row (uid) and a field."""

    chapter: str = ""
    row: str = ""
    field: str = ""
    label: str = ""  # human wording, e.g. "Rencana aksi no. 3 · indikator"

    def key(self) -> str:
        return "|".join((self.chapter, self.row, self.field))


@dataclass(frozen=True)
class Source:
    text: str
    pack: str = ""
    node: str = ""
    verified: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: Location
    message: str
    reason: str
    fix: str
    source: Source
    example: str = ""
    items: int = 1  # checked items this finding stands for: a group of n near copies is n − 1

    @property
    def fingerprint(self) -> str:
        """Stable identity across reviews, used to keep a drafter's acknowledgement."""
        return f"{self.rule}|{self.location.key()}"

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["message"] = str(self.message)
        data["reason"] = str(self.reason)
        data["fix"] = str(self.fix)
        data["location"] = {**asdict(self.location), "label": str(self.location.label)}
        data["source"] = asdict(self.source)
        data["fingerprint"] = self.fingerprint
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of ``as_dict`` (for the review stored with the readiness)."""
        return cls(
            rule=data["rule"],
            severity=data["severity"],
            location=Location(**data["location"]),
            message=data["message"],
            reason=data["reason"],
            fix=data["fix"],
            source=Source(**data["source"]),
            example=data.get("example", ""),
            items=data.get("items", 1),
        )


@dataclass
class Context:
    """What a rule may need beyond the road map itself."""

    today: dt.date = field(default_factory=dt.date.today)
    focus_keys: list[str] | None = None  # focus nodes of the pack in force; None: the road map's own
    units: list[str] = field(default_factory=list)  # short names of the government's active units
    config: dict[str, Any] = field(default_factory=load_config)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def thresholds(self) -> dict[str, Any]:
        return self.config["thresholds"]

    def source(self, name: str) -> Source:
        return Source(**self.config["sources"][name])

    def chapter(self, part: str) -> str:
        return self.config["chapters"][part]

    def severity(self, code: str) -> str:
        """The rule's severity at the level of the road map under review."""
        level = self.cache.get("level", "")
        return self.config.get("severity_overrides", {}).get(level, {}).get(code, RULES[code].severity)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    chapter_part: str
    check: Callable[[PlainRoadmap, Context], tuple[int, list[Finding]]]
    levels: tuple[str, ...] = ("unit", "government")


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: str, title: Any, chapter_part: str, levels: tuple[str, ...] = ("unit", "government")
) -> Callable[[Callable[[PlainRoadmap, Context], tuple[int, list[Finding]]]], Rule]:
    """Register a rule function under a stable code."""

    def register(fn: Callable[[PlainRoadmap, Context], tuple[int, list[Finding]]]) -> Rule:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, severity, title, chapter_part, fn, levels)
        return RULES[code]

    return register


@dataclass
class Review:
    """The findings of one review with the number of checks behind them."""

    findings: list[Finding]
    checks: dict[str, int]  # rule code -> items checked
    chapter_checks: dict[str, float]  # chapter key -> weight checked
    chapters: dict[str, str]  # chapter key -> "BAB IV Rencana Aksi"

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.is_blocking]

    def readiness(self, acknowledged: Iterable[str] = ()) -> int:
        """0–100: the weighted share of checks passed; acknowledged non-blocking findings pass."""
        return _score(self.findings, sum(self.chapter_checks.values()), set(acknowledged))

    def chapter_readiness(self, acknowledged: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Readiness per chapter, in outline order, with its findings."""
        done = set(acknowledged)
        rows = []
        for key, weight in sorted(self.chapter_checks.items()):
            mine = [f for f in self.findings if f.location.chapter == key]
            rows.append(
                {
                    "chapter": key,
                    "title": self.chapters.get(key, key),
                    "readiness": _score(mine, weight, done),
                    "findings": len(mine),
                    "blocking": sum(1 for f in mine if f.is_blocking),
                }
            )
        return rows

    def for_row(self, uid: str) -> list[Finding]:
        return [f for f in self.findings if f.location.row == uid]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: what ``clinic.services`` stores so pages read a review instead of running one."""
        return {
            "findings": [f.as_dict() for f in self.findings],
            "checks": self.checks,
            "chapter_checks": self.chapter_checks,
            "chapters": self.chapters,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Review:
        return cls(
            [Finding.from_dict(f) for f in data["findings"]],
            dict(data["checks"]),
            dict(data["chapter_checks"]),
            dict(data["chapters"]),
        )


def _weight(severity: str) -> float:
    return float(load_config()["severity_weights"][severity])


BLOCKED_FACTOR = 0.8  # any blocking finding keeps the score below 80: "not ready to submit"


def _score(findings: list[Finding], checked_weight: float, acknowledged: set[str]) -> int:
    """Weighted share of checks passed; scaled by 0.8 while a blocking finding remains."""
    if checked_weight <= 0:
        return 100
    lost = sum(
        _weight(f.severity) * f.items for f in findings if f.is_blocking or f.fingerprint not in acknowledged
    )
    share = max(0.0, 1 - lost / checked_weight)
    if any(f.is_blocking for f in findings):
        share *= BLOCKED_FACTOR
    return max(0, min(100, round(100 * share)))


def review(plain: PlainRoadmap, context: Context | None = None, *, only: Iterable[str] = ()) -> Review:
    """Run every rule (or ``only`` these codes) on ``plain``; findings sorted by severity, place."""
    from petajalan.clinic import rules  # noqa: F401  (registers the rules)

    context = context or Context()
    context.cache["level"] = plain.level
    wanted = set(only)
    findings: list[Finding] = []
    checks: dict[str, int] = {}
    chapter_checks: dict[str, float] = {}
    for code, item in RULES.items():
        if (wanted and code not in wanted) or plain.level not in item.levels:
            continue
        checked, found = item.check(plain, context)
        checks[code] = checked
        chapter = context.chapter(item.chapter_part) if item.chapter_part != "chapters" else ""
        weight = _weight(context.severity(code))
        if chapter:
            chapter_checks[chapter] = chapter_checks.get(chapter, 0.0) + checked * weight
        else:  # chapter rules check one item per chapter, each in its own chapter
            for ch in plain.chapters:
                if ch.is_required:
                    chapter_checks[ch.key] = chapter_checks.get(ch.key, 0.0) + weight
        findings.extend(found)
    order = {a.uid: i for i, a in enumerate(plain.actions)}
    findings.sort(
        key=lambda f: (
            SEVERITY_ORDER.get(Severity(f.severity), 9),
            f.location.chapter,
            order.get(f.location.row, -1),
            f.rule,
        )
    )
    titles = dict(context.config.get("chapter_titles", {}))
    titles |= {c.key: f"{c.ref} {c.title}".strip() for c in plain.chapters}
    return Review(findings, checks, chapter_checks, titles)
