"""The internal evaluation report of a self-assessment cycle ("Laporan Hasil Evaluasi Internal
Reformasi Birokrasi") as DOCX and PDF, in the conventions of the other documents (domain brief §6a,
docs/documents.md): F4 portrait, "- N -" at the top, the cover unnumbered, BAB I–IV centred with the
title in capitals, lettered sub-headings, tables numbered per chapter with the caption above, the
score table in a landscape section with its header and column numbers repeated on every page, and
the signatures of the Inspektur (with "Mengetahui," the Sekretaris Daerah).

``document_data(cycle)`` reads the cycle once and builds the blocks both renderers print; every
number comes from ``services.scores`` (self, verified and evaluator columns). The DOCX reuses the
road-map renderer's helpers; the PDF is Typst (``evaluasi_internal.typ``) in a child process.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from petajalan.accounts.models import Unit
from petajalan.evaluations import scoring, services
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.lib.codes import format_nip
from petajalan.lib.formatting import angka, tanggal
from petajalan.monitoring.documents import Signer
from petajalan.reports.layout import MARGINS_CM, PAPER_MM, _printable, markdown_blocks, place_name
from petajalan.verification import services as verification

TEMPLATE = Path(__file__).parent / "templates" / "reports" / "evaluasi_internal.typ"
COLUMNS = ("self", "verified", "evaluator")
NEXT_POINTS_SHOWN = 10
SCORE_WIDTHS = [7, 34, 6, 13, 8, 7, 8, 7, 8, 7]
SUMMARY_WIDTHS = [5, 41, 18, 18, 18]
LOWER_WIDTHS = [4, 7, 21, 12, 8, 7, 8, 7, 26]
MISSING_WIDTHS = [5, 9, 42, 7, 21, 16]
NEXT_WIDTHS = [5, 8, 32, 15, 10, 11, 10, 9]


ANSWER_TYPES = {
    "yes_no": N_("Ya/Tidak"),
    "abc": N_("Pilihan A–C"),
    "abcd": N_("Pilihan A–D"),
    "abcde": N_("Pilihan A–E"),
    "category": N_("Kategori"),
    "percent": N_("Persen"),
    "scale_0_5": N_("Skala 0–5"),
    "scale_1_5": N_("Skala 1–5"),
    "scale_0_4": N_("Skala 0–4"),
    "number": N_("Angka"),
}


def answer_kind(node: scoring.Node) -> str:
    """'Persen', 'Ya/Tidak', … or, when the pack gives no answer type, points answered directly."""
    if node.as_points:
        return _("Nilai langsung (paket tanpa jenis jawaban)")
    return _(ANSWER_TYPES[node.answer_type]) if node.answer_type in ANSWER_TYPES else node.answer_type


def ordered_choices(node: scoring.Node) -> list[str]:
    """The choices best first ("WTP; WDP", "A; B; C", "Ya; Tidak"): the same on every database
    (PostgreSQL's JSON reorders a pack's keys)."""
    return sorted(node.choices, key=lambda c: -Decimal(str(node.conversion[c])))


def allowed_answers(node: scoring.Node) -> str:
    """'0–100', '0–3,5', 'WTP; WDP' (and NA, with a reason, for every item)."""
    if node.choices:
        return "; ".join(ordered_choices(node))
    bounds = node.range
    if bounds is None:
        return ""
    return f"{shown_number(bounds[0])}–{shown_number(bounds[1])}"


def shown_number(value: Decimal) -> str:
    """A number as written in Indonesian text, with its own decimals: 3,5, 85, 0,666."""
    decimals = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return angka(value, min(decimals, 4))


def shown_answer(node: scoring.Node | None, stored: str) -> str:
    """A stored answer as people read it: '85,5', 'Ya', 'WTP', 'NA'."""
    if not stored or stored == scoring.NA or node is None or node.choices:
        return stored
    try:
        return shown_number(Decimal(stored))
    except ArithmeticError:
        return stored


def _points(value: Decimal) -> str:
    return angka(value, 2)


def _predicate(score: scoring.Score | None) -> str:
    if score is None or not score.band:
        return "–"
    return f"{score.band} ({score.band_label})" if score.band_label else score.band


def government_title(cycle: Cycle) -> str:
    """'PEMERINTAH KOTA UJI'."""
    return f"{_('Pemerintah')} {cycle.government.name}".upper()


def title_text(cycle: Cycle) -> str:
    return _("Laporan Hasil Evaluasi Internal Reformasi Birokrasi %(gov)s Tahun %(y)s") % {
        "gov": cycle.government.name,
        "y": cycle.year + 1,
    }


def signers(cycle: Cycle) -> tuple[Signer, Signer]:
    """The Inspektur and the Sekretaris Daerah from the units' records (one query); without a
    stored head, the office alone with a blank name to sign by hand."""
    government = cycle.government
    units = Unit.objects.filter(
        government=government, is_active=True, kind__in=[Unit.Kind.INSPEKTORAT, Unit.Kind.SETDA]
    ).order_by("pk")
    found: dict[str, Signer] = {}
    for unit in units:
        if unit.kind not in found or (unit.head_name and not found[unit.kind].name):
            default = _("Inspektur") if unit.kind == Unit.Kind.INSPEKTORAT else _("Sekretaris Daerah")
            found[unit.kind] = Signer(
                office=unit.head_position or f"{default} {government.name}",
                name=unit.head_name,
                nip=unit.head_nip,
                rank=unit.head_rank,
            )
    inspektur = found.get(Unit.Kind.INSPEKTORAT) or Signer(office=f"{_('Inspektur')} {government.name}")
    sekda = found.get(Unit.Kind.SETDA) or Signer(office=f"{_('Sekretaris Daerah')} {government.name}")
    return inspektur, sekda


def _signature_lines(signer: Signer, first: str) -> list[str]:
    office = signer.office.strip().upper()
    return [
        first,
        office if office.endswith(",") else f"{office},",
        "",
        "",
        "",
        signer.name,
        signer.rank,
        f"NIP. {format_nip(signer.nip)}" if signer.nip else "",
    ]


# -- chapter texts (Markdown: '##' headings become A., B.; '1.' items) --------------------------------


def _introduction(cycle: Cycle, worksheet: scoring.Worksheet, windows: list[Any]) -> str:
    version = cycle.worksheet
    gov = cycle.government.name
    parts = [
        "## " + _("Latar Belakang"),
        _(
            "Pelaksanaan reformasi birokrasi %(gov)s dievaluasi setiap tahun. Evaluasi internal atas "
            "pelaksanaan tahun %(y)s memakai %(sheet)s: perangkat daerah menjawab setiap kriteria dengan "
            "data dukung dari bank data dukung, Inspektorat memverifikasi jawaban itu butir demi butir, dan "
            "hasil evaluator nasional dicatat di sampingnya bila sudah diterima. Laporan ini menyajikan "
            "nilai ketiganya, temuan verifikasi, dan kriteria yang paling menentukan kenaikan nilai."
        )
        % {"gov": gov, "y": cycle.year, "sheet": version.title},
        "## " + _("Dasar Hukum"),
    ]
    bases = [b.strip().rstrip(".") for b in (version.legal_basis or "").split(";") if b.strip()]
    if bases:
        parts += [f"{n}. {basis}{';' if n < len(bases) else '.'}" for n, basis in enumerate(bases, start=1)]
    else:
        parts.append(_("Paket lembar kerja ini tidak mencantumkan dasar hukum."))
    items = worksheet.items
    as_points = sum(1 for node in items if node.as_points)
    method = _(
        "Lembar kerja %(sheet)s (versi %(v)s) memuat %(n)s kriteria yang dinilai. Nilai setiap kriteria "
        "adalah jawaban dibagi nilai maksimum rentangnya dikali bobot; jawaban pilihan dikonversi dengan "
        "tabel konversinya. Kriteria yang tidak berlaku (NA) dikeluarkan dari bobot yang diperhitungkan. "
        "RB General adalah jumlah nilai butirnya ditambah koefisien pemerintah daerah, diskalakan ke bobot "
        "butir yang berlaku; Indeks RB adalah RB General ditambah RB Tematik. Kriteria yang belum dijawab "
        "bernilai nol."
    ) % {"sheet": version.title, "v": version.version, "n": len(items)}
    if as_points:
        method += " " + _(
            "Paket ini tidak memuat jenis jawaban untuk %(n)s kriteria; kriteria itu dijawab langsung "
            "sebagai nilai antara nol dan bobotnya."
        ) % {"n": as_points}
    if not version.verified:
        method += " " + _(
            "Isi paket lembar kerja ini belum diverifikasi terhadap naskah resmi; angka dalam laporan ini "
            "adalah perkiraan internal."
        )
    parts += ["## " + _("Ruang Lingkup dan Metode"), method, "## " + _("Tahapan dan Jadwal")]
    parts.append(
        _("Evaluasi ini sekarang pada tahap %(phase)s. Jadwal setiap tahap:")
        % {"phase": cycle.get_phase_display().lower()}
    )
    labels = dict(Phase.choices)
    dated = [w for w in windows if w.phase in labels]
    parts += [
        f"{n}. {labels[w.phase]}: {tanggal(w.opens_on)} – {tanggal(w.closes_on)}"
        f"{';' if n < len(dated) else '.'}"
        for n, w in enumerate(dated, start=1)
    ]
    return "\n\n".join(parts)


def _results_text(cycle: Cycle, result: services.CycleScores) -> str:
    own, checked = result.self, result.verified
    text = _(
        "Berdasarkan penilaian mandiri, Indeks RB %(gov)s tahun %(y)s diperkirakan %(i)s dengan predikat "
        "%(p)s (RB General %(g)s dan RB Tematik %(t)s). Setelah verifikasi Inspektorat, Indeks RB menjadi "
        "%(vi)s dengan predikat %(vp)s."
    ) % {
        "gov": cycle.government.name,
        "y": cycle.year,
        "i": _points(own.index),
        "p": _predicate(own),
        "g": _points(own.rb_general),
        "t": _points(own.rb_tematik),
        "vi": _points(checked.index),
        "vp": _predicate(checked),
    }
    if result.evaluator is not None:
        text += " " + _("Menurut jawaban evaluator yang dicatat, Indeks RB %(i)s dengan predikat %(p)s.") % {
            "i": _points(result.evaluator.index),
            "p": _predicate(result.evaluator),
        }
    else:
        text += " " + _("Hasil evaluator nasional belum dicatat.")
    if cycle.evaluator_index is not None:
        text += " " + _("Indeks resmi yang diumumkan: %(i)s (%(p)s).") % {
            "i": _points(cycle.evaluator_index),
            "p": cycle.evaluator_predicate or "–",
        }
    if own.missing:
        text += " " + _("Sebanyak %(n)s kriteria belum dijawab dan dihitung bernilai nol.") % {
            "n": len(own.missing)
        }
    return text


# -- tables -----------------------------------------------------------------------------------------


def _column_cells(score: scoring.Score | None, node: scoring.Node) -> list[str]:
    """The answer and the points of one column for one node ('' when the column has no result)."""
    if score is None:
        return ["", ""]
    entry = score.nodes[node.key]
    if not node.is_item:
        return ["", _points(entry.points)]
    if entry.answer == scoring.NA:
        return ["NA", "–"]
    return [shown_answer(node, entry.answer), _points(entry.points)]


def score_rows(result: services.CycleScores, units: dict[str, str]) -> tuple[list[list[str]], int]:
    """Every node of the worksheet in its order with weight and the three columns, then the totals;
    the index of the first total row."""
    worksheet = result.worksheet
    columns = [result.self, result.verified, result.evaluator]
    rows = []
    for node in worksheet.nodes.values():
        if node is worksheet.coefficient:
            continue
        title = node.title.upper() if not node.parent else node.title
        if node.as_points:
            title += " *"
        cells = [node.ref, title, shown_number(node.weight) if node.weight else "", units.get(node.key, "")]
        for score in columns:
            cells += _column_cells(score, node)
        rows.append(cells)
    first_total = len(rows)

    def total(label: str, value: Any) -> list[str]:
        cells = ["", label, "", ""]
        for score in columns:
            cells += ["", value(score) if score is not None else ""]
        return cells

    rows.append(total(_("Koefisien pemerintah daerah"), lambda s: shown_number(s.coefficient)))
    rows.append(total(_("RB General (dengan koefisien, diskalakan)"), lambda s: _points(s.rb_general)))
    rows.append(total(_("RB Tematik"), lambda s: _points(s.rb_tematik)))
    rows.append(total(_("INDEKS RB"), lambda s: _points(s.index)))
    rows.append(total(_("Predikat"), _predicate))
    return rows, first_total


def summary_rows(cycle: Cycle, result: services.CycleScores) -> list[list[str]]:
    columns = [result.self, result.verified, result.evaluator]

    def line(label: str, value: Any) -> list[str]:
        return ["", label, *[value(s) if s is not None else "–" for s in columns]]

    rows = [
        line(_("Jumlah nilai butir RB General"), lambda s: _points(s.raw_general)),
        line(_("Koefisien pemerintah daerah"), lambda s: shown_number(s.coefficient)),
        line(_("Bobot butir RB General yang berlaku"), lambda s: shown_number(s.applicable_general)),
        line(_("RB General"), lambda s: _points(s.rb_general)),
        line(_("RB Tematik"), lambda s: _points(s.rb_tematik)),
        line(_("Indeks RB"), lambda s: _points(s.index)),
        line(_("Predikat"), _predicate),
        line(_("Kriteria yang belum dijawab"), lambda s: str(len(s.missing))),
    ]
    if cycle.evaluator_index is not None or cycle.evaluator_predicate:
        official = _points(cycle.evaluator_index) if cycle.evaluator_index is not None else "–"
        if cycle.evaluator_predicate:
            official += f" ({cycle.evaluator_predicate})"
        rows.append(["", _("Indeks resmi yang diumumkan"), "", "", official])
    for n, row in enumerate(rows, start=1):
        row[0] = str(n)
    return rows


def _lower_note(worksheet: scoring.Worksheet, node: scoring.Node, answer: Answer) -> str:
    """The verifier's note; for an item the Inspektorat did not change, the item multiplying it."""
    if answer.check_state == Answer.Check.CHANGED or not node.multiplied_by:
        return answer.verified_note
    linked = worksheet.nodes.get(node.multiplied_by)
    return _("Turun karena nilai verifikasi kriteria pengalinya (%(ref)s).") % {
        "ref": linked.ref if linked else node.multiplied_by
    }


def finding_rows(
    result: services.CycleScores, answers: list[Answer], units: dict[str, str]
) -> dict[str, list[list[str]]]:
    """BAB III: verified below self (with the verifier's note), items not answered, and the items
    with the most index points still available on the verified answers (``scoring.next_points``)."""
    worksheet = result.worksheet
    by_key = {a.node_key: a for a in answers}
    lower, missing = [], []
    for answer in answers:
        node = worksheet.nodes.get(answer.node_key)
        if node is None:
            continue
        own, checked = result.self.nodes[node.key], result.verified.nodes[node.key]
        if checked.points < own.points:
            lower.append(
                [
                    "",
                    node.ref,
                    node.title,
                    units.get(node.key, ""),
                    shown_answer(node, own.answer),
                    _points(own.points),
                    shown_answer(node, checked.answer),
                    _points(checked.points),
                    _lower_note(worksheet, node, answer),
                ]
            )
    for key in result.self.missing:
        node = worksheet.nodes[key]
        due = by_key[key].due_on if key in by_key else None
        missing.append(
            [
                "",
                node.ref,
                node.title,
                shown_number(node.weight or Decimal(0)),
                units.get(key, ""),
                tanggal(due),
            ]
        )
    maps = services.answer_maps(answers)
    gains = scoring.next_points(worksheet, maps["verified"], coefficient=result.verified.coefficient)
    upcoming = []
    for gain in gains[:NEXT_POINTS_SHOWN]:
        node = worksheet.nodes[gain.key]
        upcoming.append(
            [
                "",
                gain.ref,
                gain.title,
                units.get(gain.key, ""),
                shown_answer(node, maps["verified"].get(gain.key, "")) or "–",
                f"{_points(gain.current)} / {shown_number(gain.weight)}",
                shown_answer(node, scoring.best_answer(node)),
                f"+{_points(gain.gain)}",
            ]
        )
    tables = {"lower": lower, "missing": missing, "next": upcoming}
    for rows in tables.values():
        for n, row in enumerate(rows, start=1):
            row[0] = str(n)
    return tables


# -- the data both renderers print -------------------------------------------------------------------


def document_data(cycle: Cycle, paper: str = "F4") -> dict[str, Any]:
    """Everything the DOCX and the PDF print, JSON-ready (the Typst template reads exactly this)."""
    cycle = (
        Cycle.objects.select_related("government", "worksheet", "bands")
        .prefetch_related("windows")
        .get(pk=cycle.pk)
    )
    answers = list(cycle.answers.select_related("unit").order_by("order", "pk"))
    result = services.scores(cycle, answers)
    worksheet = result.worksheet
    bagian = _("Bagian Organisasi")
    units = {a.node_key: (a.unit.short_name or a.unit.name) if a.unit else bagian for a in answers}
    scores, first_total = score_rows(result, units)
    findings = finding_rows(result, answers, units)
    inspektur, sekda = signers(cycle)
    place = place_name(cycle.government.name)
    today = timezone.localdate()
    columns = [_("Mandiri"), _("Verifikasi"), _("Evaluator")]
    stars = any(n.as_points for n in worksheet.items)
    blocks = lambda text: [  # noqa: E731 - a local shorthand
        {"kind": b.kind, "runs": [list(r) for r in b.runs], "label": b.label} for b in markdown_blocks(text)
    ]
    table_word = _("Tabel")

    def caption(chapter: int, n: int, title: str) -> dict[str, str]:
        number = f"{chapter}.{n}"
        return {"number": number, "title": title, "text": f"{table_word} {number}. {title}"}

    parts = {
        "summary": {
            "heading": _("Ringkasan Nilai"),
            "caption": caption(2, 1, _("Ringkasan Nilai Evaluasi Internal")),
            "headers": [
                _("No."),
                _("Uraian"),
                _("Penilaian Mandiri"),
                _("Hasil Verifikasi"),
                _("Hasil Evaluator"),
            ],
            "widths": SUMMARY_WIDTHS,
            "rows": summary_rows(cycle, result),
            "landscape": False,
            "intro": [],
        },
        "scores": {
            "heading": _("Nilai per Komponen dan Kriteria"),
            "caption": caption(2, 2, _("Nilai per Komponen dan Kriteria")),
            "headers": [
                _("Nomor"),
                _("Komponen/Kriteria"),
                _("Bobot"),
                _("Penanggung Jawab"),
                *[f"{_('Jawaban')} {c}" for c in columns[:1]],
                f"{_('Nilai')} {columns[0]}",
                f"{_('Jawaban')} {columns[1]}",
                f"{_('Nilai')} {columns[1]}",
                f"{_('Jawaban')} {columns[2]}",
                f"{_('Nilai')} {columns[2]}",
            ],
            "widths": SCORE_WIDTHS,
            "rows": scores,
            "bold_from": first_total,
            "landscape": True,
            "intro": [],
            "note": " ".join(
                [
                    _("NA: tidak berlaku, bobotnya dikeluarkan."),
                    *(
                        [_("*: paket tanpa jenis jawaban, dijawab sebagai nilai 0 sampai bobotnya.")]
                        if stars
                        else []
                    ),
                    _("Jawaban verifikasi = jawaban mandiri bila Inspektorat setuju atau belum memeriksa."),
                ]
            ),
        },
        "lower": {
            "heading": _("Nilai Verifikasi di Bawah Penilaian Mandiri"),
            "caption": caption(3, 1, _("Kriteria dengan Nilai Verifikasi di Bawah Penilaian Mandiri")),
            "headers": [
                _("No."),
                _("Nomor"),
                _("Kriteria"),
                _("Penanggung Jawab"),
                _("Jawaban Mandiri"),
                _("Nilai Mandiri"),
                _("Jawaban Verifikasi"),
                _("Nilai Verifikasi"),
                _("Catatan Verifikator"),
            ],
            "widths": LOWER_WIDTHS,
            "rows": findings["lower"],
            "landscape": False,
            "intro": blocks(
                _(
                    "Pada %(n)s kriteria, Inspektorat memberi nilai di bawah penilaian mandiri. Catatan "
                    "verifikator menjelaskan data dukung yang kurang atau jawaban yang perlu dikoreksi."
                )
                % {"n": len(findings["lower"])}
                if findings["lower"]
                else _("Tidak ada kriteria yang nilai verifikasinya di bawah penilaian mandiri.")
            ),
        },
        "missing": {
            "heading": _("Kriteria yang Belum Dijawab"),
            "caption": caption(3, 2, _("Kriteria yang Belum Dijawab")),
            "headers": [
                _("No."),
                _("Nomor"),
                _("Kriteria"),
                _("Bobot"),
                _("Penanggung Jawab"),
                _("Batas Pengisian"),
            ],
            "widths": MISSING_WIDTHS,
            "rows": findings["missing"],
            "landscape": False,
            "intro": blocks(
                _("%(n)s kriteria belum dijawab; nilainya dihitung nol sampai jawabannya diisi.")
                % {"n": len(findings["missing"])}
                if findings["missing"]
                else _("Semua kriteria sudah dijawab.")
            ),
        },
        "next": {
            "heading": _("Rekomendasi"),
            "caption": caption(3, 3, _("Kriteria dengan Peluang Kenaikan Indeks Terbesar")),
            "headers": [
                _("No."),
                _("Nomor"),
                _("Kriteria"),
                _("Penanggung Jawab"),
                _("Jawaban Saat Ini"),
                _("Nilai / Bobot"),
                _("Jawaban Sasaran"),
                _("Tambahan Indeks"),
            ],
            "widths": NEXT_WIDTHS,
            "rows": findings["next"],
            "landscape": False,
            "intro": blocks(
                _(
                    "Dihitung dari jawaban hasil verifikasi: tambahan Indeks RB bila setiap kriteria berikut "
                    "mencapai jawaban terbaiknya (kriteria yang mengalikan kriteria lain dihitung dengan "
                    "pengaruhnya). Perangkat daerah penanggung jawab disarankan memprioritaskan kriteria "
                    "teratas, melengkapi data dukungnya, dan mengaitkannya dengan rencana aksi road map."
                )
                if findings["next"]
                else _("Semua kriteria sudah mencapai jawaban terbaiknya.")
            ),
        },
    }
    closing = _(
        "Demikian laporan hasil evaluasi internal reformasi birokrasi %(gov)s atas pelaksanaan tahun %(y)s "
        "ini disusun. Hasil verifikasi dan rekomendasi di atas menjadi bahan perbaikan jawaban dan data "
        "dukung sebelum evaluasi nasional, serta masukan bagi rencana aksi road map tahun berikutnya."
    ) % {"gov": cycle.government.name, "y": cycle.year}
    findings_intro = _(
        "Temuan disusun per kriteria dari hasil verifikasi Inspektorat dan dari jawaban yang masih kosong, "
        "diikuti rekomendasi kriteria yang paling menentukan kenaikan Indeks RB."
    )
    return _printable(
        {
            "paper": PAPER_MM[paper],
            "margins": MARGINS_CM,
            "font_size": 12,
            "page_numbers": "dash",
            "title": title_text(cycle).upper(),
            "title_lines": [
                _("LAPORAN HASIL EVALUASI INTERNAL"),
                _("REFORMASI BIROKRASI"),
                _("ATAS PELAKSANAAN TAHUN %(y)s") % {"y": cycle.year},
            ],
            "holder": "",
            "government": government_title(cycle),
            "period": str(cycle.year + 1),
            "chapters": [
                {
                    "ref": "BAB I",
                    "title": _("PENDAHULUAN"),
                    "blocks": blocks(_introduction(cycle, worksheet, list(cycle.windows.all()))),
                    "parts": [],
                },
                {
                    "ref": "BAB II",
                    "title": _("HASIL EVALUASI"),
                    "blocks": blocks(_results_text(cycle, result)),
                    "parts": ["summary", "scores"],
                },
                {
                    "ref": "BAB III",
                    "title": _("TEMUAN DAN REKOMENDASI"),
                    "blocks": blocks(findings_intro),
                    "parts": ["lower", "missing", "next"],
                },
                {"ref": "BAB IV", "title": _("PENUTUP"), "blocks": blocks(closing), "parts": []},
            ],
            "parts": parts,
            "signature": {
                "left": _signature_lines(sekda, _("Mengetahui,")),
                "right": _signature_lines(inspektur, f"{place}, {tanggal(today)}"),
                "name_index": 5,
            },
            "text": {
                "table": table_word,
                "none": _("Tidak ada."),
                "logo": _("LOGO"),
                "period": _("TAHUN"),
            },
        }
    )


# -- DOCX -------------------------------------------------------------------------------------------


def render_docx(
    cycle: Cycle,
    paper: str = "F4",
    data: dict[str, Any] | None = None,
    mark: Callable[[Any], None] | None = None,
) -> bytes:
    """The report as DOCX bytes, editable in Word and LibreOffice, "Bookman Old Style" named."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Pt

    from petajalan.reports import docx_render as w
    from petajalan.reports.layout import DocumentOptions
    from petajalan.reports.monitoring_doc import _docx_cover

    d = data if data is not None else document_data(cycle, paper)
    doc = Document()
    w._set_styles(doc, DocumentOptions(paper=paper))  # type: ignore[arg-type]
    first = doc.sections[0]
    w._page_setup(first, d, landscape=False)
    w._page_numbers(first, d)
    first.different_first_page_header_footer = True  # no number on the cover
    _docx_cover(doc, d)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    w._page_setup(body, d, landscape=False)
    body.different_first_page_header_footer = False
    w._numbering(body, 'w:fmt="decimal" w:start="1"')
    fresh_page = True
    for chapter in d["chapters"]:
        if not fresh_page:
            w._page_break(doc)
        heading = doc.add_paragraph(style="Heading 1")
        heading.add_run(chapter["ref"]).add_break()
        heading.add_run(chapter["title"])
        for block in chapter["blocks"]:
            w._block(doc, block)
        fresh_page = False
        for letter, key in zip("ABCDEFGH", chapter["parts"], strict=False):
            fresh_page = _docx_part(doc, d, d["parts"][key], f"{letter}. {d['parts'][key]['heading']}")
    doc.add_paragraph()
    sig = d["signature"]
    w._signature(doc, sig["right"], name_index=sig["name_index"])
    left = doc.tables[-1].rows[0].cells[0]
    for i, line in enumerate(sig["left"]):
        paragraph = left.paragraphs[0] if i == 0 else left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = run.underline = (i == sig["name_index"]) or None
    if mark is not None:
        mark(doc)  # the verification seal's footers (verification.services.docx_marker)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_part(doc: Any, d: dict[str, Any], part: dict[str, Any], heading: str) -> bool:
    """One lettered part: heading, intro, caption, table. True when it ends on a fresh page (a
    landscape part closes its section)."""
    from petajalan.reports import docx_render as w

    if part["landscape"]:
        w._landscape(doc, d)  # the heading opens the landscape pages
    doc.add_paragraph(style="Heading 2").add_run(heading)
    for block in part["intro"]:
        w._block(doc, block)
    if part["rows"]:
        w._caption(doc, d, part["caption"])
        w._grid(doc, d, part["headers"], part["widths"], part["rows"], landscape=part["landscape"])
        if part.get("note"):
            w._para(doc, part["note"], size=9)
    if part["landscape"]:
        w._portrait(doc, d)
        return True
    return False


# -- PDF --------------------------------------------------------------------------------------------


def render_pdf(cycle: Cycle, paper: str = "F4", data: dict[str, Any] | None = None) -> bytes:
    """The report as PDF bytes: Typst in a short-lived child process (decision 0053)."""
    from petajalan.reports.pdf_render import compile_pdf

    d = data if data is not None else document_data(cycle, paper)
    return compile_pdf(TEMPLATE, json.dumps(d, ensure_ascii=False))


# -- the verification seal (docs/verification.md) ---------------------------------------------------


def frozen_report(d: dict[str, Any]) -> dict[str, Any]:
    """The report's data as the seal hashes it: everything printed except the day of printing
    (the first line of the Inspektur's signature block, "Tanjungbalai, 4 Desember 2026")."""
    signature = {**d["signature"], "right": d["signature"]["right"][1:]}
    return {**d, "signature": signature}


def render_sealed(cycle: Cycle, fmt: str) -> bytes:
    """The report in ``fmt``, sealed once the cycle is past the Inspektorat's verification."""
    if not verification.cycle_is_sealed(cycle):
        return render_pdf(cycle) if fmt == "pdf" else render_docx(cycle)
    d = document_data(cycle)
    inspektur, _sekda = signers(cycle)
    seal = verification.evaluation_seal(
        cycle=cycle, title=title_text(cycle), frozen=frozen_report(d), verifier=inspektur.name
    )
    if fmt == "pdf":
        content = render_pdf(cycle, data=d)
    else:
        content = render_docx(cycle, data=d, mark=verification.docx_marker(seal))
    return verification.seal_document(seal=seal, fmt=fmt, content=content, marked=fmt == "docx")


# -- the engine the evaluations app asks for (registered in ReportsConfig.ready) --------------------


class EvaluationEngine:
    """Renders and reads the self-assessment's documents for ``petajalan.evaluations`` (which sits
    below the reports app and cannot import it)."""

    def render_report(self, cycle: Cycle, fmt: str) -> bytes:
        return render_sealed(cycle, fmt)

    def write_workbook(self, cycle: Cycle, user: Any = None) -> bytes:
        from petajalan.reports.evaluation_xlsx import write_workbook

        return write_workbook(cycle, user)

    def check_import(self, cycle: Cycle, content: bytes, user: Any = None) -> Any:
        from petajalan.reports.evaluation_xlsx import check_import, read_workbook

        return check_import(cycle, read_workbook(content), user)

    def apply_import(self, *, actor: Any, cycle: Cycle, batch: list[dict[str, Any]], user: Any = None) -> int:
        from petajalan.reports.evaluation_xlsx import apply_import

        return apply_import(actor=actor, cycle=cycle, batch=batch, user=user)

    def import_refusal(self, cycle: Cycle, user: Any = None) -> str:
        from petajalan.reports.evaluation_xlsx import refusal

        return refusal(cycle, user)
