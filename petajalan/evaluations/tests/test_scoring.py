"""The scoring engine against hand-worked worksheets and properties that hold for any answers.

The packs are read from the shipped catalogue (no database): the engine only sees node dicts.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petajalan.evaluations import scoring
from petajalan.frameworks.loader import read_paths, shipped_paths

D = Decimal


@cache
def _docs() -> dict[tuple[str, str], dict]:
    documents = [r.document for r in read_paths(shipped_paths()) if r.document is not None]
    return {(doc["pack"], doc["version"]): doc for doc in documents}


def sheet(version: str) -> scoring.Worksheet:
    return scoring.build(_docs()[("lke", version)]["nodes"])


def bands() -> list[scoring.Band]:
    return scoring.bands_of(_docs()[("rb-bands", "2020")]["nodes"])


def worksheet_versions() -> list[str]:
    return sorted(v for (p, v), d in _docs().items() if d["purpose"] == "worksheet")


def by_ref(ws: scoring.Worksheet, answers: dict[str, str]) -> dict[str, str]:
    refs = ws.by_ref()
    return {refs[ref].key: scoring.normalise(refs[ref], value) for ref, value in answers.items()}


# A whole 2023 worksheet worked by hand (points = answer ÷ range max × weight):
#   1A.1 2,4 of 0–3, w3 → 2,40; 1A.2 75 % of w7 = 5,25 × (2,40 ÷ 3) = 4,20            1A = 6,60
#   1B.H: 80%×2=1,60; 3/5×2=1,20; 3/5×4=2,40; 2/3,5×3,5=2,00; 70%×4=2,80; 2,5/5×2,5=1,25;
#         40%×2,5=1,00; 4/5×2,5=2,00; 60%×2,5=1,50; 50%×2,5=1,25; 2/5×2,5=1,00; 80%×2,5=2,00 = 20,00
#   1B.S: 205/410×4=2,00; 4/5×1,5=1,20; 90%×1,5=1,35                                 = 4,55
#   1C.H: 2,5/5×9=4,50; 100%×2=2,00; 90%×8=7,20 × (2,80 ÷ 4)=5,04; WTP 1×5=5,00; 75%×4=3,00 = 19,54
#   1C.S: 70%×4=2,80; 72%×10=7,20; 85%×8=6,80                                        = 16,80
#   raw RB General 67,49; coefficient −0,5 → 66,99 ÷ 100 × 100 = 66,99
#   Tematik: theme 1 0,30 + 80%×0,6×(0,30÷0,4)=0,36; theme 2 0,20 + 50%×0,6×(0,20÷0,4)=0,15;
#            impact 2B.1 2, 2B.2 1,5; the rest unanswered (0)                          = 4,51
#   Indeks 66,99 + 4,51 = 71,50 → BB (70, 80]
HAND_2023 = {
    "1A.1": "2,4",
    "1A.2": "75",
    "1B.H.1": "80",
    "1B.H.2": "3",
    "1B.H.3": "3",
    "1B.H.4": "2",
    "1B.H.5": "70 %",
    "1B.H.6": "2,5",
    "1B.H.7": "40",
    "1B.H.8": "4",
    "1B.H.9": "60",
    "1B.H.10": "50",
    "1B.H.11": "2",
    "1B.H.12": "80",
    "1B.S.1": "205",
    "1B.S.2": "4",
    "1B.S.3": "90",
    "1C.H.1": "2.5",
    "1C.H.2": "100",
    "1C.H.3": "90",
    "1C.H.4": "wtp",
    "1C.H.5": "75",
    "1C.S.1": "70",
    "1C.S.2": "72",
    "1C.S.3": "85",
    "2A.1.1": "0,3",
    "2A.1.2": "80",
    "2A.2.1": "0,2",
    "2A.2.2": "50",
    "2B.1": "2",
    "2B.2": "1,5",
}


def test_a_whole_2023_worksheet_worked_by_hand() -> None:
    ws = sheet("2023")
    result = scoring.score(ws, by_ref(ws, HAND_2023), coefficient=D("-0.5"), bands=bands())
    points = {s.ref: scoring.r2(s.points) for s in result.nodes.values()}
    assert points["1A.2"] == 4.20
    assert points["1A"] == 6.60
    assert points["1B.H"] == 20.00
    assert points["1B.S"] == 4.55
    assert points["1C.H.3"] == 5.04
    assert points["1C.H"] == 19.54
    assert points["1C.S"] == 16.80
    assert result.raw_general == D("67.49")
    assert scoring.r2(result.rb_general) == 66.99
    assert scoring.r2(result.rb_tematik) == 4.51
    assert scoring.r2(result.index) == 71.50
    assert result.band == "BB"
    refs = {ws.nodes[k].ref for k in result.missing}
    assert refs == {"2A.3.1", "2A.3.2", "2A.4.1", "2A.4.2", "2A.5.1", "2A.5.2", "2B.3", "2B.4", "2B.5"}


def test_not_applicable_leaves_the_denominator() -> None:
    # The same sheet with the Merit System Index (w4, 2,00 points) not applicable:
    # raw 67,49 − 2,00 = 65,49; + (−0,5) = 64,99; ÷ 96 × 100 = 67,6979… → 67,70; + 4,51 = 72,21.
    ws = sheet("2023")
    answers = by_ref(ws, HAND_2023 | {"1B.S.1": "NA"})
    result = scoring.score(ws, answers, coefficient=D("-0.5"), bands=bands())
    assert result.applicable_general == 96
    assert scoring.r2(result.rb_general) == 67.70
    assert scoring.r2(result.index) == 72.21
    assert "1B.S.1" not in {ws.nodes[k].ref for k in result.missing}


def test_the_adjusted_weight_example_of_the_national_portal() -> None:
    # Domain brief §5a: a city with adjusted weight 86,5 went from 61,89 to 71,55 (61,89 ÷ 86,5 × 100).
    # Build it on the 2023 sheet: not applicable items worth 13,5 points, the rest worth 61,89.
    ws = sheet("2023")
    na = ["1C.S.2", "1B.H.4"]  # SPI 10 + Zona Integritas 3,5 = 13,5 not applicable
    answers = {ws.by_ref()[ref].key: scoring.NA for ref in na}
    # 61,89 points: items at their maximum in pack order until the rest fits on one percent item
    # (leaving out the items that scale others and the items they scale, to keep it additive).
    remaining = D("61.89")
    for node in ws.items:
        if node.key in answers or node.multiplied_by or ws.index_part(ws.path(node.key)[0].key) == "tematik":
            continue
        if node.key.endswith("nilai-sakip") or node.key.endswith("kualitas-rencana-aksi"):
            continue  # they scale other items
        weight = node.weight or D(0)
        if remaining >= weight:
            answers[node.key] = scoring.best_answer(node)
            remaining -= weight
        elif remaining > 0 and node.answer_type == "percent":
            answers[node.key] = scoring.plain(remaining / weight * 100)
            remaining = D(0)
    assert remaining == 0
    result = scoring.score(ws, answers)
    assert result.applicable_general == D("86.5")
    assert scoring.r2(result.raw_general) == 61.89
    assert scoring.r2(result.rb_general) == 71.55


def test_the_coefficient_is_added_before_rescaling() -> None:
    ws = sheet("2023")
    answers = {ws.by_ref()["1C.S.2"].key: scoring.NA, ws.by_ref()["1C.S.3"].key: "50"}
    result = scoring.score(ws, answers, coefficient=D("1"))
    # (4 + 1) ÷ 90 × 100 = 5,555…
    assert scoring.r2(result.rb_general) == 5.56


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("0", "D"),
        ("30", "D"),
        ("30.01", "C"),
        ("70", "B"),
        ("70.001", "BB"),
        ("90", "A"),
        ("100", "AA"),
        ("112", "AA"),
    ],
)
def test_bands_are_half_open_from_below(value: str, band: str) -> None:
    found = scoring.band_for(D(value), bands())
    assert found is not None and found.code == band


@pytest.mark.parametrize(
    ("ref", "typed", "stored"),
    [
        ("1B.H.5", "85,5", "85.5"),
        ("1B.H.5", "85 %", "85"),
        ("1C.H.4", "wdp", "WDP"),
        ("1B.S.1", "410", "410"),
        ("1B.H.3", "na", "NA"),
    ],
)
def test_answers_are_stored_in_one_form(ref: str, typed: str, stored: str) -> None:
    assert scoring.normalise(sheet("2023").by_ref()[ref], typed) == stored


@pytest.mark.parametrize(
    ("ref", "typed", "message"),
    [
        ("1B.H.5", "101", "antara 0 dan 100"),
        ("1B.H.3", "0", "antara 1 dan 5"),
        ("1B.H.5", "banyak", "harus berupa angka"),
        ("1C.H.4", "TW", "paket hanya memuat: WTP, WDP"),
        ("1B.H.5", "", "kosong"),
    ],
)
def test_bad_answers_are_refused_in_indonesian(ref: str, typed: str, message: str) -> None:
    with pytest.raises(scoring.AnswerError, match=message):
        scoring.normalise(sheet("2023").by_ref()[ref], typed)


def test_items_without_an_answer_type_are_answered_as_points() -> None:
    ws = sheet("2014")
    item = next(n for n in ws.items if n.as_points)
    assert item.range == (D(0), item.weight)
    assert scoring.normalise(item, str(item.weight)) == scoring.plain(item.weight or D(0))
    with pytest.raises(scoring.AnswerError):
        scoring.normalise(item, str((item.weight or D(0)) + 1))


def test_a_part_whose_children_do_not_cover_its_weight_is_answered_whole() -> None:
    # lke 2020: A.1.7 (oversight, 4) lists only one weighted sub-item (0,83): A.1.7 is the item.
    ws = sheet("2020")
    refs = {n.ref for n in ws.items}
    assert "A.1.7" in refs and "A.1.7.6" not in refs


def test_next_points_count_what_a_multiplier_lifts() -> None:
    ws = sheet("2023")
    answers = by_ref(ws, HAND_2023)
    gains = {g.ref: g.gain for g in scoring.next_points(ws, answers, coefficient=D("-0.5"))}
    # 1A.1 from 2,4 to 3: its own 0,60 plus 1A.2 from 4,20 to 5,25: 1,05 → 1,65 index points.
    assert scoring.r2(gains["1A.1"]) == 1.65
    # SAKIP 70 → 100: its own 1,20 plus IKU non-makro 5,04 → 7,20: 2,16 → 3,36.
    assert scoring.r2(gains["1B.H.5"]) == 3.36
    assert "1C.H.4" not in gains  # already WTP
    assert list(gains.values()) == sorted(gains.values(), reverse=True)


# Properties -----------------------------------------------------------------------------------


def _answer_strategy(node: scoring.Node) -> st.SearchStrategy[str]:
    options: list[st.SearchStrategy[str]] = [st.just(""), st.just(scoring.NA)]
    if node.choices:
        options.append(st.sampled_from(node.choices))
    elif node.range is not None:
        low, high = node.range
        options.append(
            st.decimals(min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False).map(
                scoring.plain
            )
        )
    return st.one_of(*options)


@st.composite
def sheet_and_answers(draw: st.DrawFn) -> tuple[scoring.Worksheet, dict[str, str]]:
    ws = sheet(draw(st.sampled_from(worksheet_versions())))
    answers = {}
    for node in ws.items:
        value = draw(_answer_strategy(node))
        if value:
            answers[node.key] = value
    return ws, answers


@pytest.mark.parametrize("version", ["2014", "2020", "2023"])
def test_every_answer_at_its_maximum_gives_the_full_index(version: str) -> None:
    ws = sheet(version)
    result = scoring.score(ws, {n.key: scoring.best_answer(n) for n in ws.items}, bands=bands())
    assert result.rb_general == 100
    assert result.rb_tematik == (20 if version == "2023" else 0)
    assert result.band == "AA"
    assert result.missing == []


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_not_applicable_items_do_not_change_a_full_rb_general(data: st.DataObject) -> None:
    ws = sheet("2023")
    general = [n for n in ws.items if ws.index_part(ws.path(n.key)[0].key) == "general"]
    na = data.draw(st.sets(st.sampled_from([n.key for n in general]), max_size=len(general) - 1))
    answers = {n.key: scoring.NA if n.key in na else scoring.best_answer(n) for n in ws.items}
    assert scoring.score(ws, answers).rb_general == 100


@settings(max_examples=120, deadline=None)
@given(sheet_and_answers())
def test_no_node_exceeds_its_weight_and_totals_add_up(case: tuple[scoring.Worksheet, dict[str, str]]) -> None:
    ws, answers = case
    result = scoring.score(ws, answers, coefficient=D(0), bands=bands())
    for entry in result.nodes.values():
        assert D(0) <= entry.points <= entry.weight + D("0.000001"), entry.ref
        if not entry.is_item and ws.nodes[entry.key].children:
            children = [result.nodes[c].points for c in ws.nodes[entry.key].children if c in result.nodes]
            assert entry.points == sum(children, D(0))
    general = sum((result.nodes[r].points for r in ws.roots if ws.index_part(r) == "general"), D(0))
    tematik = sum((result.nodes[r].points for r in ws.roots if ws.index_part(r) == "tematik"), D(0))
    assert result.raw_general == general
    assert result.rb_tematik == tematik
    assert result.index == result.rb_general + result.rb_tematik
    assert D(0) <= result.rb_general <= D(100) + D("0.000001")
    assert set(result.missing) == {n.key for n in ws.items if not answers.get(n.key)}


@pytest.mark.parametrize("version", ["2014", "2020", "2023"])
def test_every_shipped_worksheet_scores(version: str) -> None:
    ws = sheet(version)
    assert ws.items
    result = scoring.score(ws, {}, bands=bands())
    assert result.index == 0 and result.band == "D"
    assert len(result.missing) == len(ws.items)
    assert sum((n.weight or D(0) for n in ws.items), D(0)) == (120 if version == "2023" else 100)
