"""The analyses of a cycle: next points, what-if, the planned index, calibration, the framework preview.

Pure parts run on the shipped packs read without a database; the rest on the ``cycle`` fixture.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petajalan.evaluations import analysis, scoring, services
from petajalan.evaluations.models import ActionCriterion, Answer, Cycle, Phase
from petajalan.evaluations.tests.conftest import lke, move_to
from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap

D = Decimal


@cache
def _docs() -> dict[tuple[str, str], dict]:
    found = {}
    for result in read_paths(shipped_paths()):
        assert result.document is not None
        found[(result.document["pack"], result.document["version"])] = result.document
    return found


def sheet(version: str) -> scoring.Worksheet:
    return scoring.build(_docs()[("lke", version)]["nodes"])


def key(ws: scoring.Worksheet, ref: str) -> str:
    return ws.by_ref()[ref].key


def all_best(ws: scoring.Worksheet) -> dict[str, str]:
    return {n.key: scoring.best_answer(n) for n in ws.items}


# Next points -----------------------------------------------------------------------------------


def test_raising_the_action_plan_item_also_raises_implementation(
    cycle: Cycle, answers: dict[str, Answer]
) -> None:
    ws = services.worksheet_of(cycle.worksheet)
    for node in ws.items:
        Answer.objects.filter(cycle=cycle, node_key=node.key).update(self_value=scoring.best_answer(node))
    Answer.objects.filter(pk=answers["1A.1"].pk).update(self_value="1.5")
    Answer.objects.filter(pk=answers["1A.2"].pk).update(self_value="80")
    roadmap = make_roadmap(cycle.government, None, status=Roadmap.Status.ENACTED)
    action = make_action(roadmap)
    ActionCriterion.objects.create(action=action, node_key=answers["1A.1"].node_key)
    rows = list(cycle.answers.select_related("unit"))
    links = analysis.linked_actions(cycle)
    points = analysis.next_points(cycle, rows, links=links)
    assert [p.gain.ref for p in points] == ["1A.1", "1A.2"]
    # 1A.1: 1,5 more of its own weight 3, and 1A.2's 80 % × 7 = 5,6 goes from × 0,5 to × 1: + 2,8
    assert points[0].gain.gain == D("4.3")
    assert points[0].gain.current == D("1.5") and points[0].gain.weight == D("3")
    # 1A.2: the last 20 % of 7, still × 0,5
    assert points[1].gain.gain == D("0.7")
    assert points[0].actions == [action] and points[1].actions == []
    assert points[0].current == "1.5"


def test_the_verified_answer_comes_before_the_self_answer(cycle: Cycle, answers: dict[str, Answer]) -> None:
    Answer.objects.filter(pk=answers["1C.S.3"].pk).update(
        self_value="90", check_state=Answer.Check.CHANGED, verified_value="60"
    )
    rows = list(cycle.answers.select_related("unit"))
    found = {p.gain.ref: p for p in analysis.next_points(cycle, rows)}
    assert found["1C.S.3"].current == "60"
    assert found["1C.S.3"].gain.current == D("4.8")  # 60 % of 8


# What-if ---------------------------------------------------------------------------------------


def test_what_if_lays_changes_over_the_real_answers_without_touching_them() -> None:
    ws = sheet("2023")
    real = {key(ws, "1A.1"): "1.5", key(ws, "1A.2"): "80", key(ws, "1C.S.3"): "70"}
    before = dict(real)
    result = analysis.what_if(ws, real, {key(ws, "1A.1"): "3"}, coefficient=None)
    assert real == before
    assert result.delta == D("4.3")
    changed = {c.node.ref: c for c in result.changes}
    assert set(changed) == {"1A.1", "1A.2"}  # 1A.2's answer is the same, its points are not
    assert changed["1A.2"].real == changed["1A.2"].scenario == "80"
    assert changed["1A.2"].delta == D("2.8")


def test_parse_scenario_accepts_indonesian_numbers_and_reports_each_bad_field() -> None:
    ws = sheet("2023")
    typed = {
        key(ws, "1A.2"): "85,5",
        key(ws, "1C.S.3"): "sangat baik",
        key(ws, "1B.H.3"): "7",
        key(ws, "1C.H.4"): "wtp",
    }
    answers, errors = analysis.parse_scenario(ws, {**typed, key(ws, "1C.S.2"): "", key(ws, "1C.S.1"): "NA"})
    assert answers == {key(ws, "1A.2"): "85.5", key(ws, "1C.H.4"): "WTP", key(ws, "1C.S.1"): "NA"}
    assert set(errors) == {key(ws, "1C.S.3"), key(ws, "1B.H.3")}
    assert "harus berupa angka" in errors[key(ws, "1C.S.3")]
    assert "antara 1 dan 5" in errors[key(ws, "1B.H.3")]
    assert analysis.overrides({key(ws, "1A.2"): "85.5"}, answers) == {
        key(ws, "1C.H.4"): "WTP",
        key(ws, "1C.S.1"): "NA",
    }


# The planned index -----------------------------------------------------------------------------


def test_finishing_quarter_reads_the_schedule_of_the_year() -> None:
    assert analysis.finishing_quarter(["2025-Q1", "2025-Q3", "2026-Q1"], 2025) == 3
    assert analysis.finishing_quarter(["2025-TW2", "2025 Q4"], 2025) == 4
    assert analysis.finishing_quarter(["2026-Q2"], 2025) is None
    assert analysis.finishing_quarter(["kapan-kapan", 7, None], 2025) is None
    assert analysis.finishing_quarter([], 2025) is None


class _Action:
    def __init__(self, *schedule: str) -> None:
        self.schedule = list(schedule)


def test_a_criterion_moves_when_all_its_actions_are_done() -> None:
    ready = analysis.ready_quarters(
        {
            "a": [_Action("2025-Q1", "2025-Q2"), _Action("2025-Q4")],
            "b": [_Action("2025-Q1"), _Action("2026-Q1")],  # the second has nothing in 2025
            "c": [_Action("2025-Q3", "2026-Q1")],
        },
        2025,
    )
    assert ready == {"a": 4, "b": None, "c": 3}


def test_plan_quarters_moves_items_in_their_quarter() -> None:
    ws = sheet("2023")
    answers = {key(ws, "1A.1"): "1.5", key(ws, "1A.2"): "80", key(ws, "1C.S.3"): "NA"}
    ready = {key(ws, "1A.1"): 2, key(ws, "1C.S.2"): 4, key(ws, "1C.S.3"): 1}
    plans = analysis.plan_quarters(ws, answers, ready)
    assert [p.quarter for p in plans] == [0, 1, 2, 3, 4]
    assert [[n.ref for n in p.moved] for p in plans] == [[], [], ["1A.1"], [], ["1C.S.2"]]  # NA stays NA
    indices = [p.score.index for p in plans]
    # RB General over the 92 points that apply (SKM not applicable): 1A.1 +1,5 and 1A.2 +2,8; SPI +10
    q = D("0.000001")
    assert (indices[2] - indices[1]).quantize(q) == (D("4.3") / 92 * 100).quantize(q)
    assert (indices[4] - indices[3]).quantize(q) == (D(10) / 92 * 100).quantize(q)
    assert indices[0] == indices[1] and indices[2] == indices[3]
    assert plans[4].moved_total == 2


def _answer_strategy(node: scoring.Node) -> st.SearchStrategy[str]:
    if node.choices:
        return st.sampled_from(["", scoring.NA, *node.choices])
    low, high = node.range or (D(0), D(0))
    values = st.decimals(min_value=low, max_value=high, places=2).map(scoring.plain)
    return st.one_of(st.just(""), st.just(scoring.NA), values)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_planned_index_never_goes_down(data: st.DataObject) -> None:
    ws = sheet(data.draw(st.sampled_from(["2014", "2020", "2023"])))
    answers = {n.key: data.draw(_answer_strategy(n)) for n in ws.items}
    answers = {k: v for k, v in answers.items() if v}
    ready = {n.key: data.draw(st.sampled_from([None, 1, 2, 3, 4])) for n in ws.items}
    coefficient = data.draw(st.decimals(min_value=-10, max_value=1, places=1)) if ws.coefficient else None
    plans = analysis.plan_quarters(ws, answers, ready, coefficient=coefficient)
    indices = [p.score.index for p in plans]
    assert indices == sorted(indices)
    for node in ws.items:
        if ready[node.key] is not None and answers.get(node.key) != scoring.NA:
            assert plans[4].score.nodes[node.key].answer == scoring.best_answer(node)


# Calibration -----------------------------------------------------------------------------------


def _set(cycle: Cycle, ref: str, unit: Any = None, **values: str) -> None:
    Answer.objects.filter(cycle=cycle, ref=ref).update(unit=unit, **values)


def test_calibration_numbers_on_a_hand_built_pair_of_cycles(
    gov: Any, unit: Any, admin: Any, cycle: Cycle
) -> None:
    Answer.objects.filter(cycle=cycle).update(evaluator_value="50")  # 2025 is still answering: left out
    first = move_to(
        services.open_cycle(actor=admin, government=gov, year=2023, worksheet=lke("2023")), Phase.CLOSED
    )
    second = move_to(
        services.open_cycle(actor=admin, government=gov, year=2024, worksheet=lke("2023")), Phase.EVALUATOR
    )
    Answer.objects.filter(cycle__in=[first, second]).update(unit=None)
    agreed = {"check_state": Answer.Check.AGREED}
    # 2023: SAKIP 80 (3,2) vs 60 (2,4): +0,8 · SKM 75 (6,0), verified 70 (5,6) vs 80 (6,4): −0,4
    #       IKU makro 100 vs 100: 0
    #       IKU non-makro 50 % of 8 × SAKIP ratio: 4 × 0,8 = 3,2 vs 4 × 0,6 = 2,4: +0,8
    _set(first, "1B.H.5", unit, self_value="80", evaluator_value="60", **agreed)
    _set(
        first,
        "1C.S.3",
        None,
        self_value="75",
        check_state=Answer.Check.CHANGED,
        verified_value="70",
        evaluator_value="80",
    )
    _set(first, "1C.H.2", unit, self_value="100", evaluator_value="100")
    _set(first, "1C.H.3", unit, self_value="50", evaluator_value="50")
    _set(first, "1B.H.3", unit, self_value="3")  # the evaluator did not answer: not compared
    # 2024: SAKIP 90 vs 90: 0 · SKM 50 (4,0) vs 75 (6,0): −2
    _set(second, "1B.H.5", unit, self_value="90", evaluator_value="90")
    _set(second, "1C.S.3", None, self_value="50", evaluator_value="75")
    result = analysis.calibration_for(gov.pk)
    assert [y.cycle.year for y in result.years] == [2023, 2024]
    y2023, y2024 = result.years
    assert y2023.group.n == 4
    assert y2023.group.mean_gap_self == D("0.3")  # (0,8 − 0,4 + 0 + 0,8) ÷ 4
    assert y2023.group.mean_gap_verified == D("0.2")  # (0,8 − 0,8 + 0 + 0,8) ÷ 4
    assert (y2023.group.over, y2023.group.under) == (2, 1)
    assert (y2024.group.n, y2024.group.mean_gap_self, y2024.group.over, y2024.group.under) == (
        2,
        D("-1"),
        0,
        1,
    )
    assert y2023.evaluator_score is not None
    # the four gaps, and SPIP's 2,4 that only the self column has
    assert y2023.self_score.index - y2023.evaluator_score.index == D("3.6")
    units = {g.label: g for g in result.units}
    dinkes = units["Dinas Kesehatan"]
    assert (dinkes.n, dinkes.mean_gap_self, dinkes.over, dinkes.under, dinkes.over_share) == (
        4,
        D("0.4"),
        2,
        0,
        D(50),
    )
    city = units["Bagian Organisasi (tanpa perangkat daerah)"]
    assert (city.n, city.mean_gap_self, city.over, city.under) == (2, D("-1.2"), 0, 2)
    assert [y.cycle.year for y in result.with_results] == [2023, 2024]


def test_calibration_without_results_is_empty_not_an_error(gov: Any, cycle: Cycle) -> None:
    move_to(cycle, Phase.EVALUATOR)
    result = analysis.calibration_for(gov.pk)
    assert len(result.years) == 1 and result.with_results == []
    assert result.years[0].evaluator_score is None
    assert result.years[0].group.mean_gap_self is None and result.years[0].group.over_share is None
    assert [g.n for g in result.units] == [0, 0]


# Another worksheet version ---------------------------------------------------------------------


def _links_2020_2023() -> list[analysis.Link]:
    doc = _docs()[("crosswalk-lke-2020", "2023")]
    return [analysis.Link(link["target"], link["source"], link["relation"]) for link in doc["links"]]


def test_preview_under_2020_carries_ratios_and_lists_what_does_not_map() -> None:
    source, target = sheet("2023"), sheet("2020")
    answers = {key(source, "1B.H.5"): "75", key(source, "1C.S.2"): "NA"}
    result = analysis.carry(source, answers, target, _links_2020_2023())
    items = {c.node.ref: c for c in result.items}
    # SAKIP 75 % → B.1 (hasil akuntabilitas, weight 10) and A.1.6 (pemenuhan akuntabilitas, weight 2)
    assert (
        items["B.1"].ratio == D("0.75") and items["B.1"].stored == "7.5" and items["B.1"].points == D("7.5")
    )
    assert items["A.1.6"].points == D("1.5")
    assert all(c.approximate for c in result.items)  # every link of this pack is "overlaps"
    # B.3 gets the SPI (not applicable), BPK opinion and BPK follow-up (unanswered): nothing to carry
    assert items["B.3"].ratio is None and items["B.3"].stored == ""
    assert [n.ref for n in result.unmapped] == ["A.2", "A.3"]  # hasil antara and reform
    nowhere = [n.ref for n in result.nowhere]
    assert nowhere[:3] == ["1B.H.7", "1B.H.11", "1B.H.12"] and len(nowhere) == 18  # + all of RB Tematik
    assert result.score.index == D("9")  # (7,5 + 1,5) ÷ 100 × 100


def test_equal_links_carry_exactly_and_not_applicable_stays_so() -> None:
    source, target = sheet("2023"), sheet("2020")
    links = [
        analysis.Link(key(source, "1B.H.5"), key(target, "B.1"), "equal"),
        analysis.Link(key(source, "1C.S.2"), key(target, "B.3"), "part_of"),
    ]
    result = analysis.carry(source, {key(source, "1B.H.5"): "80", key(source, "1C.S.2"): "NA"}, target, links)
    items = {c.node.ref: c for c in result.items}
    assert not items["B.1"].approximate and items["B.1"].points == D("8")
    assert items["B.3"].stored == scoring.NA
    assert result.score.applicable_general == D("90")


def test_a_choice_takes_the_nearest_answer_below_the_ratio() -> None:
    ws = sheet("2023")
    opinion = ws.by_ref()["1C.H.4"]
    assert analysis.answer_at(opinion, D(1)) == ("WTP", False)
    stored, approximate = analysis.answer_at(opinion, D("0.9"))
    assert approximate and D(str(opinion.conversion[stored])) <= D("0.9")
    assert analysis.answer_at(ws.by_ref()["1B.H.3"], D("0.1")) == ("1", True)  # 1–5 scale starts at 1


def test_preview_of_a_cycle_reads_the_loaded_crosswalk_both_ways(
    cycle: Cycle, answers: dict[str, Answer]
) -> None:
    Answer.objects.filter(pk=answers["1B.H.5"].pk).update(self_value="75")
    rows = list(cycle.answers.select_related("unit"))
    result = analysis.preview(cycle, rows, lke("2020"))
    assert result.links == 25
    assert [n.ref for n in result.unmapped] == ["A.2", "A.3"]
    assert {c.node.ref: c.points for c in result.items}["B.1"] == D("7.5")
    assert analysis.preview(cycle, rows, lke("2014")).links == 0
    assert lke("2020").pk in analysis.versions_linked(cycle.worksheet)


@pytest.mark.parametrize("version", ["2014", "2020"])
def test_every_shipped_worksheet_can_be_previewed(version: str, cycle: Cycle) -> None:
    rows = list(cycle.answers.all())
    result = analysis.preview(cycle, rows, lke(version))
    assert result.score.index >= 0
