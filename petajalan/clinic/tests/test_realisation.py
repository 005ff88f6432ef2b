"""The clinic on a quarterly report: one trigger and one non-trigger per rule, the stored report's
facts in a constant number of queries, and the panel on the quarter page."""

from __future__ import annotations

import io
from decimal import Decimal as D
from typing import Any

import pytest

from petajalan.clinic.realisation import RULES, ReportFacts, RowFacts, check, facts_for, report_panel
from petajalan.evidence import services as evidence_services
from petajalan.evidence.models import Item
from petajalan.evidence.targets import resolve
from petajalan.monitoring import hooks, services
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.monitoring.tests.conftest import open_period
from petajalan.roadmaps.models import Action, Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

S = QuarterReport.Status


def row(**kwargs: Any) -> RowFacts:
    values: dict[str, Any] = {
        "pk": 7,
        "number": 1,
        "activity": "Survei kepuasan masyarakat",
        "unit_of_measure": "%",
        "target": D(10),
        "value": D(10),
        "budget_planned": D(25_000_000),
        "budget_spent": D(5_000_000),
        "evidence": 1,
    }
    values.update(kwargs)
    return RowFacts(**values)


def facts(*rows: RowFacts, **kwargs: Any) -> ReportFacts:
    return ReportFacts(year=2026, quarter=2, status=kwargs.pop("status", S.DRAFT), rows=list(rows), **kwargs)


def codes(found: list[Any]) -> list[str]:
    return [f.rule for f in found]


def test_a_clean_report_has_no_findings():
    assert check(facts(row(), row(pk=8, number=2, value=D(9)))) == []


def test_a_missing_value_blocks():
    (finding,) = check(facts(row(value=None)))
    assert finding.rule == "realisation.value-missing" and finding.is_blocking
    assert finding.location.row == "7" and finding.location.field == "value"
    assert finding.location.label == "Rencana aksi no. 1 (Survei kepuasan masyarakat) · realisasi"
    assert "“%”" in finding.fix and finding.reason and finding.source.text
    assert check(facts(row(value=D(0), evidence=0))) == []  # zero is a value


def test_an_implausible_achievement_asks_to_check_the_unit():
    (finding,) = check(facts(row(target=D(10), value=D("15.1"))))
    assert finding.rule == "realisation.implausible" and finding.severity == "warning"
    assert (
        finding.message == "Capaian 151% jauh di atas target (target 10, realisasi 15,1 %): periksa satuan."
    )
    assert check(facts(row(target=D(10), value=D(15)))) == []  # exactly 150 % is plausible


def test_a_lower_is_better_indicator_brought_to_zero_is_not_implausible():
    assert check(facts(row(direction=Action.Direction.DOWN, target=D(10), value=D(0)))) == []
    found = check(facts(row(direction=Action.Direction.DOWN, target=D(10), value=D("0.5"))))
    assert codes(found) == ["realisation.implausible"]  # 195 %: 5 typed as 0,5?


def test_budget_spent_over_the_years_plan_warns():
    over = row(budget_planned=D(25_000_000), budget_before=D(20_000_000), budget_spent=D(6_000_000))
    (finding,) = check(facts(over))
    assert finding.rule == "realisation.budget-over" and finding.location.field == "budget_spent"
    assert finding.message == (
        "Realisasi anggaran sampai TW II 2026 (Rp26.000.000) melebihi anggaran tahun itu (Rp25.000.000)."
    )
    exact = row(budget_planned=D(25_000_000), budget_before=D(20_000_000), budget_spent=D(5_000_000))
    assert check(facts(exact)) == []
    assert check(facts(row(budget_planned=None, budget_spent=D(1)))) == []  # no plan to compare with


def test_a_done_action_without_evidence_warns():
    (finding,) = check(facts(row(value=D(10), evidence=0)))
    assert finding.rule == "realisation.evidence-missing" and finding.location.field == "evidence"
    assert "capaian 100%" in finding.message
    assert check(facts(row(value=D("9.9"), evidence=0))) == []  # 99 %: not done yet
    assert check(facts(row(value=D(12), evidence=2))) == []


def test_a_returned_report_without_an_answer_blocks():
    (finding,) = check(facts(status=S.RETURNED, return_note="Lampirkan SK tim."))
    assert finding.rule == "report.return-unanswered" and finding.is_blocking
    assert finding.location.row == "" and finding.message == "Catatan pengembalian belum ditanggapi."
    assert check(facts(status=S.RETURNED, return_note="Lampirkan SK tim.", answer_note="Sudah.")) == []
    assert check(facts(status=S.DRAFT)) == []


def test_blocking_findings_come_first_then_row_order():
    found = check(
        facts(
            row(pk=1, number=1, value=D(20)),
            row(pk=2, number=2, value=None),
            status=S.RETURNED,
            return_note="Perbaiki.",
        )
    )
    assert codes(found) == [
        "report.return-unanswered",
        "realisation.value-missing",
        "realisation.implausible",
    ]


def test_every_rule_has_a_source_and_a_trigger_here():
    triggered = set(
        codes(check(facts(row(value=None), status=S.RETURNED)))
        + codes(check(facts(row(value=D(20), budget_before=D(30_000_000), evidence=0))))
    )
    assert triggered == set(RULES)


# A stored report ---------------------------------------------------------------------------------


@pytest.fixture
def report(gov: Any, unit: Any, drafter: Any) -> QuarterReport:
    """An enacted road map's 2025 TW I report, open today, with three rows (targets 10)."""
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    for n in range(3):
        make_action(roadmap, activity=f"Rencana aksi {n + 1}", order=n + 1)
    open_period(gov, 2025, 1)
    return services.open_report(actor=drafter, roadmap=roadmap, year=2025, quarter=1)


def _rows(report: QuarterReport) -> list[Realisation]:
    return list(report.realisations.order_by("action__order"))


def test_facts_of_a_stored_report_with_earlier_budget_and_evidence(
    gov, report, drafter, evidence_dir, django_capture_on_commit_callbacks
):
    first, second, third = _rows(report)
    Realisation.objects.filter(pk=first.pk).update(value=D(10), budget_spent=D(1_000_000))
    Realisation.objects.filter(pk=second.pk).update(value=D(10), budget_spent=D(1_000_000))
    Realisation.objects.filter(pk=third.pk).update(value=D(40), budget_spent=D(1_000_000))
    with django_capture_on_commit_callbacks(execute=True):
        item = evidence_services.upload_item(
            actor=drafter,
            government=gov,
            upload=evidence_services.Upload(file=io.BytesIO(pdf_bytes("Daftar hadir")), name="hadir.pdf"),
            data={"title": "Daftar hadir", "kind": Item.Kind.MINUTES, "unit": report.unit},
        )
        target = resolve([("realisation", str(first.pk))])[("realisation", str(first.pk))]
        evidence_services.link_item(actor=drafter, item=item, target=target)
    found = facts_for(report)
    assert [(r.number, r.evidence) for r in found.rows] == [(1, 1), (2, 0), (3, 0)]
    findings = check(found)
    assert [(f.rule, f.location.row) for f in findings] == [
        ("realisation.evidence-missing", str(second.pk)),
        ("realisation.evidence-missing", str(third.pk)),
        ("realisation.implausible", str(third.pk)),
    ]


def test_budget_of_earlier_quarters_counts_verified_figures(gov, report, drafter):
    first = _rows(report)[0]
    open_period(gov, 2025, 2)
    q2 = services.open_report(actor=drafter, roadmap=report.roadmap, year=2025, quarter=2)
    Realisation.objects.filter(pk=first.pk).update(budget_spent=D(30_000_000), verified_budget=D(20_000_000))
    second = q2.realisations.get(action=first.action)
    Realisation.objects.filter(pk=second.pk).update(value=D(10), budget_spent=D(6_000_000))
    q2_facts = facts_for(q2)
    (mine,) = [r for r in q2_facts.rows if r.pk == second.pk]
    assert mine.budget_before == D(20_000_000)
    assert "realisation.budget-over" in codes(check(q2_facts))


def test_facts_load_in_three_queries_for_a_large_report(gov, unit, drafter, django_assert_max_num_queries):
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    for n in range(120):
        make_action(roadmap, activity=f"Rencana aksi {n}", order=n)
    open_period(gov, 2025, 2)
    report = services.open_report(actor=drafter, roadmap=roadmap, year=2025, quarter=2)
    with django_assert_max_num_queries(3):
        found = facts_for(report)
    assert len(found.rows) == 120
    assert len(check(found)) == 120  # every row still empty


def test_the_panel_shows_on_the_quarter_page_until_verified(gov, report, drafter):
    assert report_panel in hooks._report_panels  # registered by the clinic's AppConfig
    html = client_for(drafter).get(f"/g/kota-uji/pemantauan/laporan/{report.uuid}/").content.decode()
    assert "Klinik: pemeriksaan laporan triwulan" in html
    assert "3 temuan menghambat" in html
    assert f'href="#r{_rows(report)[0].pk}"' in html
    QuarterReport.objects.filter(pk=report.pk).update(status=S.VERIFIED)
    report.refresh_from_db()
    assert report_panel(None, report) is None  # type: ignore[arg-type]
