"""Between the database and the plain road map: ``to_plain`` reads, ``apply_plain`` writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Unit
from petajalan.frameworks.models import Node, PackVersion
from petajalan.lib.codes import is_valid_subactivity_code
from petajalan.lib.gc_pause import gc_paused
from petajalan.lib.value_rows import value_rows
from petajalan.roadmaps import plain as P
from petajalan.roadmaps import readers
from petajalan.roadmaps.models import (
    Action,
    ActionBudget,
    ActionTarget,
    ChangeAgent,
    Chapter,
    Problem,
    QuickWin,
    Roadmap,
    TeamMember,
)

MAX_TEXT = 4000


# A stored pack version's nodes never change, and its checksum names its content: the focus nodes of
# a set of versions are kept for the life of the process (a few hundred small objects per pack), so
# the matrix, the forms and the diagnosis stop reading and building Node rows on every request.
_FOCUS: dict[tuple[tuple[int, str], ...], tuple[P.FocusRef, ...]] = {}
_FOCUS_MAX = 256


def focus_nodes(roadmap: Roadmap) -> list[P.FocusRef]:
    """The focus nodes (areas, main activities, themes) of the pack versions the road map uses, in
    the packs' order: one small query for the versions, the nodes from memory after the first time."""
    versions = tuple(sorted(PackVersion.objects.filter(roadmaps=roadmap.pk).values_list("id", "checksum")))
    found = _FOCUS.get(versions)
    if found is None:
        found = tuple(
            P.FocusRef(key=k, ref=ref, title=t, kind=kind, pack=pack, version=v)
            for k, ref, t, kind, pack, v in Node.objects.filter(
                version_id__in=[pk for pk, _checksum in versions], kind__in=Node.FOCUS_KINDS
            )
            .order_by("version__pack__key", "order", "id")
            .values_list("key", "ref", "title", "kind", "version__pack__key", "version__version")
        )
        if len(_FOCUS) >= _FOCUS_MAX:
            _FOCUS.clear()
        _FOCUS[versions] = found
    return list(found)


def _plain_team(t: TeamMember) -> P.TeamMember:
    return P.TeamMember(
        team=t.team, role=t.role, name=t.name, position=t.position, nip=t.nip, group=t.group, order=t.order
    )


def _plain_agent(c: ChangeAgent) -> P.ChangeAgent:
    return P.ChangeAgent(
        name=c.name,
        position=c.position,
        nip=c.nip,
        unit=c.unit_name,
        action_plan=c.action_plan,
        order=c.order,
    )


def to_plain(roadmap: Roadmap) -> P.PlainRoadmap:
    """The road map as plain data, read as values in a constant number of queries (13) whatever
    its size: no model object per row, target or budget (decision 0056: ~0.25 s for 6,000 actions
    where building the model objects took ~2.5 s)."""
    with gc_paused():
        return _to_plain(roadmap.pk)


def _to_plain(roadmap_id: int) -> P.PlainRoadmap:
    r = Roadmap.objects.values(
        "id",
        "unit_id",
        "title",
        "period_label",
        "start_year",
        "end_year",
        "status",
        "enactment_number",
        "enacted_on",
        "signatory_name",
        "signatory_nip",
        "signatory_position",
        "signatory_rank",
        "government__name",
        "government__slug",
        "unit__name",
        "unit__short_name",
        "unit__code",
    ).get(pk=roadmap_id)
    pk = r["id"]
    versions = list(PackVersion.objects.filter(roadmaps=pk).values_list("id", "pack__key", "version"))
    nodes = (
        Node.objects.filter(version_id__in=[v[0] for v in versions], kind__in=Node.FOCUS_KINDS)
        .order_by("version__pack__key", "order", "id")
        .values_list("key", "ref", "title", "kind", "version__pack__key", "version__version")
    )
    return P.PlainRoadmap(
        level="government" if r["unit_id"] is None else "unit",
        government=r["government__name"],
        government_slug=r["government__slug"],
        title=r["title"],
        period_label=r["period_label"],
        start_year=r["start_year"],
        end_year=r["end_year"],
        unit=r["unit__name"] or "",
        unit_short_name=r["unit__short_name"] or "",
        unit_code=r["unit__code"] or "",
        status=r["status"],
        frameworks=[{"pack": key, "version": version} for _id, key, version in versions],
        focus_nodes=[
            P.FocusRef(key=k, ref=ref, title=t, kind=kind, pack=pack, version=v)
            for k, ref, t, kind, pack, v in nodes
        ],
        chapters=[
            P.Chapter(key=k, ref=ref, title=t, body=body, guidance=g, is_required=req, order=o)
            for k, ref, t, body, g, req, o in Chapter.objects.filter(roadmap=pk)
            .order_by("order", "id")
            .values_list("key", "ref", "title", "body", "guidance", "is_required", "order")
        ],
        problems=[
            P.Problem(uid=str(uid), focus_key=k, statement=s, evidence=e, order=o)
            for uid, k, s, e, o in Problem.objects.filter(roadmap=pk)
            .order_by("order", "id")
            .values_list("uid", "focus_key", "statement", "evidence", "order")
        ],
        actions=_plain_actions(pk),
        quick_wins=[
            P.QuickWin(
                uid=str(q["uid"]),
                title=q["title"],
                change_for_citizens=q["change_for_citizens"],
                owner=q["owner"],
                deadline=q["deadline_on"],
                before_measure=q["before_measure"],
                after_measure=q["after_measure"],
                expected_evidence=q["expected_evidence"],
                order=q["order"],
            )
            for q in QuickWin.objects.filter(roadmap=pk)
            .order_by("order", "id")
            .values(
                "uid",
                "title",
                "change_for_citizens",
                "owner",
                "deadline_on",
                "before_measure",
                "after_measure",
                "expected_evidence",
                "order",
            )
        ],
        team=[
            P.TeamMember(team=tm, role=role, name=n, position=pos, nip=nip, group=g, order=o)
            for tm, role, n, pos, nip, g, o in TeamMember.objects.filter(roadmap=pk)
            .order_by("order", "id")
            .values_list("team", "role", "name", "position", "nip", "group", "order")
        ],
        change_agents=[
            P.ChangeAgent(name=n, position=pos, nip=nip, unit=u, action_plan=plan, order=o)
            for n, pos, nip, u, plan, o in ChangeAgent.objects.filter(roadmap=pk)
            .order_by("order", "id")
            .values_list("name", "position", "nip", "unit_name", "action_plan", "order")
        ],
        signatory=P.Signatory(
            name=r["signatory_name"],
            nip=r["signatory_nip"],
            position=r["signatory_position"],
            rank=r["signatory_rank"],
            signed_on=r["enacted_on"],
        ),
        enactment_number=r["enactment_number"],
        enacted_on=r["enacted_on"],
    )


def _plain_actions(roadmap_id: int) -> list[P.Action]:
    """The actions with their targets, budgets, problems and supporting units: one query each."""
    yearly: dict[int, list[P.YearValue]] = defaultdict(list)
    quarterly: dict[int, list[P.QuarterValue]] = defaultdict(list)
    # one pass over the rows (the hottest loop of a city-size road map: ~54,000 targets)
    for action_id, year, quarter, value in value_rows(
        ActionTarget.objects.filter(action__roadmap=roadmap_id)
        .order_by("action_id", "year", "quarter")
        .values_list("action_id", "year", "quarter", "value")
    ):
        if quarter is None:
            yearly[action_id].append(P.YearValue(year, value))
        elif quarter:
            quarterly[action_id].append(P.QuarterValue(year, quarter, value))
    budgets = {
        action_id: [P.YearValue(year, amount) for year, amount in by_year.items()]
        for action_id, by_year in readers.budgets(action__roadmap=roadmap_id).items()
    }
    problems: dict[int, list[str]] = defaultdict(list)
    for action_id, uid in Action.problems.through.objects.filter(action__roadmap=roadmap_id).values_list(
        "action_id", "problem__uid"
    ):
        problems[action_id].append(str(uid))
    supporting = readers.supporting_units(action__roadmap=roadmap_id)
    # the columns listed here, not from readers.ACTION_CONTENT_FIELDS: the loop below unpacks them
    # by position, in this order
    rows = value_rows(
        Action.objects.filter(roadmap=roadmap_id)
        .order_by("order", "id")
        .values_list(
            "id",
            "uid",
            "focus_key",
            "activity",
            "subactivity_code",
            "output",
            "indicator",
            "unit_of_measure",
            "direction",
            "baseline_year",
            "baseline_value",
            "no_budget_needed",
            "responsible_unit__short_name",
            "schedule",
            "expected_evidence",
            "cascade__uid",
            "order",
        )
    )
    return [
        P.Action(
            uid=str(uid),
            focus_key=focus_key,
            activity=activity,
            problem_uids=sorted(problems.get(pk, ())),
            subactivity_code=code,
            output=output,
            indicator=indicator,
            unit_of_measure=measure,
            direction=direction,
            baseline_year=baseline_year,
            baseline_value=baseline_value,
            targets=yearly.get(pk, []),
            quarter_targets=quarterly.get(pk, []),
            budgets=budgets.get(pk, []),
            no_budget_needed=no_budget,
            responsible_unit=responsible or "",
            supporting_units=sorted(supporting.get(pk, ())),
            schedule=list(schedule or []),
            expected_evidence=evidence,
            cascade_uid=str(cascade) if cascade else "",
            order=order,
        )
        for (
            pk,
            uid,
            focus_key,
            activity,
            code,
            output,
            indicator,
            measure,
            direction,
            baseline_year,
            baseline_value,
            no_budget,
            responsible,
            schedule,
            evidence,
            cascade,
            order,
        ) in rows
    ]


# ---------------------------------------------------------------- writing a plain road map


class PlainApplyError(Exception):
    """The plain road map cannot be written; ``errors`` name the row and field, in Indonesian."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class SectionCount:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass
class ApplyResult:
    """What ``apply_plain`` did, per section."""

    sections: dict[str, SectionCount] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.deleted for c in self.sections.values())

    def count(self, section: str) -> SectionCount:
        return self.sections.setdefault(section, SectionCount())


def _dec_ok(value: Any) -> bool:
    if value is None:
        return True
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True


def validate_plain(roadmap: Roadmap, plain: P.PlainRoadmap, units: dict[str, Unit]) -> list[str]:
    """Every reason the plain road map cannot be written into ``roadmap`` (empty when fine)."""
    errors: list[str] = []
    years = set(roadmap.years)
    keys = {n.key for n in focus_nodes(roadmap)}
    problem_uids = {p.uid for p in plain.problems}
    for field_name in ("problems", "actions", "quick_wins"):
        seen: set[str] = set()
        for row in getattr(plain, field_name):
            if row.uid in seen:
                errors.append(_("UID %(uid)s muncul dua kali.") % {"uid": row.uid})
            seen.add(row.uid)
    for n, p in enumerate(plain.problems, start=1):
        where = _("Permasalahan baris %(n)s") % {"n": n}
        if not p.statement.strip():
            errors.append(_("%(where)s: permasalahan kosong.") % {"where": where})
        if keys and p.focus_key not in keys:
            errors.append(
                _("%(where)s: area/kegiatan utama %(k)s tidak dikenal.") % {"where": where, "k": p.focus_key}
            )
        if len(p.statement) > MAX_TEXT or len(p.evidence) > MAX_TEXT:
            errors.append(
                _("%(where)s: teks terlalu panjang (maks. %(m)s karakter).") % {"where": where, "m": MAX_TEXT}
            )
    for n, a in enumerate(plain.actions, start=1):
        where = _("Rencana aksi baris %(n)s") % {"n": n}
        if not a.activity.strip():
            errors.append(_("%(where)s: kegiatan kosong.") % {"where": where})
        if keys and a.focus_key not in keys:
            errors.append(
                _("%(where)s: area/kegiatan utama %(k)s tidak dikenal.") % {"where": where, "k": a.focus_key}
            )
        for text in (a.activity, a.output, a.indicator, a.expected_evidence):
            if len(text) > MAX_TEXT:
                errors.append(
                    _("%(where)s: teks terlalu panjang (maks. %(m)s karakter).")
                    % {"where": where, "m": MAX_TEXT}
                )
                break
        if a.subactivity_code and not is_valid_subactivity_code(a.subactivity_code):
            errors.append(
                _(
                    "%(where)s: kode sub-kegiatan %(c)s tidak berbentuk Permendagri 90/2019 "
                    "(contoh 1.02.02.2.01.0001)."
                )
                % {"where": where, "c": a.subactivity_code}
            )
        periods: list[P.YearValue | P.QuarterValue] = [*a.targets, *a.budgets, *a.quarter_targets]
        for tv in periods:
            if tv.year not in years:
                errors.append(
                    _("%(where)s: tahun %(y)s di luar periode %(p)s.")
                    % {"where": where, "y": tv.year, "p": roadmap.period_label}
                )
            if not _dec_ok(tv.value):
                errors.append(_("%(where)s: nilai %(v)s bukan angka.") % {"where": where, "v": tv.value})
        for qv in a.quarter_targets:
            if qv.quarter not in (1, 2, 3, 4):
                errors.append(_("%(where)s: triwulan harus 1 sampai 4.") % {"where": where})
        for name in [a.responsible_unit, *a.supporting_units]:
            if name and name not in units:
                errors.append(
                    _("%(where)s: perangkat daerah %(u)s tidak dikenal.") % {"where": where, "u": name}
                )
        for uid in a.problem_uids:
            if uid not in problem_uids:
                errors.append(_("%(where)s: permasalahan %(u)s tidak ada.") % {"where": where, "u": uid})
    for n, q in enumerate(plain.quick_wins, start=1):
        if not q.title.strip():
            errors.append(_("Quick win baris %(n)s: judul kosong.") % {"n": n})
    return errors


def _data(value: Any) -> Any:
    """Plain rows as JSON-ready data, to compare them field by field."""
    return P.to_dict(value)


def _set_fields(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _sync_simple(
    roadmap: Roadmap,
    model: type[models.Model],
    rows: list[Any],
    existing: dict[str, Any],
    to_fields: Any,
    count: SectionCount,
) -> dict[str, Any]:
    """Create, update or delete rows of a section keyed by uid; returns uid -> object."""
    kept: dict[str, Any] = {}
    for row in rows:
        values = to_fields(row)
        obj = existing.get(row.uid)
        if obj is None:
            obj = model._default_manager.create(
                roadmap=roadmap, government=roadmap.government, uid=row.uid, **values
            )
            count.created += 1
        elif _set_fields(obj, values):
            obj.version += 1
            obj.save()
            count.updated += 1
        else:
            count.unchanged += 1
        kept[row.uid] = obj
    gone = [o.pk for uid, o in existing.items() if uid not in kept]
    if gone:
        model._default_manager.filter(pk__in=gone).delete()
        count.deleted += len(gone)
    return kept


def apply_plain(*, actor: Any, roadmap: Roadmap, plain: P.PlainRoadmap) -> ApplyResult:
    """Write a parsed road map into ``roadmap`` atomically: rows matched by uid are created,
    updated (changed fields only) or deleted; ``PlainApplyError`` names every bad row first."""
    units = {u.short_name: u for u in Unit.objects.filter(government=roadmap.government)}
    errors = validate_plain(roadmap, plain, units)
    if errors:
        raise PlainApplyError(errors)
    result = ApplyResult()
    current = to_plain(roadmap)
    with transaction.atomic():
        r = Roadmap.objects.select_for_update(of=("self",)).for_matrix().get(pk=roadmap.pk)
        # chapters by key: only the body and order are the drafter's
        chapters = {c.key: c for c in r.chapters.all()}
        count = result.count("chapters")
        for c in plain.chapters:
            obj = chapters.get(c.key)
            if obj is None:
                Chapter.objects.create(
                    roadmap=r,
                    government=r.government,
                    key=c.key,
                    ref=c.ref,
                    title=c.title,
                    body=c.body,
                    guidance=c.guidance,
                    is_required=c.is_required,
                    order=c.order,
                )
                count.created += 1
            elif _set_fields(obj, {"body": c.body, "order": c.order, "ref": c.ref, "title": c.title}):
                obj.version += 1
                obj.save()
                count.updated += 1
            else:
                count.unchanged += 1
        problems = _sync_simple(
            r,
            Problem,
            plain.problems,
            {str(p.uid): p for p in r.problems.all()},
            lambda p: {
                "focus_key": p.focus_key,
                "statement": p.statement,
                "evidence": p.evidence,
                "order": p.order,
            },
            result.count("problems"),
        )
        _sync_simple(
            r,
            QuickWin,
            plain.quick_wins,
            {str(q.uid): q for q in r.quick_wins.all()},
            lambda q: {
                "title": q.title,
                "change_for_citizens": q.change_for_citizens,
                "owner": q.owner,
                "deadline_on": q.deadline,
                "before_measure": q.before_measure,
                "after_measure": q.after_measure,
                "expected_evidence": q.expected_evidence,
                "order": q.order,
            },
            result.count("quick_wins"),
        )
        _apply_actions(r, plain, current, problems, units, result.count("actions"), actor)
        _replace_if_changed(
            r,
            TeamMember,
            [_plain_team(t) for t in r.team.all()],
            plain.team,
            result.count("team"),
            lambda t: {
                "team": t.team,
                "role": t.role,
                "name": t.name,
                "position": t.position,
                "nip": t.nip,
                "group": t.group,
                "order": t.order,
            },
        )
        _replace_if_changed(
            r,
            ChangeAgent,
            [_plain_agent(c) for c in r.change_agents.all()],
            plain.change_agents,
            result.count("change_agents"),
            lambda c: {
                "name": c.name,
                "position": c.position,
                "nip": c.nip,
                "unit_name": c.unit,
                "action_plan": c.action_plan,
                "order": c.order,
            },
        )
        if result.changed:
            Roadmap.objects.filter(pk=r.pk).update(version=r.version + 1)
            record(
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                obj=r,
                before={"sha256": P.sha256(current)},
                after={
                    "sha256": P.sha256(to_plain(r)),
                    **{k: vars(v) for k, v in result.sections.items()},
                },
                summary=_("Road map ditulis dari data impor"),
            )
    return result


def _replace_if_changed(
    roadmap: Roadmap,
    model: type[models.Model],
    before: list[Any],
    after: list[Any],
    count: SectionCount,
    to_fields: Any,
) -> None:
    """Team and agents have no uid in the plain shape: replace the whole list when it differs."""
    if _data(before) == _data(after):
        count.unchanged = len(after)
        return
    model._default_manager.filter(roadmap=roadmap).delete()
    model._default_manager.bulk_create(
        [model(roadmap=roadmap, government=roadmap.government, **to_fields(row)) for row in after]
    )
    count.deleted, count.created = len(before), len(after)


def _apply_actions(
    r: Roadmap,
    plain: P.PlainRoadmap,
    current: P.PlainRoadmap,
    problems: dict[str, Problem],
    units: dict[str, Unit],
    count: SectionCount,
    actor: Any,
) -> None:
    existing = {str(a.uid): a for a in r.actions.all()}
    before = {a.uid: _data(a) for a in current.actions}
    cascade_uids = {a.cascade_uid for a in plain.actions if a.cascade_uid}
    cascades = {str(a.uid): a for a in Action.objects.filter(government=r.government, uid__in=cascade_uids)}
    kept: set[str] = set()
    for a in plain.actions:
        kept.add(a.uid)
        wanted = _data(a)
        obj = existing.get(a.uid)
        if obj is not None and before.get(a.uid) == wanted:
            count.unchanged += 1
            continue
        values = {
            "focus_key": a.focus_key,
            "activity": a.activity,
            "subactivity_code": a.subactivity_code.strip().upper(),
            "output": a.output,
            "indicator": a.indicator,
            "unit_of_measure": a.unit_of_measure,
            "direction": a.direction if a.direction in Action.Direction.values else Action.Direction.UP,
            "baseline_year": a.baseline_year,
            "baseline_value": a.baseline_value,
            "no_budget_needed": a.no_budget_needed,
            "responsible_unit": units.get(a.responsible_unit),
            "schedule": list(a.schedule),
            "expected_evidence": a.expected_evidence,
            "cascade": cascades.get(a.cascade_uid),
            "order": a.order,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        }
        if obj is None:
            obj = Action.objects.create(roadmap=r, government=r.government, uid=a.uid, **values)
            count.created += 1
        else:
            _set_fields(obj, values)
            obj.version += 1
            obj.save()
            ActionTarget.objects.filter(action=obj).delete()
            ActionBudget.objects.filter(action=obj).delete()
            count.updated += 1
        write_periods(obj, a)
        obj.problems.set([problems[u] for u in a.problem_uids if u in problems])
        obj.supporting_units.set([units[n] for n in a.supporting_units if n in units])
    gone = [o.pk for uid, o in existing.items() if uid not in kept]
    if gone:
        Action.objects.filter(pk__in=gone).delete()
        count.deleted += len(gone)


def write_periods(action: Action, a: P.Action) -> None:
    """Create the target and budget rows of a freshly created or cleared action."""
    gov = action.government_id
    ActionTarget.objects.bulk_create(
        [ActionTarget(government_id=gov, action=action, year=t.year, value=t.value) for t in a.targets]
        + [
            ActionTarget(government_id=gov, action=action, year=q.year, quarter=q.quarter, value=q.value)
            for q in a.quarter_targets
        ]
    )
    ActionBudget.objects.bulk_create(
        [
            ActionBudget(government_id=gov, action=action, year=b.year, amount=b.value)
            for b in a.budgets
            if b.value is not None
        ]
    )
