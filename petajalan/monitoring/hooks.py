"""Extension points higher apps (the clinic) register into at their ``AppConfig.ready``.

Monitoring never imports the clinic: the clinic registers report checks (findings shown on the
quarter page before submission, the same reasons/fix format as its road-map review).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ReportPanel = Callable[[Any, Any], "tuple[str, dict[str, Any]] | None"]  # (request, report)

_report_panels: list[ReportPanel] = []


def register_report_panel(fn: ReportPanel) -> ReportPanel:
    """``fn(request, report) -> (template name, context) | None``: a panel on the quarter page."""
    if fn not in _report_panels:
        _report_panels.append(fn)
    return fn


def report_panels(request: Any, report: Any) -> list[tuple[str, dict[str, Any]]]:
    return [panel for fn in _report_panels if (panel := fn(request, report)) is not None]
