"""``to_plain`` reads values (decision 0056): its result is the one the model-object path gave.

``_orm_to_plain`` below is the earlier implementation (model objects through prefetches), kept
here as the reference: on a road map using every field and on every demo road map both give the
same ``PlainRoadmap`` and the same canonical JSON, so snapshots keep their hashes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from petajalan.accounts.demo import build_demo_governments
from petajalan.frameworks.models import Node, Pack, PackVersion
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.demo import build_demo_roadmaps
from petajalan.roadmaps.models import (
    Action,
    ActionBudget,
    ActionTarget,
    ChangeAgent,
    Problem,
    QuickWin,
    Roadmap,
    TeamMember,
)
from petajalan.roadmaps.services import to_plain
from petajalan.roadmaps.tests.factories import make_action, make_problem, make_quick_win, make_roadmap
from petajalan.testing.factories import make_unit


def _orm_action(a: Action) -> P.Action:
    targets = sorted(a.targets.all(), key=lambda t: (t.year, t.quarter or 0))
    return P.Action(
        uid=str(a.uid),
        focus_key=a.focus_key,
        activity=a.activity,
        problem_uids=sorted(str(p.uid) for p in a.problems.all()),
        subactivity_code=a.subactivity_code,
        output=a.output,
        indicator=a.indicator,
        unit_of_measure=a.unit_of_measure,
        direction=a.direction,
        baseline_year=a.baseline_year,
        baseline_value=a.baseline_value,
        targets=[P.YearValue(t.year, t.value) for t in targets if t.quarter is None],
        quarter_targets=[P.QuarterValue(t.year, t.quarter, t.value) for t in targets if t.quarter],
        budgets=[P.YearValue(b.year, b.amount) for b in sorted(a.budgets.all(), key=lambda b: b.year)],
        no_budget_needed=a.no_budget_needed,
        responsible_unit=a.responsible_unit.short_name if a.responsible_unit else "",
        supporting_units=sorted(u.short_name for u in a.supporting_units.all()),
        schedule=list(a.schedule or []),
        expected_evidence=a.expected_evidence,
        cascade_uid=str(a.cascade.uid) if a.cascade else "",
        order=a.order,
    )


def _orm_to_plain(roadmap: Roadmap) -> P.PlainRoadmap:
    """The model-object path ``to_plain`` took before decision 0056 (the reference)."""
    r = Roadmap.objects.for_matrix().get(pk=roadmap.pk)
    versions = sorted(r.pack_versions.all(), key=lambda v: v.pack.key)
    return P.PlainRoadmap(
        level=r.level,
        government=r.government.name,
        government_slug=r.government.slug,
        title=r.title,
        period_label=r.period_label,
        start_year=r.start_year,
        end_year=r.end_year,
        unit=r.unit.name if r.unit else "",
        unit_short_name=r.unit.short_name if r.unit else "",
        unit_code=r.unit.code if r.unit else "",
        status=r.status,
        frameworks=[{"pack": v.pack.key, "version": v.version} for v in versions],
        focus_nodes=[
            P.FocusRef(n.key, n.ref, n.title, n.kind, n.version.pack.key, n.version.version)
            for n in Node.objects.filter(version__in=versions, kind__in=Node.FOCUS_KINDS)
            .select_related("version__pack")
            .order_by("version__pack__key", "order", "id")
        ],
        chapters=[
            P.Chapter(c.key, c.ref, c.title, c.body, c.guidance, c.is_required, c.order)
            for c in r.chapters.all()
        ],
        problems=[
            P.Problem(str(p.uid), p.focus_key, p.statement, p.evidence, p.order) for p in r.problems.all()
        ],
        actions=[_orm_action(a) for a in r.actions.all()],
        quick_wins=[
            P.QuickWin(
                str(q.uid),
                q.title,
                q.change_for_citizens,
                q.owner,
                q.deadline_on,
                q.before_measure,
                q.after_measure,
                q.expected_evidence,
                q.order,
            )
            for q in r.quick_wins.all()
        ],
        team=[
            P.TeamMember(t.team, t.role, t.name, t.position, t.nip, t.group, t.order) for t in r.team.all()
        ],
        change_agents=[
            P.ChangeAgent(c.name, c.position, c.nip, c.unit_name, c.action_plan, c.order)
            for c in r.change_agents.all()
        ],
        signatory=P.Signatory(
            name=r.signatory_name,
            nip=r.signatory_nip,
            position=r.signatory_position,
            rank=r.signatory_rank,
            signed_on=r.enacted_on,
        ),
        enactment_number=r.enactment_number,
        enacted_on=r.enacted_on,
    )


def _rich(gov, unit) -> tuple[Roadmap, Roadmap]:  # type: ignore[no-untyped-def]
    """A city road map and a unit road map using every field, rows out of id order, a second
    pack version, odd values (empty targets, quarters only, no owner, no schedule)."""
    helper, other = make_unit(gov, short_name="Bappeda"), make_unit(gov, short_name="Aset")
    city = make_roadmap(gov, None)
    city_action = make_action(city, order=1)
    r = make_roadmap(gov, unit)
    extra_pack = Pack.objects.create(key="rb-tematik", purpose=Pack.Purpose.ROADMAP, title="Tematik")
    extra = PackVersion.objects.create(pack=extra_pack, version="2024", title="Tematik 2024", checksum="z")
    Node.objects.create(
        version=extra, key="urn:rb:tematik:1", kind=Node.Kind.THEME, order=1, ref="T1", title="Tema"
    )
    r.pack_versions.add(extra)
    problems = [make_problem(r, order=n) for n in (3, 1, 2)]
    first = make_action(r, order=5, cascade=city_action, schedule=["2025-Q1", "2026-Q3"])
    first.problems.set(problems)
    first.supporting_units.set([other, helper])
    bare = make_action(
        r,
        targets=False,
        order=2,
        responsible_unit=None,
        baseline_year=None,
        baseline_value=None,
        no_budget_needed=True,
        direction=Action.Direction.DOWN,
        schedule=[],
        expected_evidence="Berita acara",
    )
    ActionTarget.objects.create(government=gov, action=bare, year=2027, value=None)
    ActionTarget.objects.create(government=gov, action=bare, year=2026, quarter=2, value=Decimal("12.5"))
    ActionTarget.objects.create(government=gov, action=bare, year=2026, value=Decimal("0.0001"))
    ActionBudget.objects.create(government=gov, action=bare, year=2029, amount=Decimal("1250000.50"))
    ActionBudget.objects.create(government=gov, action=bare, year=2025, amount=Decimal(0))
    make_action(r, order=2, activity="Kegiatan berurutan sama")
    make_quick_win(r, order=2, deadline_on=dt.date(2025, 6, 30), owner="Bappeda", before_measure="7 hari")
    make_quick_win(r, order=1)
    for n, (team, group) in enumerate([("steering", ""), ("working_group", "Pokja A"), ("implementing", "")]):
        TeamMember.objects.create(
            roadmap=r,
            government=gov,
            team=team,
            role="Anggota",
            name=f"Anggota {n}",
            group=group,
            order=3 - n,
        )
    ChangeAgent.objects.create(
        roadmap=r,
        government=gov,
        name="Rina",
        nip="199001012015032001",
        unit_name="Dinkes",
        action_plan="Apel",
    )
    Roadmap.objects.filter(pk=r.pk).update(
        status=Roadmap.Status.ENACTED,
        enactment_number="7",
        enacted_on=dt.date(2025, 4, 15),
        signatory_name="dr. Budi",
        signatory_nip="196009101980031003",
        signatory_position="Kepala Dinas",
        signatory_rank="Pembina",
    )
    Problem.objects.filter(pk=problems[0].pk).update(evidence="")
    QuickWin.objects.filter(roadmap=r).update(expected_evidence="Foto")
    return city, r


def test_values_path_gives_what_the_model_path_gave(gov, unit):
    for roadmap in _rich(gov, unit):
        new, old = to_plain(roadmap), _orm_to_plain(roadmap)
        assert new == old
        assert P.canonical_json(new) == P.canonical_json(old)
        # the same objects, not only equal numbers: 12.5000 stays 12.5000 (Decimal compares by value)
        assert [repr(t.value) for a in new.actions for t in a.targets + a.quarter_targets + a.budgets] == [
            repr(t.value) for a in old.actions for t in a.targets + a.quarter_targets + a.budgets
        ]
    plain = to_plain(roadmap)  # the unit road map uses what it should
    assert len(plain.frameworks) == 3 and len(plain.focus_nodes) == 6
    assert [a.order for a in plain.actions] == [2, 2, 5] and plain.actions[0].responsible_unit == ""
    assert plain.actions[-1].cascade_uid and plain.actions[-1].supporting_units == ["Aset", "Bappeda"]
    assert len(plain.actions[-1].problem_uids) == 3 and len(plain.actions[0].quarter_targets) == 1


def test_values_path_reads_a_constant_number_of_queries(gov, unit, django_assert_num_queries):
    _city, r = _rich(gov, unit)
    with django_assert_num_queries(13):
        to_plain(r)
    for _ in range(20):
        make_action(r).supporting_units.add(unit)
    with django_assert_num_queries(13):
        to_plain(r)


@pytest.mark.django_db
def test_every_demo_road_map_reads_the_same_as_before():
    build_demo_governments("sandi-demo-uji")
    build_demo_roadmaps("sandi-demo-uji")
    roadmaps = list(Roadmap.objects.all())
    assert len(roadmaps) >= 7
    for r in roadmaps:
        assert P.sha256(to_plain(r)) == P.sha256(_orm_to_plain(r)), r


def test_a_snapshot_reads_back_as_the_road_map_it_froze(gov, unit):
    """``from_json`` (the stored snapshot) gives the road map back; each distinct decimal is made
    once, and a value written 1 stays apart from one written 1.0."""
    for roadmap in _rich(gov, unit):
        plain = to_plain(roadmap)
        back = P.from_json(P.canonical_json(plain))
        assert back == plain and P.sha256(back) == P.sha256(plain)
    data = P.to_dict(plain)
    data["actions"][0]["targets"] = [
        {"year": 2025, "value": 1},
        {"year": 2026, "value": "1.0"},
        {"year": 2027, "value": "1.0"},
        {"year": 2028, "value": ""},
    ]
    values = [t.value for t in P.from_dict(data).actions[0].targets]
    assert [str(v) for v in values] == ["1", "1.0", "1.0", "None"]
    assert values[1] is values[2]
