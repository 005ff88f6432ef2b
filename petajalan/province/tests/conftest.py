"""A province and its kab/kota, built by hand for the province tests.

The tests run on 15 August 2025 (``on_day``): the last closed quarter is 2025 TW II (locked in July),
and the road maps of 2025–2029 are those of the current period. ``packs`` loads every shipped pack
first (the road-map factories reuse the loaded rb-roadmap 2023 instead of making their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from petajalan.accounts.models import Government, Membership
from petajalan.evaluations import scoring
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.frameworks.models import PackVersion
from petajalan.monitoring.tests.city_data import seed_city
from petajalan.roadmaps.models import Roadmap
from petajalan.testing.factories import make_government

R = Membership.Role
ON_DAY = dt.datetime(2025, 8, 15, 10, tzinfo=dt.UTC)


@pytest.fixture
def on_day() -> Iterator[None]:
    with time_machine.travel(ON_DAY, tick=False):
        yield


@pytest.fixture
def packs(db: None) -> None:
    call_command("load_frameworks", verbosity=0)


def make_province(**kwargs: Any) -> Government:
    values = {"kind": Government.Kind.PROVINSI, "name": "Provinsi Uji", "slug": "provinsi-uji"}
    values.update(kwargs)
    return make_government(**values)


def make_child(province: Government, **kwargs: Any) -> Government:
    return make_government(parent=province, province=province.name, **kwargs)


def enact_city_roadmap(
    government: Government, number: str = "7", on: dt.date = dt.date(2025, 3, 12)
) -> Roadmap:
    """The government's own road map of 2025–2029, enacted with ``number`` on ``on``."""
    Roadmap.objects.filter(government=government, unit__isnull=True, start_year=2025).update(
        status=Roadmap.Status.ENACTED, enactment_number=number, enacted_on=on
    )
    return Roadmap.objects.get(government=government, unit__isnull=True, start_year=2025)


def monitored_child(province: Government, name: str, units: int = 3, actions: int = 4) -> Government:
    """A kab/kota with enacted unit road maps and 2025 TW I and TW II reports (TW II: two units
    verified, one submitted, the government's own returned), and its own road map enacted."""
    child = make_child(province, name=name)
    seed_city(child, units=units, actions=actions, quarters=[(2025, 1), (2025, 2)])
    enact_city_roadmap(child)
    return child


def lke_2023() -> PackVersion:
    return PackVersion.objects.get(pack__key="lke", version="2023")


def worst_answer(node: scoring.Node) -> str:
    if node.choices:
        return min(node.choices, key=lambda c: Decimal(str(node.conversion[c])))
    bounds = node.range
    return scoring.plain(bounds[0]) if bounds else "0"


def answered_cycle(government: Government, *, phase: str = Phase.ANSWERING, checked: int = 0) -> Cycle:
    """A 2025 cycle whose units answered every item (the best answer on every other item, the worst
    on the rest); the Inspektorat agreed with the first ``checked`` items and changed the next one to
    the worst answer."""
    cycle = evaluations.open_cycle(actor=None, government=government, year=2025, worksheet=lke_2023())
    sheet = evaluations.worksheet_of(cycle.worksheet)
    rows = list(cycle.answers.order_by("order"))
    for n, answer in enumerate(rows):
        node = sheet.nodes[answer.node_key]
        answer.self_value = scoring.best_answer(node) if n % 2 == 0 else worst_answer(node)
        if n < checked:
            answer.check_state = Answer.Check.AGREED
        elif n == checked and checked:
            answer.check_state = Answer.Check.CHANGED
            answer.verified_value = worst_answer(node)
    Answer.objects.bulk_update(rows, ["self_value", "check_state", "verified_value"])
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle
