"""Extension points the higher apps (the clinic) register into at their ``AppConfig.ready``.

The road map app never imports the clinic; the clinic adds submit checks, panels on the road-map
page, a live panel beside the action matrix, badges next to action rows, the address of focus
hints for the activity being typed, and what to do after the content changed through these
registries. After every content write the road map's views call ``content_changed`` (the clinic
reviews once and stores the result there) and their htmx answers carry the ``HX-Trigger:
roadmap-changed`` header (``CHANGED_EVENT``): panels that listen (``hx-trigger="roadmap-changed
from:body"``) refresh themselves from what was stored.
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
RowBadge = Callable[[Any, str], str]
FocusHints = Callable[[Any, list[str]], str]
Changed = Callable[[Any], None]

CHANGED_EVENT = "roadmap-changed"

_submit_checks: list[SubmitCheck] = []
_panels: list[Panel] = []
_row_badges: list[RowBadge] = []
_matrix_panels: list[Panel] = []
_focus_hints: list[FocusHints] = []
_changed: list[Changed] = []


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
    """``fn(roadmap, action_uid) -> str``: an HTML fragment next to the edited row."""
    if fn not in _row_badges:
        _row_badges.append(fn)
    return fn


def register_matrix_panel(fn: Panel) -> Panel:
    """``fn(request, roadmap) -> (template name, context) | None``: a panel beside the action matrix.
    It must be cheap to render (load its content itself, e.g. ``hx-trigger="load"``): the matrix
    page has to stay fast with hundreds of rows."""
    if fn not in _matrix_panels:
        _matrix_panels.append(fn)
    return fn


def register_focus_hints(fn: FocusHints) -> FocusHints:
    """``fn(roadmap, focus_keys) -> url | ""``: where the action form asks, while the activity is
    typed, which focus node it belongs to (GET with ``activity=…``; answers an HTML fragment whose
    buttons carry ``data-set-focus``). The first non-empty answer wins."""
    if fn not in _focus_hints:
        _focus_hints.append(fn)
    return fn


def register_changed(fn: Changed) -> Changed:
    """``fn(roadmap)``: called by the road map's views after each write of its content (a row,
    chapter or section saved, added, duplicated, moved or deleted), before they answer."""
    if fn not in _changed:
        _changed.append(fn)
    return fn


def content_changed(roadmap: Any) -> None:
    for fn in _changed:
        fn(roadmap)


def submit_blockers(roadmap: Any, plain: PlainRoadmap) -> list[str]:
    return [reason for fn in _submit_checks for reason in fn(roadmap, plain)]


def panels(request: HttpRequest, roadmap: Any) -> list[tuple[str, dict[str, Any]]]:
    return [panel for fn in _panels if (panel := fn(request, roadmap)) is not None]


def matrix_panels(request: HttpRequest, roadmap: Any) -> list[tuple[str, dict[str, Any]]]:
    return [panel for fn in _matrix_panels if (panel := fn(request, roadmap)) is not None]


def focus_hint_url(roadmap: Any, focus_keys: list[str]) -> str:
    return next((url for fn in _focus_hints if (url := fn(roadmap, focus_keys))), "")


def row_badges(roadmap: Any, action_uid: str) -> str:
    return "".join(fn(roadmap, action_uid) for fn in _row_badges)
