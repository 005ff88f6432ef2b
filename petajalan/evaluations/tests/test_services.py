"""Cycle writes: phases and windows, reopening with a reason, locks, and the three columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evaluations import scoring, services
from petajalan.evaluations.models import Answer, Cycle, Phase, Window
from petajalan.evaluations.tests.conftest import lke, move_to


def fresh(answer: Answer) -> Answer:
    return Answer.objects.select_related("cycle", "cycle__worksheet").get(pk=answer.pk)


def test_opening_a_cycle_makes_one_row_per_item_with_suggested_units(
    packs: None, gov: Any, admin: Any
) -> None:
    bapp = gov.units.create(
        name="Badan Perencanaan Pembangunan Daerah", short_name="Bappeda", code="5.01.0.00.0.00.01.0000"
    )
    cycle = services.open_cycle(actor=admin, government=gov, year=2025)
    assert cycle.worksheet == lke("2023")  # the newest shipped worksheet valid in 2025
    assert cycle.answers.count() == len(services.worksheet_of(cycle.worksheet).items) == 40
    assert cycle.answers.get(ref="1B.H.5").unit == bapp  # SAKIP → planning
    assert cycle.answers.get(ref="1A.1").unit is None  # the Bagian Organisasi
    assert cycle.windows.count() == 5
    assert AuditEvent.objects.filter(object_type="evaluations.cycle", action="create").exists()
    with pytest.raises(ServiceError, match="sudah dibuka"):
        services.open_cycle(actor=admin, government=gov, year=2025)


@pytest.mark.parametrize("version", ["2014", "2020", "2023"])
def test_every_worksheet_version_runs_a_cycle(packs: None, gov: Any, admin: Any, version: str) -> None:
    cycle = services.open_cycle(actor=admin, government=gov, year=2019, worksheet=lke(version))
    today = timezone.localdate()
    Window.objects.filter(cycle=cycle).update(opens_on=today, closes_on=today)
    first = fresh(cycle.answers.earliest("order"))
    node = services.worksheet_of(cycle.worksheet).nodes[first.node_key]
    services.answer_self(actor=admin, answer=first, value=scoring.best_answer(node), version=1)
    result = services.scores(cycle)
    assert result.self.nodes[first.node_key].points == node.weight
    assert len(result.self.missing) == cycle.answers.count() - 1


def test_a_unit_answer_is_checked_and_audited(cycle: Cycle, answers: dict, drafter: Any) -> None:
    answer = answers["1B.H.5"]
    saved = services.answer_self(actor=drafter, answer=answer, value="82,5", note="LHE SAKIP 2025", version=1)
    assert (saved.self_value, saved.version, saved.answered_by) == ("82.5", 2, drafter)
    with pytest.raises(ServiceError, match="antara 0 dan 100") as caught:
        services.answer_self(actor=drafter, answer=fresh(answer), value="182", version=2)
    assert caught.value.field == "value"
    assert fresh(answer).self_value == "82.5"
    assert AuditEvent.objects.filter(object_type="evaluations.answer", summary="Jawaban 1B.H.5").count() == 1


def test_not_applicable_needs_a_reason(cycle: Cycle, answers: dict, admin: Any) -> None:
    with pytest.raises(ServiceError, match="alasan"):
        services.answer_self(actor=admin, answer=answers["1B.H.4"], value="NA", version=1)
    saved = services.answer_self(
        actor=admin,
        answer=answers["1B.H.4"],
        value="NA",
        na_reason="Belum ada unit ZI yang diusulkan",
        version=1,
    )
    assert saved.self_value == "NA"
    assert services.scores(cycle).self.applicable_general == Decimal("96.5")


def test_two_people_answering_the_same_item_do_not_overwrite_each_other(
    cycle: Cycle, answers: dict, drafter: Any, unit_head: Any
) -> None:
    answer = answers["1C.H.2"]
    services.answer_self(actor=drafter, answer=answer, value="90", version=1)
    with pytest.raises(StaleEdit) as caught:
        services.answer_self(actor=unit_head, answer=answer, value="95", version=1)
    assert caught.value.current.self_value == "90"


def test_writes_outside_the_phase_or_its_window_are_refused(
    cycle: Cycle, answers: dict, drafter: Any, admin: Any
) -> None:
    answer = answers["1C.H.2"]
    with pytest.raises(ServiceError, match="tahap Verifikasi"):
        services.verify(actor=admin, answer=answer, agree=True, version=1)
    Window.objects.filter(cycle=cycle, phase=Phase.ANSWERING).update(
        opens_on=dt.date(2026, 1, 6), closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(ServiceError, match="di luar jadwal"):
        services.answer_self(actor=drafter, answer=fresh(answer), value="90", version=1)
    # the admin reopens with a reason until next week: audited, and the unit can answer again
    services.reopen(
        actor=admin,
        cycle=cycle,
        version=cycle.version,
        phase=Phase.ANSWERING,
        reason="Data SAKIP terlambat dari Kementerian",
        until=timezone.localdate() + dt.timedelta(days=7),
    )
    services.answer_self(actor=drafter, answer=fresh(answer), value="90", version=1)
    event = AuditEvent.objects.filter(action="transition").latest("created_at")
    assert event.after == {"phase": "answering", "reason": "Data SAKIP terlambat dari Kementerian"}


def test_reopening_needs_a_reason_and_an_earlier_phase(cycle: Cycle, admin: Any) -> None:
    until = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ServiceError, match="alasan"):
        services.reopen(actor=admin, cycle=cycle, version=1, phase=Phase.ANSWERING, reason=" ", until=until)
    with pytest.raises(ServiceError, match="sudah dilalui"):
        services.reopen(
            actor=admin, cycle=cycle, version=1, phase=Phase.VERIFICATION, reason="x", until=until
        )


def test_phases_move_forward_one_at_a_time_and_end(cycle: Cycle, admin: Any) -> None:
    with pytest.raises(StaleEdit):
        services.advance(actor=admin, cycle=cycle, version=cycle.version + 1)
    seen = []
    while cycle.phase != Phase.CLOSED:
        cycle = services.advance(actor=admin, cycle=cycle, version=cycle.version)
        seen.append(cycle.phase)
    assert seen == ["compiling", "verification", "evaluator", "objection", "closed"]
    with pytest.raises(ServiceError, match="sudah selesai"):
        services.advance(actor=admin, cycle=cycle, version=cycle.version)


def test_three_columns_side_by_side(
    cycle: Cycle, answers: dict, drafter: Any, reviewer: Any, admin: Any
) -> None:
    sakip, iku = answers["1B.H.5"], answers["1C.H.3"]
    services.answer_self(actor=drafter, answer=sakip, value="80", version=1)
    services.answer_self(actor=drafter, answer=iku, value="90", version=1)
    move_to(cycle, Phase.VERIFICATION)
    with pytest.raises(ServiceError, match="alasan"):
        services.verify(actor=reviewer, answer=fresh(sakip), agree=False, value="60", version=2)
    services.verify(
        actor=reviewer, answer=fresh(sakip), agree=False, value="60", note="LHE: 60,1 (B)", version=2
    )
    services.verify(actor=reviewer, answer=fresh(iku), agree=True, version=2)
    move_to(cycle, Phase.EVALUATOR)
    services.record_evaluator(actor=admin, answer=fresh(sakip), value="65", version=3)
    result = services.scores(Cycle.objects.get(pk=cycle.pk))
    key, iku_key = sakip.node_key, iku.node_key
    assert result.self.nodes[key].points == Decimal("3.2")  # 80 % of 4
    assert result.verified.nodes[key].points == Decimal("2.4")  # 60 % of 4
    assert result.evaluator is not None and result.evaluator.nodes[key].points == Decimal("2.6")
    # the non-macro IKU item is multiplied by the SAKIP ratio of its own column
    assert result.self.nodes[iku_key].points == Decimal("0.9") * 8 * Decimal("0.8")
    assert result.verified.nodes[iku_key].points == Decimal("0.9") * 8 * Decimal("0.6")


def test_objections_only_in_their_window(cycle: Cycle, answers: dict, admin: Any) -> None:
    answer = answers["1B.H.5"]
    with pytest.raises(ServiceError):
        services.file_objection(actor=admin, answer=answer, text="Nilai SAKIP 2025 sudah 70", version=1)
    move_to(cycle, Phase.OBJECTION)
    saved = services.file_objection(
        actor=admin, answer=fresh(answer), text="Nilai SAKIP 2025 sudah 70", version=1
    )
    assert saved.objection_at is not None


def test_the_coefficient_is_checked_against_the_pack(cycle: Cycle, admin: Any) -> None:
    with pytest.raises(ServiceError, match="antara -10 dan 1"):
        services.set_coefficient(actor=admin, cycle=cycle, column="self", value="2", version=1)
    saved = services.set_coefficient(actor=admin, cycle=cycle, column="self", value="-1,5", version=1)
    assert saved.coefficient_self == Decimal("-1.5")
    assert services.scores(saved).self.coefficient == Decimal("-1.5")


def test_scenarios_keep_their_answers_apart(cycle: Cycle, answers: dict, admin: Any) -> None:
    answer = answers["1B.H.5"]
    scenario = services.save_scenario(
        actor=admin, cycle=cycle, name="SAKIP A", answers={answer.node_key: "90"}
    )
    assert scenario.answers == {answer.node_key: "90"}
    assert fresh(answer).self_value == ""
    with pytest.raises(ServiceError, match="antara 0 dan 100"):
        services.save_scenario(actor=admin, cycle=cycle, name="Salah", answers={answer.node_key: "190"})


def test_assignment_stays_inside_the_government(
    cycle: Cycle, answers: dict, admin: Any, foreign_unit: Any, unit: Any
) -> None:
    with pytest.raises(ServiceError, match="pemerintah daerah yang sama"):
        services.assign(actor=admin, answer=answers["1A.1"], unit=foreign_unit, due_on=None)
    saved = services.assign(actor=admin, answer=answers["1A.1"], unit=unit, due_on=dt.date(2026, 2, 14))
    assert (saved.unit, saved.due_on) == (unit, dt.date(2026, 2, 14))
