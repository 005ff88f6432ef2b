"""Suggested answers: the action-plan rubric from the clinic's stored review, implementation and RB
Tematik output from verified monitoring roll-ups; None (never an error) when there is nothing to go on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from petajalan.clinic.engine import Finding, Location, Review, Source
from petajalan.clinic.models import ReadinessRecord
from petajalan.evaluations import scoring
from petajalan.evaluations.models import Answer, Cycle
from petajalan.evaluations.services import worksheet_of
from petajalan.evaluations.suggestions import (
    city_roadmap,
    grade,
    grade_review,
    rubric_value,
    suggestion_for,
    suggestions_for,
)
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.tests.conftest import open_period
from petajalan.roadmaps.models import Action, Problem, Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap

D = Decimal
# sixteen different activities, so the clinic finds no near copies among them
WORDS = [
    "arsip", "pengaduan", "kepegawaian", "perizinan", "anggaran", "statistik", "pengadaan", "hukum",
    "organisasi", "kinerja", "integritas", "jabatan", "kompetensi", "pelayanan", "aplikasi", "survei",
]  # fmt: skip


def _finding(rule: str, row: str = "", items: int = 1) -> Finding:
    return Finding(
        rule, "warning", Location("bab-4", row, "x"), f"Temuan {rule} {row}", "", "", Source(""), items=items
    )


def test_grade_thresholds_follow_rubric_part_a() -> None:
    assert [grade(D(s)) for s in ("1", "0.75", "0.74", "0.5", "0.1", "0.09")] == [
        "A",
        "B",
        "C",
        "C",
        "D",
        "E",
    ]


def test_sub_answers_from_a_hand_built_review() -> None:
    review = Review(
        findings=[
            *[_finding("coverage.gap", f"g{n}") for n in range(5)],  # 16 of 21 covered: B
            _finding("action.duplicate", "r1", items=3),  # 3 of 10 × 4 rules failed in 2(a): 37/40 → B
            _finding("action.budget-missing", "r2"),
            *[_finding("action.budget-missing", f"r{n}") for n in range(3, 9)],  # 7 of 10 missing: 30% → D
        ],
        checks={
            "coverage.gap": 21,
            "action.target-missing": 10,
            "action.target-implausible": 10,
            "action.target-direction": 10,
            "problem.unanswered": 10,
            "action.no-problem": 10,
            "action.duplicate": 10,
            "action.owner-missing": 10,
            "action.output-missing": 10,
            "action.indicator-missing": 10,
            "action.indicator-vague": 10,
            "action.output-document-only": 10,
            "action.baseline-missing": 10,
            "action.budget-missing": 10,
        },
        chapter_checks={},
        chapters={},
    )
    parts = grade_review(review)
    assert {p.code: p.answer for p in parts} == {
        "1a": "B",
        "1b": "A",
        "1c": "Tidak",
        "2a": "B",
        "2b": "A",
        "2c": "A",
        "2d": "D",
    }
    one, two, total = rubric_value(parts)
    # part 1 = (0,75 + 1 + 0) ÷ 3 = 0,5833; part 2 = 2 × (0,75 + 1 + 1 + 0,25) ÷ 4 = 1,5
    assert round(one, 4) == D("0.5833")
    assert two == D("1.5")
    assert total == D("2.08")
    assert "16 dari 21" in parts[0].reason and "dan 2 temuan lain" in parts[0].reason
    assert "belum punya aturan" in parts[2].reason
    assert "bukan kecukupannya" in parts[6].reason


def test_a_part_the_clinic_did_not_check_is_e() -> None:
    parts = grade_review(Review(findings=[], checks={"coverage.gap": 0}, chapter_checks={}, chapters={}))
    assert {p.code: p.answer for p in parts}["1a"] == "E"
    assert all(p.answer in ("E", "Tidak") for p in parts)
    assert rubric_value(parts)[2] == D("0")


def _city_plan(gov: Any, unit: Any, *, status: str = Roadmap.Status.ENACTED, start: int = 2025) -> Roadmap:
    """A city road map covering 16 of the 21 main activities, every action with a problem, an owner,
    targets and a budget except one without a budget."""
    city = make_roadmap(
        gov, None, status=status, start_year=start, end_year=start + 4, title="Road Map RB Kota Uji"
    )
    for n, word in enumerate(WORDS, start=1):
        focus = f"urn:rb:general:{n:02d}"
        problem = Problem.objects.create(
            roadmap=city, government=gov, focus_key=focus, statement=f"Masalah {word} belum tertangani"
        )
        action = make_action(
            city,
            focus_key=focus,
            activity=f"Pembenahan {word}",
            output=f"Hasil {word}",
            indicator=f"Persentase layanan {word} sesuai standar",
            responsible_unit=unit,
        )
        action.problems.add(problem)
        if n == 1:
            action.budgets.all().delete()
    return city


def test_a_city_road_map_with_clinic_findings_gives_the_expected_sub_answers(
    answers: dict[str, Answer], gov: Any, unit: Any
) -> None:
    city = _city_plan(gov, unit)
    suggestion = suggestion_for(answers["1A.1"])
    assert suggestion is not None
    text = "\n".join(suggestion.reasons)
    assert "1(a) kegiatan utama wajib nasional diadopsi: B — 16 dari 21" in text
    assert "1(b) target indikator logis, realistis dan meningkat: A" in text
    assert "1(c) surat pernyataan keabsahan rencana aksi ditandatangani: Tidak" in text
    assert "2(a) logika rencana aksi terhadap target: A" in text
    assert "2(b) relevansi dan kecukupan indikator output: A" in text
    assert "2(c) ketepatan target output (berbasis baseline, meningkat): A" in text
    assert "2(d) kecukupan anggaran: B — 15 dari 16" in text
    # part 1 = (0,75 + 1 + 0) ÷ 3; part 2 = 2 × (1 + 1 + 1 + 0,75) ÷ 4 = 1,875 → 2,4583
    assert suggestion.value == "2.46"
    node = worksheet_of(answers["1A.1"].cycle.worksheet).nodes[answers["1A.1"].node_key]
    assert scoring.normalise(node, suggestion.value) == "2.46"
    assert suggestion.source_url == f"/g/{gov.slug}/klinik/roadmap/{city.uuid}/"
    # the clinic's review was stored (and is what a second suggestion reads)
    assert ReadinessRecord.objects.filter(roadmap=city).exists()


def test_no_city_road_map_gives_no_suggestion(answers: dict[str, Answer], gov: Any, unit: Any) -> None:
    make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)  # a unit's road map is not the city's
    assert suggestion_for(answers["1A.1"]) is None
    assert suggestion_for(answers["1A.2"]) is None  # nothing verified either
    assert suggestion_for(answers["2A.1.2"]) is None
    assert suggestions_for(answers.values()) == {}


def test_the_enacted_city_road_map_wins_over_a_draft_covering_the_year(gov: Any, cycle: Cycle) -> None:
    enacted = make_roadmap(gov, None, status=Roadmap.Status.ENACTED, start_year=2021, end_year=2025)
    make_roadmap(gov, None, start_year=2023, end_year=2027)
    assert city_roadmap(gov, 2025) == enacted
    draft = city_roadmap(gov, 2027)  # only the draft covers 2027
    assert draft is not None and draft.start_year == 2023
    assert city_roadmap(gov, 2030) is None


def test_a_draft_city_road_map_is_used_and_said_so(answers: dict[str, Answer], gov: Any, unit: Any) -> None:
    _city_plan(gov, unit, status=Roadmap.Status.DRAFT)
    suggestion = suggestion_for(answers["1A.1"])
    assert suggestion is not None
    assert any("belum ditetapkan" in r for r in suggestion.reasons)


def test_items_petajalan_cannot_read_have_no_suggestion(answers: dict[str, Answer]) -> None:
    for ref in ("1B.H.5", "1C.S.3", "2A.1.1", "2B.1"):
        assert suggestion_for(answers[ref]) is None


# Monitoring ------------------------------------------------------------------------------------


def verify_quarter(roadmap: Roadmap, quarter: int, values: dict[int, str], people: dict[str, Any]) -> None:
    """Report ``values`` (action pk → realisation) for the quarter of 2025 and verify the report."""
    open_period(roadmap.government, 2025, quarter)
    actor = people["admin"]
    report = monitoring.open_report(actor=actor, roadmap=roadmap, year=2025, quarter=quarter)
    for row in report.realisations.all():
        monitoring.save_realisation(
            actor=actor, row=row, data={"value": D(values[row.action_id])}, version=row.version
        )
    monitoring.submit_report(actor=actor, report=report)
    monitoring.verify_report(actor=actor, report=report)


def test_implementation_is_the_verified_city_rollup(
    answers: dict[str, Answer], gov: Any, unit: Any, personas: dict[str, Any]
) -> None:
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    first, second = make_action(roadmap), make_action(roadmap)
    # TW1 targets are 10: 8 → 80 %, 15 → 150 % counted as 100 % → mean 90
    verify_quarter(roadmap, 1, {first.pk: "8", second.pk: "15"}, personas)
    # a report not verified yet does not count
    open_period(gov, 2025, 2)
    monitoring.open_report(actor=personas["admin"], roadmap=roadmap, year=2025, quarter=2)
    suggestion = suggestion_for(answers["1A.2"])
    assert suggestion is not None
    assert suggestion.value == "90"
    node = worksheet_of(answers["1A.2"].cycle.worksheet).nodes[answers["1A.2"].node_key]
    assert scoring.normalise(node, suggestion.value) == "90"
    assert "2 baris" in suggestion.reasons[1]
    assert suggestion.source_url.startswith(f"/g/{gov.slug}/pemantauan/rincian/?tahun=2025&tw=4&ytd=1")


def test_theme_output_is_the_rollup_of_the_theme_s_actions(
    answers: dict[str, Answer], gov: Any, unit: Any, personas: dict[str, Any]
) -> None:
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    poverty = make_action(roadmap, focus_key="urn:rb:tematik:kemiskinan")
    other = make_action(roadmap, focus_key="urn:rb:general:04")
    verify_quarter(roadmap, 1, {poverty.pk: "6", other.pk: "10"}, personas)
    suggestion = suggestion_for(answers["2A.1.2"])
    assert suggestion is not None and suggestion.value == "60"
    assert "kemiskinan" in suggestion.source_url
    assert suggestion_for(answers["2A.2.2"]) is None  # no investment action
    assert set(suggestions_for(answers.values())) == {answers["1A.2"].node_key, answers["2A.1.2"].node_key}
    assert Action.objects.filter(focus_key="urn:rb:tematik:kemiskinan").count() == 1


@pytest.mark.parametrize("ref", ["1A.1", "1A.2", "2A.3.2"])
def test_a_worksheet_without_these_items_has_no_suggestion(ref: str, answers: dict[str, Answer]) -> None:
    answer = answers[ref]
    answer.node_key = "urn:lke:tidak-ada"
    assert suggestion_for(answer) is None
