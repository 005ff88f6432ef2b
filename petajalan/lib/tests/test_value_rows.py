"""``value_rows`` gives what ``values_list`` gives, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from petajalan.lib.value_rows import value_rows
from petajalan.roadmaps.models import Action, ActionTarget
from petajalan.roadmaps.tests.factories import make_action, make_roadmap

VALUES = ["12.5", "12.5", "0", "0", "0.0001", "1250000.25", None, "12.5", "-3", "100", "100.0000"]


def test_rows_equal_values_list_digit_for_digit(gov, unit, django_assert_num_queries):
    r = make_roadmap(gov, unit)
    action = make_action(r, targets=False)
    for year, value in enumerate(VALUES, start=2025):
        ActionTarget.objects.create(
            government=gov, action=action, year=year, value=None if value is None else Decimal(value)
        )
    qs = ActionTarget.objects.filter(action=action).order_by("year").values_list("year", "value", "quarter")
    with django_assert_num_queries(1):
        rows = list(value_rows(qs))
    expected = list(qs)
    assert rows == expected
    assert [repr(v) for _y, v, _q in rows] == [repr(v) for _y, v, _q in expected]  # 12.5000, not 12.5
    assert rows[1][1] == Decimal("12.5000") and rows[6][1] is None and str(rows[2][1]) == "0.0000"


def test_a_json_cell_is_never_shared_between_rows(gov, unit):
    r = make_roadmap(gov, unit)
    for _ in range(3):
        make_action(r, schedule=["2025-Q1"])
    rows = list(value_rows(Action.objects.filter(roadmap=r).values_list("schedule", "baseline_value")))
    assert rows == list(Action.objects.filter(roadmap=r).values_list("schedule", "baseline_value"))
    rows[0][0].append("2026-Q2")  # the caller may change a list it got: the other rows keep theirs
    assert rows[1][0] == ["2025-Q1"] and rows[0][0] is not rows[1][0]


def test_an_empty_query_gives_no_row(gov):
    assert list(value_rows(ActionTarget.objects.filter(government=gov).values_list("value"))) == []
