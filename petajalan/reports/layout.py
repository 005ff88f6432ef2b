"""What a road-map document contains, independent of the output format.

The DOCX and PDF renderers both walk the blocks built here, so the two products (the Perwal annex
and the unit booklet) carry the same content in the same order whatever the engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from petajalan.lib import gantt
from petajalan.lib.codes import format_nip
from petajalan.lib.formatting import angka, is_printable, printable, regulation_number, rupiah, tanggal
from petajalan.roadmaps.plain import Action, Chapter, PlainRoadmap

PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
# left, right, top, bottom in cm (domain brief §6a: no single rule; this is the common default)
MARGINS_CM = (3.0, 2.0, 2.0, 2.5)
DIRECTIONS = {"up": "Naik", "down": "Turun", "keep": "Tetap"}

# Which outline chapter hosts each generated part (urn keys fixed in the framework pack).
MATRIX_CHAPTER = "urn:outline:bab-4"
QUICK_WIN_CHAPTER = "urn:outline:bab-5"
TEAM_CHAPTER = "urn:outline:bab-6"


@dataclass
class DocumentOptions:
    """Per-government and per-print settings of a road-map document (domain brief §6a)."""

    product: Literal["booklet", "annex"] = "booklet"
    paper: Literal["A4", "F4"] = "F4"
    page_numbers: Literal["dash", "of"] = "dash"  # "- N -" (default) or "Halaman X dari Y"
    font: str = "Bookman Old Style"
    font_size: int = 12
    # heading block "LAMPIRAN PERATURAN WALI KOTA …": always on the annex, optional on the booklet
    with_annex_heading: bool = False
    regulation_kind: str = "PERATURAN WALI KOTA"  # some cities print WALIKOTA: a setting
    head_office: str = "WALI KOTA"
    regulation_number: str = ""  # left blank for the Bagian Hukum
    regulation_year: int | None = None
    head_name: str = ""  # the mayor, printed without titles or NIP
    is_copy: bool = False  # "SALINAN" at the top
    # the booklet's foreword (kata pengantar); empty = default_foreword(), which only names facts
    # the road map holds (title, unit, government, period, signer)
    foreword: str = ""
    logo: bytes | None = None  # PNG or JPEG for the cover

    @property
    def has_annex_heading(self) -> bool:
        return self.product == "annex" or self.with_annex_heading


def place_name(government: str) -> str:
    """'Kota Tanjungbalai' -> 'Tanjungbalai' (the place printed under an office)."""
    return re.sub(r"^(Kota|Kabupaten|Provinsi)\s+", "", government.strip(), flags=re.I)


def annex_heading(plain: PlainRoadmap, options: DocumentOptions) -> list[str]:
    """The top-right block, all capitals, no final punctuation; the number stays blank."""
    place = place_name(plain.government).upper()
    year = options.regulation_year or (plain.enacted_on or dt.date.today()).year
    number = regulation_number(options.regulation_number or plain.enactment_number)
    return [
        "LAMPIRAN",
        f"{options.regulation_kind} {place}",
        f"NOMOR {number or '        '} TAHUN {year}",
        "TENTANG",
        plain.title.upper(),
    ]


def head_signature(plain: PlainRoadmap, options: DocumentOptions) -> list[str]:
    """Annex end: the office with a comma, then (after the space) the name in capitals only."""
    return [f"{options.head_office} {place_name(plain.government).upper()},", options.head_name.upper()]


@dataclass
class SignatureBlock:
    place_date: str
    office: str
    name: str
    rank: str
    nip: str


def unit_signature(plain: PlainRoadmap, options: DocumentOptions | None = None) -> SignatureBlock:
    """Approval-sheet signature: office in capitals with a comma, name, rank, NIP 8-6-1-3.

    Without a stored position: the unit's head ("KEPALA DINAS KESEHATAN KOTA TANJUNGBALAI") or,
    for the government's road map, its head ("WALI KOTA TANJUNGBALAI").
    """
    sig = plain.signatory
    if sig.position:
        office = sig.position
    elif plain.unit:
        office = f"Kepala {plain.unit} {plain.government}"
    else:
        office = f"{(options or DocumentOptions()).head_office} {place_name(plain.government)}"
    office = office.upper()
    place = sig.place or place_name(plain.government)
    return SignatureBlock(
        place_date=f"{place}, {tanggal(sig.signed_on)}" if sig.signed_on else f"{place},           ",
        office=f"{office},",
        name=sig.name,
        rank=sig.rank,
        nip=f"NIP. {format_nip(sig.nip)}" if sig.nip else "",
    )


# -- chapter bodies: a tiny Markdown subset parsed once, rendered by both engines --------------


@dataclass
class Block:
    kind: Literal["p", "heading", "bullet", "number"]
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)  # (text, bold, italic)
    level: int = 0
    label: str = ""  # "A." for headings, "1." for numbered items

    def text(self) -> str:
        return "".join(r[0] for r in self.runs)


_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _runs(text: str) -> list[tuple[str, bool, bool]]:
    runs = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append((part[2:-2], True, False))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            runs.append((part[1:-1], False, True))
        else:
            runs.append((part, False, False))
    return runs


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26)


def markdown_blocks(text: str) -> list[Block]:
    """Paragraphs, '##' headings (numbered A., B.…), '-' bullets and '1.' items, **bold**, *italic*."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    heading_count = 0

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", _runs(" ".join(paragraph))))
            paragraph.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if m := re.match(r"^(#{1,6})\s+(.*)$", line):
            flush()
            heading_count += 1
            title = re.sub(r"^[A-Z]\.\s+", "", m.group(2))
            blocks.append(Block("heading", _runs(title), level=2, label=f"{_letter(heading_count)}."))
        elif m := re.match(r"^[-*•]\s+(.*)$", line):
            flush()
            blocks.append(Block("bullet", _runs(m.group(1))))
        elif m := re.match(r"^(\d+)[.)]\s+(.*)$", line):
            flush()
            blocks.append(Block("number", _runs(m.group(2)), label=f"{m.group(1)}."))
        else:
            paragraph.append(line)
    flush()
    return blocks


def chapter_heading(chapter: Chapter) -> tuple[str, str]:
    """('BAB IV', 'RENCANA AKSI'): Roman number centred, title in capitals on the next line."""
    return chapter.ref.upper(), chapter.title.upper()


def default_chapters() -> list[Chapter]:
    """Used when a road map carries no outline (imports without a base): parts still have a home."""
    titles = [
        "Pendahuluan",
        "Kondisi Umum",
        "Arah Kebijakan",
        "Rencana Aksi",
        "Quick Wins",
        "Manajemen Pelaksanaan, Monitoring dan Evaluasi",
        "Penutup",
    ]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII"]
    return [
        Chapter(key=f"urn:outline:bab-{i + 1}", ref=f"BAB {roman[i]}", title=t, order=i + 1)
        for i, t in enumerate(titles)
    ]


def chapters_with_slots(plain: PlainRoadmap) -> list[tuple[Chapter, list[str]]]:
    """Each chapter with the generated parts it hosts ('matrix', 'timeline', 'quick_wins', 'team').

    Parts whose outline chapter is missing go to the last chapter, so nothing is ever dropped.
    """
    chapters = sorted(plain.chapters, key=lambda c: c.order) or default_chapters()
    wanted = {
        MATRIX_CHAPTER: ["matrix", "timeline"],
        QUICK_WIN_CHAPTER: ["quick_wins"],
        TEAM_CHAPTER: ["team"],
    }
    slots: list[tuple[Chapter, list[str]]] = [(c, list(wanted.get(c.key, []))) for c in chapters]
    placed = {part for _c, parts in slots for part in parts}
    missing = [p for parts in wanted.values() for p in parts if p not in placed]
    if missing:
        # before the closing chapter when there is one
        target = len(slots) - 2 if len(slots) > 1 and slots[-1][0].key == "urn:outline:bab-7" else -1
        slots[target][1].extend(missing)
    return slots


# -- the action matrix ---------------------------------------------------------------------------

MATRIX_HEADERS = [
    N_("No."),
    N_("Permasalahan"),
    N_("Kegiatan"),
    N_("Output"),
    N_("Indikator"),
    N_("Satuan"),
    N_("Kondisi Awal"),
    N_("Target"),
    N_("Anggaran (Rp)"),
    N_("Penanggung Jawab"),
]
# relative widths (sum 100): wide text columns, narrow figures
MATRIX_WIDTHS = [4, 12, 15, 10, 12, 6, 8, 9, 14, 10]


@functools.lru_cache(maxsize=8192)  # a city road map repeats its figures thousands of times
def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    decimals = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return angka(value, min(decimals, 4))


_rupiah = functools.lru_cache(maxsize=8192)(rupiah)


def action_cells(
    plain: PlainRoadmap,
    number: int,
    action: Action,
    problems: dict[str, str] | None = None,
    words: tuple[str, str] | None = None,
) -> list[str]:
    """The printed cells of one action row (multi-line cells joined with newlines).

    ``problems`` (uid -> statement) and ``words`` (cell_words()) are passed in by callers that
    print many rows, so they are built and translated once."""
    if problems is None:
        problems = {p.uid: p.statement for p in plain.problems}
    no_budget, supporting = words or cell_words()
    activity = action.activity
    if action.subactivity_code:
        activity += f"\n({action.subactivity_code})"
    baseline = _num(action.baseline_value)
    if action.baseline_year and baseline:
        baseline = f"{baseline} ({action.baseline_year})"
    targets = "\n".join(f"{t.year}: {_num(t.value)}" for t in action.targets if t.value is not None)
    if action.no_budget_needed:
        budgets = no_budget
    else:
        budgets = "\n".join(f"{b.year}: {_rupiah(b.value)}" for b in action.budgets if b.value is not None)
    owner = action.responsible_unit
    if action.supporting_units:
        owner += "\n" + supporting % {"units": ", ".join(action.supporting_units)}
    return [
        str(number),
        "\n".join(problems.get(uid, "") for uid in action.problem_uids),
        activity,
        action.output,
        action.indicator,
        action.unit_of_measure,
        baseline,
        targets,
        budgets,
        owner,
    ]


def cell_words() -> tuple[str, str]:
    return _("Tanpa anggaran"), _("Pendukung: %(units)s")


@dataclass
class FocusTable:
    letter: str
    title: str  # "A. MANAJEMEN PERUBAHAN"
    rows: list[list[str]]


def focus_tables(plain: PlainRoadmap) -> list[FocusTable]:
    """One table per focus node in the road map's focus order, lettered as printed annexes do."""
    by_focus: dict[str, list[Action]] = {}
    for action in plain.actions:
        by_focus.setdefault(action.focus_key, []).append(action)
    keys = [f.key for f in plain.focus_nodes if f.key in by_focus]
    keys += [k for k in by_focus if k not in keys]
    problems = {p.uid: p.statement for p in plain.problems}
    words = cell_words()
    tables = []
    for i, key in enumerate(keys, start=1):
        focus = plain.focus(key)
        title = (focus.title if focus and focus.title else key).upper()
        actions = sorted(by_focus[key], key=lambda a: a.order)
        rows = [action_cells(plain, n, a, problems, words) for n, a in enumerate(actions, start=1)]
        tables.append(FocusTable(_letter(i), f"{_letter(i)}. {title}", rows))
    return tables


QUICK_WIN_HEADERS = [
    N_("No."),
    N_("Quick Win"),
    N_("Perubahan bagi Masyarakat"),
    N_("Pemilik"),
    N_("Tenggat"),
    N_("Sebelum"),
    N_("Sesudah"),
]
QUICK_WIN_WIDTHS = [5, 22, 22, 14, 12, 12, 13]


def quick_win_rows(plain: PlainRoadmap) -> list[list[str]]:
    wins = sorted(plain.quick_wins, key=lambda q: q.order)
    return [
        [
            str(n),
            q.title,
            q.change_for_citizens,
            q.owner,
            tanggal(q.deadline),
            q.before_measure,
            q.after_measure,
        ]
        for n, q in enumerate(wins, start=1)
    ]


TEAM_NAMES = {
    "steering": N_("Tim Pengarah"),
    "implementing": N_("Tim Pelaksana"),
    "working_group": N_("Kelompok Kerja"),
}
TEAM_HEADERS = [N_("No."), N_("Tim"), N_("Kedudukan"), N_("Nama"), N_("Jabatan")]
TEAM_WIDTHS = [6, 20, 18, 28, 28]
AGENT_HEADERS = [N_("No."), N_("Nama"), N_("NIP"), N_("Jabatan"), N_("Unit"), N_("Rencana Tindak")]
AGENT_WIDTHS = [6, 18, 18, 18, 16, 24]


def team_rows(plain: PlainRoadmap) -> list[list[str]]:
    members = sorted(
        plain.team, key=lambda m: (list(TEAM_NAMES).index(m.team) if m.team in TEAM_NAMES else 9, m.order)
    )
    rows = []
    for n, m in enumerate(members, start=1):
        team = _(TEAM_NAMES[m.team]) if m.team in TEAM_NAMES else m.team
        if m.group:
            team += f" ({m.group})"
        rows.append([str(n), team, m.role, m.name, m.position])
    return rows


def agent_rows(plain: PlainRoadmap) -> list[list[str]]:
    agents = sorted(plain.change_agents, key=lambda a: a.order)
    return [
        [str(n), a.name, format_nip(a.nip) if a.nip else "", a.position, a.unit, a.action_plan]
        for n, a in enumerate(agents, start=1)
    ]


# -- the timeline: a Gantt chart drawn as a table of quarters (editable in Word) ---------------


TIMELINE_MAX_ROWS = 200


def timeline(plain: PlainRoadmap) -> tuple[list[str], list[tuple[str, list[bool]]]]:
    """Quarter labels ('2026 TW I') and, per action, which quarters it is scheduled in."""
    roman = ["I", "II", "III", "IV"]
    quarters = [(y, q) for y in plain.years for q in range(1, 5)]
    labels = [f"{y} TW {roman[q - 1]}" for y, q in quarters]
    marks_of = {a.uid: {pq for item in a.schedule if (pq := parse_quarter(item))} for a in plain.actions}
    ordered = sorted(plain.actions, key=lambda a: (focus_index(plain, a.focus_key), a.order))
    rows: list[tuple[str, list[bool]]] = []
    if len(ordered) <= TIMELINE_MAX_ROWS:
        for action in ordered:
            rows.append((action.activity, [pq in marks_of[action.uid] for pq in quarters]))
        return labels, rows
    # a city road map of thousands of actions: one bar per focus node (any action scheduled)
    for table_key in dict.fromkeys(a.focus_key for a in ordered):
        focus = plain.focus(table_key)
        marks = set().union(*(marks_of[a.uid] for a in ordered if a.focus_key == table_key))
        rows.append(((focus.title if focus and focus.title else table_key), [pq in marks for pq in quarters]))
    return labels, rows


def focus_index(plain: PlainRoadmap, key: str) -> int:
    for i, f in enumerate(plain.focus_nodes):
        if f.key == key:
            return i
    return len(plain.focus_nodes)


_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*(?:Q|TW|TRIWULAN)\s*(I{1,3}|IV|[1-4])\s*$", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_quarter(text: str) -> tuple[int, int] | None:
    """'2026-Q1', '2026 TW I', '2026-TW4' -> (2026, 1)."""
    m = _QUARTER.match(text or "")
    if not m:
        return None
    q = m.group(2).upper()
    return int(m.group(1)), int(q) if q.isdigit() else _ROMAN[q]


def default_foreword(plain: PlainRoadmap) -> str:
    """A plain Indonesian foreword naming only what the road map states; the office edits it."""
    holder = plain.unit or plain.government
    if plain.unit:
        holder = f"{plain.unit} {plain.government}"
    return "\n\n".join(
        [
            _(
                "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
                "dokumen %(title)s dapat diselesaikan."
            )
            % {"title": plain.title},
            _(
                "Dokumen ini memuat rencana aksi reformasi birokrasi %(holder)s untuk periode "
                "%(period)s, beserta quick wins, tim pelaksana dan agen perubahan, serta jadwal "
                "pelaksanaannya. Dokumen ini menjadi acuan bersama dalam melaksanakan, memantau dan "
                "mengevaluasi reformasi birokrasi selama periode tersebut."
            )
            % {"holder": holder, "period": plain.period_label},
            _(
                "Kami menyampaikan terima kasih kepada semua pihak yang telah membantu penyusunan "
                "dokumen ini. Saran untuk penyempurnaannya kami terima dengan senang hati."
            ),
        ]
    )


def timeline_svg(
    plain: PlainRoadmap, title: str = "", rows: list[tuple[str, list[bool]]] | None = None
) -> str:
    """The shared Gantt (petajalan.lib.gantt) of the timeline rows: one bar per action or focus."""
    if rows is None:
        rows = timeline(plain)[1]
    quarters = [(y, q) for y in plain.years for q in range(1, 5)]
    gantt_rows = [
        gantt.GanttRow(label=name, quarters=[pq for pq, on in zip(quarters, marks, strict=True) if on])
        for name, marks in rows
    ]
    return gantt.draw(gantt_rows, list(plain.years), title=title)


def numbered_captions(
    chapters: list[tuple[Chapter, list[str]]], tables: list[FocusTable], text: dict[str, str]
) -> dict[int, dict[str, list[dict[str, str]]]]:
    """Table captions numbered per chapter ("Tabel 4.1. …", domain brief §6a), by chapter index.

    Each caption is {"number": "4.1", "title": …, "text": "Tabel 4.1. …"}; both renderers print
    exactly these, so the DOCX and the PDF number their tables alike.
    """
    titles = {
        "matrix": [f"{text['matrix_caption']} – {t.title}" for t in tables],
        "timeline": [text["timeline_caption"]],
        "quick_wins": [text["quick_win_caption"]],
        "team": [text["team_caption"], text["agent_caption"]],
    }
    out: dict[int, dict[str, list[dict[str, str]]]] = {}
    for index, (_chapter, parts) in enumerate(chapters, start=1):
        captions: dict[str, list[dict[str, str]]] = {}
        count = 0
        for part in parts:
            captions[part] = []
            for title in titles[part]:
                count += 1
                number = f"{index}.{count}"
                captions[part].append(
                    {"number": number, "title": title, "text": f"{text['table']} {number}. {title}"}
                )
        out[index] = captions
    return out


def document_data(plain: PlainRoadmap, options: DocumentOptions) -> dict[str, Any]:
    """Everything a renderer prints, as JSON-ready data (the PDF template reads exactly this)."""
    sig = unit_signature(plain, options)
    labels, bars = timeline(plain)
    text = document_text()
    slots = chapters_with_slots(plain)
    tables = focus_tables(plain)
    captions = numbered_captions(slots, tables, text)
    chapters = []
    for index, (chapter, parts) in enumerate(slots, start=1):
        ref, title = chapter_heading(chapter)
        chapters.append(
            {
                "ref": ref,
                "title": title,
                "blocks": [
                    {"kind": b.kind, "runs": [list(r) for r in b.runs], "label": b.label}
                    for b in markdown_blocks(chapter.body)
                ],
                "parts": parts,
                "captions": captions[index],
            }
        )
    foreword = options.foreword.strip() or default_foreword(plain)
    return _printable(
        {
            "product": options.product,
            "paper": PAPER_MM[options.paper],
            "margins": MARGINS_CM,
            "page_numbers": options.page_numbers,
            "font_size": options.font_size,
            "is_copy": options.is_copy,
            "has_logo": options.logo is not None,
            "annex_heading": annex_heading(plain, options) if options.has_annex_heading else [],
            "title": plain.title.upper(),
            "unit": plain.unit.upper(),
            "government": plain.government.upper(),
            "period": plain.period_label,
            "signature": sig.__dict__,
            "head_signature": head_signature(plain, options),
            "chapters": chapters,
            "matrix": {
                "headers": [_(h) for h in MATRIX_HEADERS],
                "widths": MATRIX_WIDTHS,
                "tables": [t.__dict__ for t in tables],
            },
            "quick_wins": {
                "headers": QUICK_WIN_HEADERS,
                "widths": QUICK_WIN_WIDTHS,
                "rows": quick_win_rows(plain),
            },
            "team": {
                "headers": [_(h) for h in TEAM_HEADERS],
                "widths": TEAM_WIDTHS,
                "rows": team_rows(plain),
            },
            "agents": {
                "headers": [_(h) for h in AGENT_HEADERS],
                "widths": AGENT_WIDTHS,
                "rows": agent_rows(plain),
            },
            "timeline": {
                "labels": labels,
                "years": list(plain.years),
                "rows": [[name, marks] for name, marks in bars],
                # the shared Gantt SVG for the PDF; the DOCX keeps the editable table
                "svg": timeline_svg(plain, text["timeline_caption"], bars)
                if len(bars) <= GANTT_MAX_ROWS
                else "",
            },
            "foreword": [
                {"kind": b.kind, "runs": [list(r) for r in b.runs], "label": b.label}
                for b in markdown_blocks(foreword)
            ],
            "text": text,
        }
    )


def _printable(value: Any) -> Any:
    """``value`` with control characters taken out of every string (a pasted form feed or NUL
    must not break the DOCX's XML, the Gantt's SVG or the PDF)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if all(type(item) is str for item in value) and is_printable("\n".join(value)):
            return list(value)  # a table row without control characters (nearly all): as it is
        return [_printable(item) for item in value]
    return value


# the SVG Gantt fits one landscape page up to this many rows; longer timelines stay a table
GANTT_MAX_ROWS = 40


def document_text() -> dict[str, str]:
    """Fixed words of the documents, translated once."""
    return {
        "approval": _("LEMBAR PENGESAHAN"),
        "copy": _("SALINAN"),
        "logo": _("LOGO"),
        "period": _("PERIODE"),
        "table": _("Tabel"),
        "activity": _("Kegiatan"),
        "contents": _("DAFTAR ISI"),
        "matrix_caption": _("Matriks Rencana Aksi"),
        "timeline_caption": _("Jadwal Pelaksanaan"),
        "quick_win_caption": _("Daftar Quick Wins"),
        "team_caption": _("Susunan Tim Reformasi Birokrasi"),
        "agent_caption": _("Daftar Agen Perubahan"),
        "none": _("Belum ada data."),
        "page_of": _("Halaman"),
        "of": _("dari"),
        "approved": _("Disahkan oleh:"),
        "foreword": _("KATA PENGANTAR"),
        "tables": _("DAFTAR TABEL"),
        "page": _("Halaman"),
    }
