"""The achievement rule per direction with hand-worked cases, the colours, budget absorption, and
the roll-up: ``rollup.aggregate(rows, None, …)`` equals the weighted mean worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petajalan.monitoring import rollup, services
from petajalan.monitoring.achievement import Rag, absorption, achievement, rag
from petajalan.monitoring.models import Realisation, Settings
from petajalan.roadmaps.tests.factories import make_action

D = Decimal


@pytest.mark.parametrize(
    ("direction", "target", "value", "expected"),
    [
        # up: realisation ÷ target × 100
        ("up", "100", "80", "80.00"),
        ("up", "100", "100", "100.00"),
        ("up", "40", "54", "135.00"),  # not capped: the colour is
        ("up", "3", "1", "33.33"),
        ("up", "100", "0", "0.00"),
        # down: (2 − realisation ÷ target) × 100
        ("down", "10", "12", "80.00"),
        ("down", "10", "8", "120.00"),
        ("down", "10", "10", "100.00"),
        ("down", "10", "25", "0.00"),  # never below 0
        # keep: (1 − |realisation − target| ÷ target) × 100
        ("keep", "100", "95", "95.00"),
        ("keep", "100", "105", "95.00"),
        ("keep", "100", "100", "100.00"),
        ("keep", "50", "120", "0.00"),
    ],
)
def test_achievement_follows_the_direction_of_the_indicator(direction, target, value, expected):
    assert achievement(direction, D(target), D(value)) == D(expected)


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("up", "0", None),  # nothing to measure against
        ("up", "5", None),
        ("down", "0", D("100")),
        ("down", "3", D("0")),
        ("keep", "0", D("100")),
        ("keep", "1", D("0")),
    ],
)
def test_a_target_of_zero(direction, value, expected):
    assert achievement(direction, D(0), D(value)) == expected


def test_no_realisation_or_no_target_has_no_achievement():
    assert achievement("up", D(100), None) is None
    assert achievement("down", None, D(5)) is None


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (D("135"), Rag.GREEN),
        (D("90"), Rag.GREEN),
        (D("89.99"), Rag.AMBER),
        (D("60"), Rag.AMBER),
        (D("59.99"), Rag.RED),
        (D("0"), Rag.RED),
        (None, Rag.GREY),
    ],
)
def test_colour_thresholds_default_90_and_60(value, colour):
    assert rag(value, green_from=D(90), amber_from=D(60)) == colour


def test_budget_absorption():
    assert absorption(D("12500000"), D("25000000")) == D("50.00")
    assert absorption(D("1"), D("3")) == D("33.33")
    assert absorption(None, D("100")) is None
    assert absorption(D("100"), D("0")) is None
    assert absorption(D("100"), None) is None


# The roll-up against a hand computation -------------------------------------------------------

achievements = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False)
)
weights = st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)


@pytest.fixture
def many_rows(report, enacted_roadmap):
    """Eight rows: the report's three plus five more actions' rows of the same report."""
    for n in range(5):
        make_action(enacted_roadmap, order=10 + n)
    services.open_report(actor=None, roadmap=enacted_roadmap, year=2025, quarter=1)
    return list(Realisation.objects.filter(report=report).order_by("pk"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(st.tuples(achievements, weights), min_size=8, max_size=8))
def test_rollup_of_one_group_is_the_weighted_mean_of_its_rows_capped_at_100(many_rows, report, data):
    for row, (value, weight) in zip(many_rows, data, strict=True):
        row.achievement, row.weight = value, weight
    Realisation.objects.bulk_update(many_rows, ["achievement", "weight"])

    [group] = rollup.aggregate(Realisation.objects.filter(report=report), None, Settings())

    measured = [(min(a, D(100)), w) for a, w in data if a is not None]
    total_weight = sum((w for _a, w in measured), D(0))
    assert group.rows == 8
    assert group.measured == len(measured)
    assert group.weight == total_weight
    if total_weight == 0:
        assert group.score is None
        assert group.colour == Rag.GREY
    else:
        assert group.score is not None
        expected = sum((a * w for a, w in measured), D(0)) / total_weight
        # the score is rounded to one decimal; SQLite sums in floating point, hence the hair of slack
        assert abs(group.score - expected) <= D("0.05") + D("1e-9")
        assert group.colour == rag(group.score, green_from=D(90), amber_from=D(60))
