"""Services: plain round trip, apply_plain, workflow transitions, snapshots, diff, change requests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from petajalan.accounts.models import AuditEvent
from petajalan.roadmaps import hooks
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.diff import diff_plain
from petajalan.roadmaps.models import Action, ChangeRequest, Notification, Roadmap, Snapshot
from petajalan.roadmaps.services import (
    PlainApplyError,
    StaleEditError,
    StartFrom,
    WorkflowError,
    apply_plain,
    consolidate,
    coverage,
    create_roadmap,
    decide_change_request,
    duplicate_action,
    move_row,
    request_change,
    save_row,
    to_plain,
    tracker,
    transition,
)
from petajalan.roadmaps.tests.factories import AREAS, make_action, make_problem, make_quick_win, make_roadmap

S = Roadmap.Status


@pytest.fixture
def roadmap(gov, unit):
    r = make_roadmap(gov, unit)
    p = make_problem(r)
    a = make_action(r)
    a.problems.add(p)
    make_quick_win(r)
    return r


def test_to_plain_reads_rows_with_targets_as_rows(roadmap):
    plain = to_plain(roadmap)
    assert plain.level == "unit" and plain.unit_short_name == "Dinkes"
    assert [c.key for c in plain.chapters] == ["urn:outline:bab-1", "urn:outline:bab-4"]
    action = plain.actions[0]
    assert [t.year for t in action.targets] == [2025, 2026, 2027, 2028, 2029]
    assert [(q.year, q.quarter) for q in action.quarter_targets] == [
        (2025, 1),
        (2025, 2),
        (2025, 3),
        (2025, 4),
    ]
    assert action.problem_uids == [plain.problems[0].uid]
    assert {f.key for f in plain.focus_nodes} >= {k for k, _ in AREAS}


def test_to_plain_runs_a_constant_number_of_queries(roadmap, django_assert_max_num_queries):
    for _ in range(30):
        make_action(roadmap)
    with django_assert_max_num_queries(16):
        to_plain(roadmap)


def test_round_trip_changes_nothing(roadmap, drafter):
    before = AuditEvent.objects.count()
    result = apply_plain(actor=drafter, roadmap=roadmap, plain=to_plain(roadmap))
    assert not result.changed
    assert AuditEvent.objects.count() == before
    assert P.sha256(to_plain(roadmap)) == P.sha256(to_plain(roadmap))


def test_apply_plain_creates_updates_and_deletes_by_uid(roadmap, drafter):
    plain = to_plain(roadmap)
    old_uid = plain.actions[0].uid
    plain.actions[0].indicator = "Indeks kepuasan"
    plain.actions[0].targets[0] = P.YearValue(2025, Decimal("77"))
    plain.actions.append(
        P.Action(uid="9b0f0f8e-0000-4000-8000-000000000001", focus_key=AREAS[1][0], activity="Baru")
    )
    plain.quick_wins = []
    result = apply_plain(actor=drafter, roadmap=roadmap, plain=plain)
    assert vars(result.sections["actions"]) == {"created": 1, "updated": 1, "deleted": 0, "unchanged": 0}
    assert result.sections["quick_wins"].deleted == 1
    updated = Action.objects.get(uid=old_uid)
    assert updated.indicator == "Indeks kepuasan" and updated.version == 2
    assert updated.targets.get(year=2025, quarter=None).value == Decimal("77")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1
    again = apply_plain(actor=drafter, roadmap=roadmap, plain=to_plain(roadmap))
    assert not again.changed


def test_apply_plain_refuses_bad_rows_and_writes_nothing(roadmap, drafter):
    plain = to_plain(roadmap)
    before = P.sha256(plain)
    a = plain.actions[0]
    a.subactivity_code = "1.2.3"
    a.targets.append(P.YearValue(2035, Decimal(1)))
    a.responsible_unit = "Dinas Tidak Ada"
    a.activity = "x" * 5000
    plain.actions.append(replace(a, uid=a.uid))
    with pytest.raises(PlainApplyError) as info:
        apply_plain(actor=drafter, roadmap=roadmap, plain=plain)
    text = " ".join(info.value.errors)
    assert "kode sub-kegiatan 1.2.3" in text
    assert "tahun 2035 di luar periode 2025-2029" in text
    assert "Dinas Tidak Ada tidak dikenal" in text
    assert "terlalu panjang" in text
    assert "muncul dua kali" in text
    assert P.sha256(to_plain(roadmap)) == before


def test_full_workflow_freezes_snapshots_and_audits(roadmap, drafter, unit_head, reviewer, admin):
    with pytest.raises(WorkflowError, match="Peran Anda"):
        transition(actor=drafter, roadmap=roadmap, name="submit")
    transition(actor=unit_head, roadmap=roadmap, name="submit")
    with pytest.raises(WorkflowError, match="tidak bisa dilakukan"):
        transition(actor=unit_head, roadmap=roadmap, name="submit")
    transition(actor=reviewer, roadmap=roadmap, name="start_review")
    with pytest.raises(WorkflowError, match="perlu diperbaiki"):
        transition(actor=reviewer, roadmap=roadmap, name="request_changes")
    transition(actor=reviewer, roadmap=roadmap, name="request_changes", note="Indikator belum terukur")
    roadmap.refresh_from_db()
    assert roadmap.status == S.CHANGES_REQUESTED
    assert roadmap.comments.get().needs_fix
    transition(actor=unit_head, roadmap=roadmap, name="submit")
    transition(actor=reviewer, roadmap=roadmap, name="start_review")
    transition(actor=reviewer, roadmap=roadmap, name="approve")
    with pytest.raises(WorkflowError):
        transition(
            actor=reviewer, roadmap=roadmap, name="enact", enactment_number="1", enacted_on=dt.date.today()
        )
    with pytest.raises(WorkflowError, match="nomor"):
        transition(actor=admin, roadmap=roadmap, name="enact")
    transition(
        actor=admin,
        roadmap=roadmap,
        name="enact",
        enactment_number="Perwal 12/2025",
        enacted_on=dt.date(2025, 3, 1),
    )
    roadmap.refresh_from_db()
    assert roadmap.status == S.ENACTED
    kinds = list(roadmap.snapshots.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["submit", "submit", "approve", "enact"]
    snap = roadmap.snapshots.get(kind="enact")
    assert snap.sha256 == P.sha256(P.from_dict(__import__("json").loads(snap.canonical_json)))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRANSITION).count() == 7
    assert Notification.objects.filter(recipient=drafter).exists()


def test_submit_check_hook_blocks_submission(roadmap, unit_head):
    def check(r, plain):
        return ["Klinik: indikator kosong"]

    hooks.register_submit_check(check)
    try:
        with pytest.raises(WorkflowError, match="Klinik: indikator kosong"):
            transition(actor=unit_head, roadmap=roadmap, name="submit")
    finally:
        hooks._submit_checks.remove(check)
    roadmap.refresh_from_db()
    assert roadmap.status == S.DRAFT


def test_empty_roadmap_cannot_be_submitted(gov, unit, unit_head):
    r = make_roadmap(gov, unit)
    with pytest.raises(WorkflowError, match="Belum ada rencana aksi"):
        transition(actor=unit_head, roadmap=r, name="submit")


def test_diff_between_snapshots_names_rows_and_fields(roadmap, drafter):
    old = to_plain(roadmap)
    action = roadmap.actions.get()
    save_row(
        actor=drafter,
        roadmap=roadmap,
        model=Action,
        row=action,
        values={"indicator": "Indeks baru"},
        expected_version=1,
    )
    make_action(roadmap, activity="Kegiatan tambahan")
    roadmap.quick_wins.all().delete()
    changes = diff_plain(old, to_plain(roadmap))
    kinds = {(c.section, c.kind) for c in changes}
    assert (
        ("actions", "changed") in kinds
        and ("actions", "added") in kinds
        and ("quick_wins", "removed") in kinds
    )
    changed = next(c for c in changes if c.kind == "changed" and c.section == "actions")
    assert [(f.name, f.before, f.after) for f in changed.fields] == [
        ("indicator", "Persentase layanan ber-SOP", "Indeks baru")
    ]


def test_stale_save_is_refused_with_the_other_change(roadmap, drafter, unit_head):
    action = roadmap.actions.get()
    save_row(
        actor=drafter, roadmap=roadmap, model=Action, row=action, values={"output": "A"}, expected_version=1
    )
    with pytest.raises(StaleEditError) as info:
        save_row(
            actor=unit_head,
            roadmap=roadmap,
            model=Action,
            row=action,
            values={"output": "B"},
            expected_version=1,
        )
    assert getattr(info.value.current, "output", None) == "A"
    action.refresh_from_db()
    assert action.output == "A" and action.version == 2


def test_rows_cannot_change_once_submitted(roadmap, drafter, unit_head):
    transition(actor=unit_head, roadmap=roadmap, name="submit")
    roadmap.refresh_from_db()
    with pytest.raises(WorkflowError, match="tidak dapat diubah"):
        save_row(
            actor=drafter, roadmap=roadmap, model=Action, row=roadmap.actions.get(), values={"output": "x"}
        )


def test_duplicate_and_move_keep_order(roadmap, drafter):
    first = roadmap.actions.get()
    second = make_action(roadmap, activity="Kedua")
    copy = duplicate_action(actor=drafter, roadmap=roadmap, action=first)
    assert copy.uid != first.uid and copy.targets.count() == first.targets.count()
    assert list(roadmap.actions.values_list("pk", flat=True)) == [first.pk, copy.pk, second.pk]
    move_row(actor=drafter, roadmap=roadmap, row=second, step=-1)
    assert list(roadmap.actions.values_list("pk", flat=True)) == [first.pk, second.pk, copy.pk]


def test_change_request_after_enactment(roadmap, drafter, admin):
    Roadmap.objects.filter(pk=roadmap.pk).update(status=S.APPROVED)
    roadmap.refresh_from_db()
    with pytest.raises(WorkflowError, match="sudah ditetapkan"):
        request_change(actor=drafter, roadmap=roadmap, reason="Ganti target")
    transition(
        actor=admin,
        roadmap=roadmap,
        name="enact",
        enactment_number="Perwal 3/2025",
        enacted_on=dt.date(2025, 2, 1),
    )
    cr = request_change(actor=drafter, roadmap=roadmap, reason="Target 2027 terlalu tinggi")
    with pytest.raises(WorkflowError):
        decide_change_request(actor=drafter, change_request=cr, accept=True)
    decide_change_request(actor=admin, change_request=cr, accept=True, note="Setuju")
    roadmap.refresh_from_db()
    assert roadmap.status == S.DRAFT
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.ACCEPTED
    assert roadmap.snapshots.filter(kind=Snapshot.Kind.CHANGE).exists()


def test_wizard_copies_previous_period_and_pulls_city_actions(gov, unit, other_unit, admin, drafter):
    old = make_roadmap(gov, unit, start_year=2020, end_year=2024)
    make_action(old, activity="Lama")
    copied = create_roadmap(
        actor=drafter, government=gov, unit=unit, start_year=2023, end_year=2027, start_from=StartFrom.COPY
    )
    a = copied.actions.get()
    assert a.activity == "Lama" and sorted(a.targets.filter(quarter=None).values_list("year", flat=True)) == [
        2023,
        2024,
    ]
    city = make_roadmap(gov, None, start_year=2025, end_year=2029)
    make_action(city, activity="Kota untuk Disdik", responsible_unit=other_unit)
    pulled = create_roadmap(
        actor=drafter,
        government=gov,
        unit=other_unit,
        start_year=2025,
        end_year=2029,
        start_from=StartFrom.CITY,
    )
    cascade = pulled.actions.get().cascade
    assert cascade is not None and cascade.roadmap == city


def test_city_view_tracker_coverage_and_consolidation(gov, unit, other_unit, admin):
    r = make_roadmap(gov, unit, status=S.APPROVED, deadline_on=dt.date(2025, 1, 31))
    make_action(r, focus_key=AREAS[0][0])
    city = make_roadmap(gov, None)
    rows = tracker(gov, 2025, today=dt.date(2025, 2, 1))
    by_unit = {row.unit: row for row in rows}
    assert by_unit[unit].roadmap == r and not by_unit[unit].is_overdue
    cov = coverage(gov, 2025)
    assert cov.counts[(AREAS[0][0], unit.pk)] == 1
    assert AREAS[1][0] in {n.key for n in cov.uncovered()}
    assert consolidate(actor=admin, city=city) == {"created": 1, "updated": 0, "deleted": 0}
    assert consolidate(actor=admin, city=city) == {"created": 0, "updated": 1, "deleted": 0}
    assert city.actions.get().responsible_unit == unit


def test_transition_sends_email_after_commit(
    roadmap, unit_head, reviewer, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transition(actor=unit_head, roadmap=roadmap, name="submit")
    recipients = {r for m in mailoutbox for r in m.to}
    assert {reviewer.email, admin.email} <= recipients and unit_head.email not in recipients
