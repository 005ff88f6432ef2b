"""The document engine the reports app lends the self-assessment (DOCX, PDF, XLSX out and in).

Evaluations sits below the reports app in the import order: its views and commands ask for the
internal evaluation report and the answers workbook through this registry, which
``ReportsConfig.ready`` fills (as ``monitoring.documents.register_engine`` for the quarterly report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.utils.text import slugify

from petajalan.monitoring.documents import EngineMissing, Export

if TYPE_CHECKING:
    from petajalan.evaluations.models import Cycle

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "DocumentEngine",
    "EngineMissing",
    "Export",
    "engine",
    "export",
    "register_engine",
]


class DocumentEngine(Protocol):
    """What the reports app provides for a cycle."""

    def render_report(self, cycle: Cycle, fmt: str) -> bytes:
        """The internal evaluation report as ``fmt`` ("pdf" or "docx")."""

    def write_workbook(self, cycle: Cycle, user: Any = None) -> bytes:
        """The answers workbook (evidence listed as ``user`` may see it; None: all)."""

    def check_import(self, cycle: Cycle, content: bytes, user: Any = None) -> Any:
        """An uploaded answers workbook checked against the cycle: every problem, or the changes
        (``evaluation_xlsx.ImportCheck``); ``user`` None checks with every right."""

    def apply_import(self, *, actor: Any, cycle: Cycle, batch: list[dict[str, Any]], user: Any = None) -> int:
        """Write a checked batch through ``services.answer_self``, all or nothing."""

    def import_refusal(self, cycle: Cycle, user: Any = None) -> str:
        """Why ``user`` cannot import answers into the cycle now ("" when they can)."""


_engines: list[DocumentEngine] = []


def register_engine(engine: DocumentEngine) -> DocumentEngine:
    _engines[:] = [engine]
    return engine


def engine() -> DocumentEngine:
    if not _engines:
        raise EngineMissing("no evaluation document engine registered")
    return _engines[0]


def export(cycle: Cycle, fmt: str, user: Any = None) -> Export:
    """The cycle's report (pdf, docx) or answers workbook (xlsx), named for the download."""
    name = f"evaluasi-rb-{slugify(cycle.government.slug)}-{cycle.year}.{fmt}"
    if fmt == "xlsx":
        content = engine().write_workbook(cycle, user)
    elif fmt in ("pdf", "docx"):
        content = engine().render_report(cycle, fmt)
    else:
        raise ValueError(fmt)
    return Export(content, name, CONTENT_TYPES[fmt])
