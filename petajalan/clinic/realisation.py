"""The clinic on a quarterly monitoring report: findings before it is submitted, in the clinic's
shape (code, severity, location, message, reason, fix, source).

The checks are pure (``check`` reads ``ReportFacts``); ``facts_for`` loads a stored report in three
queries whatever its size (rows with their actions, the year's earlier realised budget, the evidence
links), and ``report_panel`` shows the findings on the quarter page (registered with
``monitoring.hooks`` in the clinic's ``AppConfig.ready``). Numbers and sources live in
``data/realisation.yaml``. The figures checked are the unit's own (the report is the unit's until it
is verified).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _

from petajalan.clinic.data import DATA_DIR
from petajalan.clinic.engine import SEVERITY_ORDER, Finding, Location, Severity, Source
from petajalan.evidence.models import Link
from petajalan.lib.formatting import angka, rupiah
from petajalan.lib.value_rows import value_rows
from petajalan.monitoring.achievement import achievement
from petajalan.monitoring.calendar import quarter_label
from petajalan.monitoring.models import QuarterReport, Realisation

B, W = Severity.BLOCKING, Severity.WARNING

# rule code -> default severity (the codes are stable: tests and documentation name them)
RULES: dict[str, str] = {
    "realisation.value-missing": B,
    "realisation.implausible": W,
    "realisation.budget-over": W,
    "realisation.evidence-missing": W,
    "report.return-unanswered": B,
}


@cache
def load_config() -> dict[str, Any]:
    """``data/realisation.yaml``: thresholds and sources of the checks."""
    import yaml

    with (DATA_DIR / "realisation.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class RowFacts:
    """What the checks need of one realisation row."""

    pk: int
    number: int  # 1-based place in the report
    activity: str
    unit_of_measure: str = ""
    direction: str = "up"
    target: Decimal | None = None
    value: Decimal | None = None
    budget_planned: Decimal | None = None  # the action's budget for the year
    budget_spent: Decimal | None = None  # realised this quarter
    budget_before: Decimal = Decimal(0)  # realised in the year's earlier quarters
    evidence: int = 0  # evidence items linked to the row


@dataclass(frozen=True)
class ReportFacts:
    year: int
    quarter: int
    status: str
    return_note: str = ""
    answer_note: str = ""
    rows: list[RowFacts] = field(default_factory=list)


def _num(value: Decimal | None) -> str:
    """12.5000 → '12,5'; 3 → '3'."""
    if value is None:
        return "—"
    text = angka(value, 2)
    return text.removesuffix(",00") if text.endswith(",00") else text.rstrip("0")


def _label(row: RowFacts, what: str) -> str:
    short = row.activity if len(row.activity) <= 50 else row.activity[:47] + "…"
    return _("Rencana aksi no. %(n)s (%(what)s) · %(field)s") % {
        "n": row.number,
        "what": short or _("tanpa nama"),
        "field": what,
    }


def _finding(code: str, location: Location, message: str, reason: str, fix: str, source: str) -> Finding:
    return Finding(
        rule=code,
        severity=RULES[code],
        location=location,
        message=message,
        reason=reason,
        fix=fix,
        source=Source(**load_config()["sources"][source]),
    )


def check(facts: ReportFacts) -> list[Finding]:
    """Every finding of a report, blocking first, then in row order."""
    limits = load_config()["thresholds"]
    plausible_max = Decimal(str(limits["plausible_max"]))
    done_from = Decimal(str(limits["done_from"]))
    found: list[Finding] = []
    if facts.status == QuarterReport.Status.RETURNED and not facts.answer_note.strip():
        found.append(
            _finding(
                "report.return-unanswered",
                Location(field="answer_note", label=_("Tanggapan atas catatan pengembalian")),
                _("Catatan pengembalian belum ditanggapi."),
                _(
                    "Laporan yang dikembalikan diajukan lagi dengan tanggapan atas catatan pemeriksa, "
                    "supaya pemeriksa tahu apa yang sudah diperbaiki dan tidak memeriksa ulang semuanya."
                ),
                _("Tulis tanggapan: apa yang sudah diperbaiki dan di baris mana; lalu ajukan lagi."),
                "workflow",
            )
        )
    for row in facts.rows:
        uom = row.unit_of_measure
        if row.value is None:
            found.append(
                _finding(
                    "realisation.value-missing",
                    Location(row=str(row.pk), field="value", label=_label(row, _("realisasi"))),
                    _("Realisasi belum diisi."),
                    _(
                        "Laporan hanya dapat diajukan bila setiap rencana aksi yang jatuh pada triwulan "
                        "ini punya realisasi; tanpa angka, capaian dan warnanya tidak dapat dihitung dan "
                        "baris ini tampil abu-abu di dasbor."
                    ),
                    _(
                        "Isi realisasi dalam satuan “%(u)s”. Bila kegiatan belum berjalan, isi 0 dan "
                        "jelaskan sebabnya di faktor penghambat serta tindak lanjutnya."
                    )
                    % {"u": uom or _("sesuai rencana")},
                    "value",
                )
            )
            score = None
        else:
            score = achievement(row.direction, row.target, row.value)
        # a "lower is better" indicator brought to zero (no complaints left) is perfect, not a typo
        perfect_zero = row.direction == "down" and row.value == 0
        if score is not None and score > plausible_max and not perfect_zero:
            found.append(
                _finding(
                    "realisation.implausible",
                    Location(row=str(row.pk), field="value", label=_label(row, _("realisasi"))),
                    _(
                        "Capaian %(a)s%% jauh di atas target (target %(t)s, realisasi %(v)s%(u)s): "
                        "periksa satuan."
                    )
                    % {
                        "a": _num(score),
                        "t": _num(row.target),
                        "v": _num(row.value),
                        "u": f" {uom}" if uom else "",
                    },
                    _(
                        "Capaian di atas %(m)s%% jarang terjadi. Biasanya satuan tertukar (persen diketik "
                        "sebagai jumlah, rupiah sebagai juta), angka kumulatif diketik untuk satu "
                        "triwulan, atau target triwulannya terlalu rendah."
                    )
                    % {"m": _num(plausible_max)},
                    _(
                        "Periksa satuan dan cara menghitung realisasi. Bila angkanya memang benar, "
                        "jelaskan di uraian kemajuan agar pemeriksa tidak mengembalikan laporan."
                    ),
                    "achievement",
                )
            )
        if row.budget_spent is not None and row.budget_planned is not None:
            total = row.budget_before + row.budget_spent
            if total > row.budget_planned:
                found.append(
                    _finding(
                        "realisation.budget-over",
                        Location(row=str(row.pk), field="budget_spent", label=_label(row, _("anggaran"))),
                        _(
                            "Realisasi anggaran sampai %(tw)s %(y)s (%(s)s) melebihi anggaran tahun itu "
                            "(%(p)s)."
                        )
                        % {
                            "tw": quarter_label(facts.quarter),
                            "y": facts.year,
                            "s": rupiah(total),
                            "p": rupiah(row.budget_planned),
                        },
                        _(
                            "Belanja melebihi anggaran tahunan tidak mungkin tanpa perubahan anggaran. "
                            "Sering kali realisasi kumulatif diketik pada setiap triwulan sehingga "
                            "terhitung berulang (triwulan sebelumnya: %(b)s)."
                        )
                        % {"b": rupiah(row.budget_before)},
                        _(
                            "Isi realisasi anggaran triwulan ini saja, bukan kumulatif, dan periksa "
                            "triwulan sebelumnya; bila anggaran berubah, ajukan perubahan road map."
                        ),
                        "budget",
                    )
                )
        if score is not None and score >= done_from and row.evidence == 0:
            found.append(
                _finding(
                    "realisation.evidence-missing",
                    Location(row=str(row.pk), field="evidence", label=_label(row, _("data dukung"))),
                    _("Tercapai (capaian %(a)s%%) tetapi belum ada data dukung untuk triwulan ini.")
                    % {"a": _num(score)},
                    _(
                        "Pemeriksa dan evaluator menilai capaian dari data dukung; capaian tanpa bukti "
                        "biasanya dikembalikan atau tidak diakui."
                    ),
                    _(
                        "Tautkan data dukung dari bank data dukung (dokumen, foto kegiatan, tangkapan "
                        "layar sistem) pada baris ini."
                    ),
                    "evidence",
                )
            )
    order = {str(row.pk): row.number for row in facts.rows}
    found.sort(key=lambda f: (SEVERITY_ORDER[Severity(f.severity)], order.get(f.location.row, 0), f.rule))
    return found


def facts_for(report: QuarterReport) -> ReportFacts:
    """A stored report's facts in three queries (rows, earlier budget, evidence counts), read as values."""
    rows = list(
        value_rows(
            Realisation.objects.filter(report=report)
            .order_by("action__order", "action_id")
            .values_list(
                "pk",
                "action_id",
                "value",
                "target",
                "budget_planned",
                "budget_spent",
                "action__activity",
                "action__unit_of_measure",
                "action__direction",
            )
        )
    )
    action_ids = [row[1] for row in rows]
    before = dict(
        Realisation.objects.filter(
            report__roadmap_id=report.roadmap_id,
            year=report.year,
            quarter__lt=report.quarter,
            action_id__in=action_ids,
        )
        .values("action_id")
        .annotate(spent=Sum(Coalesce("verified_budget", "budget_spent")))
        .values_list("action_id", "spent")
    )
    evidence = dict(
        Link.objects.filter(
            government_id=report.government_id,
            target_kind=Link.TargetKind.REALISATION,
            target_id__in=[str(row[0]) for row in rows],
        )
        .values("target_id")
        .annotate(n=Count("item_id", distinct=True))
        .values_list("target_id", "n")
    )
    return ReportFacts(
        year=report.year,
        quarter=report.quarter,
        status=report.status,
        return_note=report.return_note,
        answer_note=report.answer_note,
        rows=[
            RowFacts(
                pk=pk,
                number=n,
                activity=activity,
                unit_of_measure=unit_of_measure,
                direction=direction,
                target=target,
                value=value,
                budget_planned=planned,
                budget_spent=spent,
                budget_before=before.get(action_id) or Decimal(0),
                evidence=evidence.get(str(pk), 0),
            )
            for n, (
                pk,
                action_id,
                value,
                target,
                planned,
                spent,
                activity,
                unit_of_measure,
                direction,
            ) in enumerate(rows, start=1)
        ],
    )


def review_report(report: QuarterReport) -> list[Finding]:
    """The findings of a stored report."""
    return check(facts_for(report))


def report_panel(request: HttpRequest, report: Any) -> tuple[str, dict[str, Any]] | None:
    """The clinic's panel on the quarter page while the report is with the unit or the verifier
    (none once verified)."""
    if report.status == QuarterReport.Status.VERIFIED:
        return None
    findings = review_report(report)
    return "clinic/realisation_panel.html", {
        "report": report,
        "findings": findings,
        "blocking": sum(1 for f in findings if f.is_blocking),
        "warnings": sum(1 for f in findings if not f.is_blocking),
        "is_draft": report.status in QuarterReport.EDITABLE,
    }
