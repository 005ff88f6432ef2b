"""Extension points the higher apps (the clinic) register into at their ``AppConfig.ready``.

The road map app never imports the clinic; the clinic adds submit checks, panels on the road-map
page and badges next to action rows through these three registries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from petajalan.roadmaps.plain import PlainRoadmap

log = logging.getLogger(__name__)

SubmitCheck = Callable[[Any, PlainRoadmap], list[str]]
Panel = Callable[[HttpRequest, Any], "tuple[str, dict[str, Any]] | None"]
RowBadge = Callable[[Any, PlainRoadmap, str], str]

_submit_checks: list[SubmitCheck] = []
_panels: list[Panel] = []
_row_badges: list[RowBadge] = []


def register_submit_check(fn: SubmitCheck) -> SubmitCheck:
    """``fn(roadmap, plain) -> list[str]``: blocking reasons shown on the submit page."""
    if fn not in _submit_checks:
        _submit_checks.append(fn)
    return fn


def register_panel(fn: Panel) -> Panel:
    """``fn(request, roadmap) -> (template name, context) | None``: an extra panel on the page."""
    if fn not in _panels:
        _panels.append(fn)
    return fn


def register_row_badge(fn: RowBadge) -> RowBadge:
    """``fn(roadmap, plain, action_uid) -> str``: an HTML fragment next to the edited row."""
    if fn not in _row_badges:
        _row_badges.append(fn)
    return fn


def submit_blockers(roadmap: Any, plain: PlainRoadmap) -> list[str]:
    return [reason for fn in _submit_checks for reason in fn(roadmap, plain)]


def panels(request: HttpRequest, roadmap: Any) -> list[tuple[str, dict[str, Any]]]:
    return [panel for fn in _panels if (panel := fn(request, roadmap)) is not None]


def has_row_badges() -> bool:
    return bool(_row_badges)


def row_badges(roadmap: Any, plain: PlainRoadmap, action_uid: str) -> str:
    return "".join(fn(roadmap, plain, action_uid) for fn in _row_badges)
