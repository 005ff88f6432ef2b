"""Charts as standalone SVG strings drawn on the server: no models, no script, no external asset.

Each function returns one ``<svg>`` with an explicit width and height, a ``<title>``, and a text
label on every bar (the value and its status in words); each status has a fill pattern as well as a
colour, so a chart reads in greyscale print and without colour vision. The same string is inlined
in the pages (beside a table with the same numbers) and embedded in the Typst PDF of the quarterly
report. Callers pass the words (status names, captions) already translated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from petajalan.lib.formatting import angka

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
INK = "#1b2430"
CHAR = 7.2  # average advance of a DejaVu Sans character at 12 px, to shorten labels that would not fit
HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
MUTED = "#4a5563"
GRID = "#c9d0d8"

# status → (colour, pattern); patterns: solid, hatch (diagonal), cross, dots, lines (horizontal),
# empty (outline only). Colours keep ≥ 3:1 against white (WCAG non-text contrast).
STYLES: dict[str, tuple[str, str]] = {
    "green": ("#1a7f37", "solid"),
    "amber": ("#a15c00", "hatch"),
    "red": ("#b42318", "cross"),
    "grey": ("#6b7280", "empty"),
    "verified": ("#1a7f37", "solid"),
    "submitted": ("#1d4ed8", "dots"),
    "returned": ("#a15c00", "hatch"),
    "late": ("#b42318", "cross"),
    "draft": ("#6b7280", "lines"),
}


@dataclass(frozen=True)
class Bar:
    """One bar (or column): ``value`` in percent, None when there is nothing to measure."""

    label: str
    value: Decimal | float | None
    status: str  # a key of STYLES
    status_label: str  # the status in words, printed beside the value
    note: str = ""  # e.g. "12 baris", printed after the status


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: how many items are in a status."""

    label: str
    count: int
    status: str


def _pct(value: Decimal | float | None) -> str:
    return "—" if value is None else f"{angka(Decimal(str(value)), 1)}%"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _uid(*parts: object) -> str:
    """A stable id prefix per chart, so several charts inlined in one page keep their patterns apart."""
    return "c" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:8]


def _defs(uid: str, statuses: set[str]) -> str:
    out = ["<defs>"]
    for status in sorted(statuses):
        colour, kind = STYLES.get(status, STYLES["grey"])
        pid = f"{uid}-{status}"
        if kind == "hatch":
            out.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
                f'<rect width="2" height="6" fill="#ffffff"/></pattern>'
            )
        elif kind == "cross":
            out.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="7" height="7">'
                f'<rect width="7" height="7" fill="{colour}"/>'
                f'<path d="M0 0L7 7M7 0L0 7" stroke="#ffffff" stroke-width="1.2"/></pattern>'
            )
        elif kind == "dots":
            out.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{colour}"/><circle cx="3" cy="3" r="1.3" fill="#ffffff"/>'
                "</pattern>"
            )
        elif kind == "lines":
            out.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="5">'
                f'<rect width="6" height="5" fill="#e5e7eb"/>'
                f'<rect y="3" width="6" height="2" fill="{colour}"/>'
                "</pattern>"
            )
    out.append("</defs>")
    return "".join(out)


def _fill(uid: str, status: str) -> str:
    colour, kind = STYLES.get(status, STYLES["grey"])
    if kind == "solid":
        return f'fill="{colour}"'
    if kind == "empty":
        return f'fill="#ffffff" stroke="{colour}" stroke-dasharray="3 2"'
    return f'fill="url(#{uid}-{status})" stroke="{colour}"'


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT} font-size="12" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _scale_max(values: list[Decimal | float | None]) -> float:
    """100, or above it up to the next gridline (every 25, every 50 beyond 150)."""
    top = max([float(v) for v in values if v is not None] + [100.0])
    step = 25 if top <= 150 else 50
    return float(-(-top // step) * step)


def _step(scale: float) -> int:
    return 25 if scale <= 150 else 50


def horizontal_bars(
    bars: list[Bar],
    *,
    title: str,
    thresholds: tuple[Decimal | float, Decimal | float] | None = None,
    width: int = 720,
    label_width: int = 250,
) -> str:
    """One labelled bar per item on a 0–100 % scale (wider when a value is above 100), with the
    value and the status in words beside each bar and, optionally, the green and amber thresholds
    as dashed lines. Labels sit in a column of ``label_width`` left of the bars (value and status
    after the bar), or, with ``label_width=0``, on a line above each bar with the value and status
    at its right end (narrow charts: phones, long names)."""
    if label_width <= 0:
        return _bars_under_labels(bars, title=title, thresholds=thresholds, width=width)
    row, top, text_room = 26, 28, 205
    x0 = label_width
    plot = width - x0 - text_room
    height = top + row * max(len(bars), 1) + 12
    scale = _scale_max([b.value for b in bars])
    uid = _uid("hbar", title, tuple(bars), width, label_width)
    out = _open(width, height, title)
    out.append(_defs(uid, {b.status for b in bars}))

    def x_of(value: float) -> float:
        return round(x0 + plot * min(value, scale) / scale, 1)

    for tick in range(0, int(scale) + 1, _step(scale)):
        x = x_of(tick)
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 8}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{x}" y="{top - 10}" text-anchor="middle" font-size="10" fill="{MUTED}">{tick}</text>'
        )
    if thresholds:
        for value in thresholds:
            x = x_of(float(value))
            out.append(
                f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 8}" stroke="{INK}" '
                f'stroke-width="1" stroke-dasharray="4 3"/>'
            )
    for n, bar in enumerate(bars):
        y = top + n * row
        label = escape(_short(bar.label, int((label_width - 10) / CHAR)))
        out.append(f'<text x="4" y="{y + 17}"><title>{escape(bar.label)}</title>{label}</text>')
        end = _bar(out, uid, bar, x0, y + 5, x_of)
        fits = int((width - end - 8) / CHAR)
        out.append(f'<text x="{end + 6}" y="{y + 17}" {HALO}>{escape(_short(_words(bar), fits))}</text>')
    if not bars:
        out.append(f'<text x="4" y="{top + 17}" fill="{MUTED}">—</text>')
    out.append("</svg>")
    return "".join(out)


def _words(bar: Bar) -> str:
    return f"{_pct(bar.value)} · {bar.status_label}" + (f" · {bar.note}" if bar.note else "")


def _bar(out: list[str], uid: str, bar: Bar, x0: float, y: float, x_of: Any) -> float:
    """Draw one bar (a small dashed box when there is no value); return where it ends."""
    if bar.value is None:
        out.append(f'<rect x="{x0}" y="{y}" width="18" height="16" {_fill(uid, bar.status)}/>')
        return float(x0 + 18)
    end = float(x_of(float(bar.value)))
    out.append(f'<rect x="{x0}" y="{y}" width="{max(end - x0, 1)}" height="16" {_fill(uid, bar.status)}/>')
    return end


def _bars_under_labels(
    bars: list[Bar],
    *,
    title: str,
    thresholds: tuple[Decimal | float, Decimal | float] | None,
    width: int,
) -> str:
    row, top, x0 = 44, 24, 4
    text_room = min(max([len(_words(b)) for b in bars] + [8]) * CHAR + 12, width / 2)
    plot = width - x0 - text_room
    height = top + row * max(len(bars), 1) + 6
    scale = _scale_max([b.value for b in bars])
    uid = _uid("hbar-above", title, tuple(bars), width)
    out = _open(width, height, title)
    out.append(_defs(uid, {b.status for b in bars}))

    def x_of(value: float) -> float:
        return round(x0 + plot * min(value, scale) / scale, 1)

    ticks = list(range(0, int(scale) + 1, _step(scale)))
    for tick in ticks:
        anchor = "start" if tick == 0 else "middle"
        out.append(
            f'<text x="{x_of(tick)}" y="{top - 8}" text-anchor="{anchor}" font-size="10" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for n, bar in enumerate(bars):
        y = top + n * row
        band = y + 20  # the bar's band, under its label
        for tick in ticks:
            x = x_of(tick)
            out.append(f'<line x1="{x}" y1="{band - 2}" x2="{x}" y2="{band + 18}" stroke="{GRID}"/>')
        if thresholds:
            for value in thresholds:
                x = x_of(float(value))
                out.append(
                    f'<line x1="{x}" y1="{band - 3}" x2="{x}" y2="{band + 19}" stroke="{INK}" '
                    f'stroke-dasharray="3 2"/>'
                )
        out.append(
            f'<text x="{x0}" y="{y + 14}"><title>{escape(bar.label)}</title>'
            f"{escape(_short(bar.label, int((width - 2 * x0) / CHAR)))}</text>"
        )
        end = _bar(out, uid, bar, x0, band, x_of)
        out.append(f'<text x="{end + 6}" y="{band + 13}" {HALO}>{escape(_words(bar))}</text>')
    if not bars:
        out.append(f'<text x="4" y="{top + 17}" fill="{MUTED}">—</text>')
    out.append("</svg>")
    return "".join(out)


def columns(
    bars: list[Bar],
    *,
    title: str,
    thresholds: tuple[Decimal | float, Decimal | float] | None = None,
    column_width: int = 64,
    height: int = 260,
) -> str:
    """A column per period (a trend over quarters): the value above each column, the period and the
    status in words below it, and the thresholds as dashed lines labelled on the right."""
    left, right, top, bottom = 36, 64, 22, 46
    width = left + column_width * max(len(bars), 1) + right
    plot = height - top - bottom
    scale = _scale_max([b.value for b in bars])
    uid = _uid("col", title, tuple(bars))
    out = _open(width, height, title)
    out.append(_defs(uid, {b.status for b in bars}))
    base = top + plot

    def y_of(value: float) -> float:
        return round(base - plot * min(value, scale) / scale, 1)

    for tick in range(0, int(scale) + 1, _step(scale)):
        y = y_of(tick)
        out.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{left - 4}" y="{y + 4}" text-anchor="end" font-size="10" fill="{MUTED}">{tick}</text>'
        )
    if thresholds:
        for value in thresholds:
            y = y_of(float(value))
            out.append(
                f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{INK}" '
                f'stroke-dasharray="4 3"/>'
            )
            out.append(f'<text x="{width - right + 4}" y="{y + 4}" font-size="10">{_pct(value)}</text>')
    for n, bar in enumerate(bars):
        x = left + n * column_width
        mid = x + column_width / 2
        if bar.value is None:
            out.append(f'<text x="{mid}" y="{base - 6}" text-anchor="middle" fill="{MUTED}">—</text>')
        else:
            y = y_of(float(bar.value))
            out.append(
                f'<rect x="{x + 10}" y="{y}" width="{column_width - 20}" height="{max(base - y, 1)}" '
                f"{_fill(uid, bar.status)}/>"
            )
            out.append(
                f'<text x="{mid}" y="{y - 5}" text-anchor="middle" font-size="11" font-weight="bold" {HALO}>'
                f"{angka(Decimal(str(bar.value)), 1)}</text>"
            )
        out.append(
            f'<text x="{mid}" y="{base + 16}" text-anchor="middle" font-size="11">'
            f"{escape(_short(bar.label, column_width // 6))}</text>"
        )
        out.append(
            f'<text x="{mid}" y="{base + 32}" text-anchor="middle" font-size="10" fill="{MUTED}">'
            f"{escape(_short(bar.status_label, column_width // 6))}</text>"
        )
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{INK}"/>')
    out.append("</svg>")
    return "".join(out)


def stacked_bar(segments: list[Segment], *, title: str, width: int = 560) -> str:
    """One bar split by status (e.g. verified / submitted / returned / late), each part as wide as
    its count, with a legend giving every status in words and its count."""
    bar_h, legend_row, item_w = 30, 22, 186
    per_row = max(width // item_w, 1)
    shown = list(segments)
    rows = -(-len(shown) // per_row) or 1
    height = 10 + bar_h + 12 + rows * legend_row + 6
    total = sum(s.count for s in shown)
    uid = _uid("stack", title, tuple(shown))
    out = _open(width, height, title)
    out.append(_defs(uid, {s.status for s in shown}))
    x = 0.0
    if total:
        for s in shown:
            if not s.count:
                continue
            w = (width - 2) * s.count / total
            out.append(
                f'<rect x="{round(x + 1, 1)}" y="10" width="{round(w, 1)}" height="{bar_h}" '
                f"{_fill(uid, s.status)}><title>{escape(s.label)}: {s.count}</title></rect>"
            )
            x += w
    else:
        out.append(
            f'<rect x="1" y="10" width="{width - 2}" height="{bar_h}" fill="#ffffff" stroke="{GRID}"/>'
        )
    for n, s in enumerate(shown):
        lx = (n % per_row) * item_w + 2
        ly = 10 + bar_h + 12 + (n // per_row) * legend_row
        out.append(f'<rect x="{lx}" y="{ly}" width="16" height="14" {_fill(uid, s.status)}/>')
        out.append(f'<text x="{lx + 22}" y="{ly + 12}">{escape(_short(s.label, 20))}: {s.count}</text>')
    out.append("</svg>")
    return "".join(out)
