"""A Gantt chart of rows by quarter as a standalone SVG string (no models; reusable in documents)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

LABEL_WIDTH = 300
CELL = 22
ROW = 22
HEAD = 44


@dataclass
class GanttRow:
    label: str
    quarters: list[tuple[int, int]] = field(default_factory=list)  # (year, quarter 1..4)
    group: str = ""
    kind: str = "action"  # action or quick_win: drawn in two colours


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw(rows: list[GanttRow], years: list[int], title: str = "") -> str:
    """One line per row, one column per quarter of ``years``; filled cells are the schedule."""
    columns = [(y, q) for y in years for q in (1, 2, 3, 4)]
    index = {c: i for i, c in enumerate(columns)}
    width = LABEL_WIDTH + CELL * len(columns) + 10
    height = HEAD + ROW * max(len(rows), 1) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for i, year in enumerate(years):
        x = LABEL_WIDTH + i * 4 * CELL
        out.append(f'<text x="{x + 2 * CELL}" y="16" text-anchor="middle" font-weight="bold">{year}</text>')
        for q in range(4):
            cx = x + q * CELL
            out.append(f'<text x="{cx + CELL / 2}" y="34" text-anchor="middle" fill="#555">{q + 1}</text>')
        out.append(f'<line x1="{x}" y1="4" x2="{x}" y2="{height - 6}" stroke="#999"/>')
    for r, row in enumerate(rows):
        y = HEAD + r * ROW
        if r % 2 == 0:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{ROW}" fill="#f3f5f8"/>')
        label = escape(_short(row.label))
        out.append(f'<text x="6" y="{y + 15}"><title>{escape(row.label)}</title>{label}</text>')
        colour = "#b45309" if row.kind == "quick_win" else "#1d4ed8"
        for cell in row.quarters:
            if cell in index:
                x = LABEL_WIDTH + index[cell] * CELL
                out.append(
                    f'<rect x="{x + 2}" y="{y + 4}" width="{CELL - 4}" height="{ROW - 8}" rx="3" '
                    f'fill="{colour}"/>'
                )
    if not rows:
        out.append(f'<text x="6" y="{HEAD + 15}" fill="#555">—</text>')
    out.append("</svg>")
    return "".join(out)


def quarters_of(schedule: list[str]) -> list[tuple[int, int]]:
    """["2026-Q1", …] → [(2026, 1), …]; entries of another shape are skipped."""
    cells = []
    for item in schedule:
        year, _, quarter = item.partition("-Q")
        if year.isdigit() and quarter in {"1", "2", "3", "4"}:
            cells.append((int(year), int(quarter)))
    return cells
