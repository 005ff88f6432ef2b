"""What a government has made public, as plain values: the pages and the public API read only this.

Only what was ENACTED (road maps with status ``enacted``) and what was VERIFIED (quarterly rows with
``is_counted``, quick-win deliveries in verified reports, evaluation answers the Inspektorat checked,
once the verification phase is over) leaves here. Never a draft, a comment, the self column of an
evaluation, an e-mail or a NIP. Every function runs a constant number of queries whatever the size
of the government, and returns dicts, lists, strings, numbers (``Decimal``), dates and ``None``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid as uuid_module
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.http import Http404
from django.utils.translation import gettext as _

from petajalan.accounts.models import AuditEvent, Government, Unit
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import PHASE_ORDER, Answer, Cycle, Phase
from petajalan.monitoring import rollup
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.calendar import quarter_label
from petajalan.monitoring.models import (
    ActionWeight,
    QuarterReport,
    QuickWinDelivery,
    Realisation,
    Settings,
)
from petajalan.monitoring.views.dashboard import RAG_LABELS, focus_titles
from petajalan.roadmaps import readers
from petajalan.roadmaps.models import Action, QuickWin, Roadmap, Snapshot

ENACTED = Roadmap.Status.ENACTED
VERIFIED = QuarterReport.Status.VERIFIED
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _not_found() -> Http404:
    return Http404(_("Halaman publik ini tidak ditemukan."))


def parse_uuid(value: Any) -> uuid_module.UUID:
    """A UUID from a URL, or 404 (a bad one is not found, never a 500)."""
    try:
        return uuid_module.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise _not_found() from exc


def published_government(slug: str) -> Government:
    """The government whose public page is switched on, else 404."""
    government = Government.objects.filter(slug=slug, public_enabled=True).first()
    if government is None:
        raise _not_found()
    return government


def public_governments() -> list[dict[str, Any]]:
    """Every government with its public page on (for the sitemap), with a last-change time."""
    rows = (
        Government.objects.filter(public_enabled=True).order_by("slug").values("slug", "name", "public_since")
    )
    return [dict(r) for r in rows]


# Road maps -------------------------------------------------------------------------------------


def _enactment_sha() -> Subquery:
    return Subquery(
        Snapshot.objects.filter(roadmap=OuterRef("pk"), kind=Snapshot.Kind.ENACT)
        .order_by("-created_at", "-id")
        .values("sha256")[:1]
    )


def _enacted(government: Government) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(government=government, status=ENACTED).select_related("unit")


def _roadmap_summary(r: Roadmap, government: Government) -> dict[str, Any]:
    r.government = government  # the enactment title reads the head's office from it
    unit = r.unit
    return {
        "uuid": str(r.uuid),
        "title": r.title,
        "is_city": unit is None,
        "unit": None
        if unit is None
        else {"name": unit.name, "short_name": unit.short_name, "code": unit.code},
        "period": r.period_label,
        "start_year": r.start_year,
        "end_year": r.end_year,
        "enactment_title": r.enactment_title,
        "enactment_number": r.enactment_number,
        "enacted_on": r.enacted_on,
        "action_count": getattr(r, "action_count", None),
        "sha256": getattr(r, "enactment_sha", None),
    }


def public_roadmaps(government: Government) -> list[dict[str, Any]]:
    """The enacted road maps: the city's first, then the units' by unit code (one query)."""
    rows = (
        _enacted(government)
        .annotate(action_count=Count("actions"), enactment_sha=_enactment_sha())
        .order_by(F("unit__code").asc(nulls_first=True), "-start_year")
    )
    return [_roadmap_summary(r, government) for r in rows]


def enacted_roadmap(government: Government, roadmap_uuid: Any) -> Roadmap:
    """The enacted road map of ``government`` with this uuid (its enactment sha256 as
    ``enactment_sha``), else 404: drafts, other governments' and malformed uuids alike."""
    key = parse_uuid(roadmap_uuid)
    r = _enacted(government).annotate(enactment_sha=_enactment_sha()).filter(uuid=key).first()
    if r is None:
        raise _not_found()
    r.government = government
    return r


def public_roadmap(government: Government, roadmap_uuid: Any) -> dict[str, Any]:
    """One enacted road map with its focus areas, actions (targets and budgets per year, responsible
    and supporting units, schedule) and quick wins: seven queries whatever its size."""
    r = enacted_roadmap(government, roadmap_uuid)
    actions = list(
        Action.objects.filter(roadmap=r)
        .order_by("order", "id")
        .values("id", "uid", *readers.ACTION_CONTENT_FIELDS, "responsible_unit__name")
    )
    ids = [a["id"] for a in actions]
    targets = readers.yearly_targets(action__roadmap=r)
    budgets = readers.budgets(action__roadmap=r)
    supporting = readers.supporting_units("name", action__roadmap=r)
    titles = focus_titles(r.pack_versions.values("pk"), {a["focus_key"] for a in actions})
    years = r.years
    groups: dict[str, dict[str, Any]] = {}
    ordered = sorted(actions, key=lambda a: (titles.get(a["focus_key"], (10**6,))[0], a["focus_key"]))
    for number, a in enumerate(ordered, start=1):
        key = a["focus_key"]
        _order, ref, title = titles.get(key, (0, "", key))
        group = groups.setdefault(key, {"key": key, "ref": ref, "title": title, "actions": []})
        group["actions"].append(
            {
                "number": number,
                "uid": str(a["uid"]),
                "activity": a["activity"],
                "subactivity_code": a["subactivity_code"],
                "output": a["output"],
                "indicator": a["indicator"],
                "unit_of_measure": a["unit_of_measure"],
                "direction": a["direction"],
                "direction_label": str(Action.Direction(a["direction"]).label),
                "baseline_year": a["baseline_year"],
                "baseline_value": a["baseline_value"],
                "targets": [{"year": y, "value": targets[a["id"]].get(y)} for y in years],
                "budgets": [{"year": y, "amount": budgets[a["id"]].get(y)} for y in years],
                "no_budget_needed": a["no_budget_needed"],
                "responsible_unit": a["responsible_unit__name"],
                "supporting_units": supporting.get(a["id"], []),
                "schedule": list(a["schedule"] or []),
                "schedule_text": ", ".join(_quarter_text(code) for code in a["schedule"] or []),
            }
        )
    quick_wins = [
        {
            "uid": str(q["uid"]),
            "title": q["title"],
            "change_for_citizens": q["change_for_citizens"],
            "deadline_on": q["deadline_on"],
            "before_measure": q["before_measure"],
            "after_measure": q["after_measure"],
        }
        for q in QuickWin.objects.filter(roadmap=r)
        .order_by("order", "id")
        .values("uid", "title", "change_for_citizens", "deadline_on", "before_measure", "after_measure")
    ]
    summary = _roadmap_summary(r, government)
    summary["action_count"] = len(actions)
    return {
        **summary,
        "years": years,
        "focus_areas": list(groups.values()),
        "quick_wins": quick_wins,
        "budget_totals": [
            {"year": y, "amount": sum((budgets[i].get(y) or Decimal(0) for i in ids), Decimal(0))}
            for y in years
        ],
    }


# Verified progress -----------------------------------------------------------------------------


def thresholds_of(government: Government) -> Settings:
    """The government's RAG thresholds (the defaults, unsaved, when it never set any: a public GET
    writes nothing)."""
    return Settings.objects.filter(government=government).first() or Settings(government=government)


def _quarter_label(year: int, quarter: int) -> str:
    return _("TW %(q)s %(y)s") % {"q": ROMAN[quarter], "y": year}


def public_progress(government: Government, roadmap_uuid: Any = None) -> list[dict[str, Any]]:
    """Per year and quarter, from verified rows of enacted road maps only: the capped weighted mean
    achievement with its colour, budget absorption and how many rows are green, amber, red and grey.
    Without ``roadmap_uuid`` the city's figure (the units' rows and the city road map's own actions,
    as on the dashboard); with it, that enacted road map's (404 for anything else). Three queries."""
    thresholds = thresholds_of(government)
    rows = Realisation.objects.filter(government=government, is_counted=True, report__roadmap__status=ENACTED)
    if roadmap_uuid is None:
        own = Action.objects.filter(
            government=government, roadmap__unit__isnull=True, source__isnull=True
        ).values("pk")
        rows = rows.filter(Q(unit__isnull=False) | Q(action_id__in=own))
    else:
        rows = rows.filter(report__roadmap__uuid=parse_uuid(roadmap_uuid))
        if not _enacted(government).filter(uuid=parse_uuid(roadmap_uuid)).exists():
            raise _not_found()
    figures = rollup.aggregate(rows, ("year", "quarter"), thresholds)
    green, amber = thresholds.green_from, thresholds.amber_from
    measured = Q(achievement__isnull=False)
    counts: dict[tuple[int, int], dict[str, Any]] = {
        (c["year"], c["quarter"]): dict(c)
        for c in rows.order_by()
        .values("year", "quarter")
        .annotate(
            green=Count("pk", filter=measured & Q(achievement__gte=green)),
            amber=Count("pk", filter=measured & Q(achievement__gte=amber, achievement__lt=green)),
            red=Count("pk", filter=measured & Q(achievement__lt=amber)),
            grey=Count("pk", filter=Q(achievement__isnull=True)),
        )
        .order_by()
    }
    out = []
    for f in sorted(figures, key=lambda f: f.key):
        year, quarter = f.key
        c: dict[str, Any] = counts.get((year, quarter), {})
        out.append(
            {
                "year": year,
                "quarter": quarter,
                "label": _quarter_label(year, quarter),
                "short_label": _("TW%(q)s %(y)s") % {"q": quarter, "y": year},
                "score": f.score,
                "colour": str(f.colour),
                "colour_label": str(RAG_LABELS[f.colour]),
                "rows": f.rows,
                "measured": f.measured,
                "absorption": f.absorption,
                "rag": {
                    Rag.GREEN.value: c.get("green", 0),
                    Rag.AMBER.value: c.get("amber", 0),
                    Rag.RED.value: c.get("red", 0),
                    Rag.GREY.value: c.get("grey", 0),
                },
            }
        )
    return out


def public_quick_wins(government: Government) -> list[dict[str, Any]]:
    """Quick wins of enacted road maps delivered in a verified quarterly report (the first such
    delivery of each), newest first. One query."""
    rows = (
        QuickWinDelivery.objects.filter(
            government=government, report__status=VERIFIED, quick_win__roadmap__status=ENACTED
        )
        .order_by("quick_win_id", "report__year", "report__quarter")
        .values(
            "quick_win_id",
            "quick_win__uid",
            "quick_win__title",
            "quick_win__change_for_citizens",
            "quick_win__before_measure",
            "after_measure",
            "delivered_on",
            "report__year",
            "report__quarter",
            "quick_win__roadmap__uuid",
            "quick_win__roadmap__title",
            "quick_win__roadmap__unit__name",
        )
    )
    first: dict[int, dict[str, Any]] = {}
    for d in rows:
        first.setdefault(d["quick_win_id"], dict(d))
    out = [
        {
            "uid": str(d["quick_win__uid"]),
            "title": d["quick_win__title"],
            "change_for_citizens": d["quick_win__change_for_citizens"],
            "before_measure": d["quick_win__before_measure"],
            "after_measure": d["after_measure"],
            "delivered_on": d["delivered_on"],
            "year": d["report__year"],
            "quarter": d["report__quarter"],
            "quarter_label": _quarter_label(d["report__year"], d["report__quarter"]),
            "roadmap_uuid": str(d["quick_win__roadmap__uuid"]),
            "roadmap_title": d["quick_win__roadmap__title"],
            "unit": d["quick_win__roadmap__unit__name"],
        }
        for d in first.values()
    ]
    return sorted(out, key=lambda q: (q["delivered_on"] or dt.date.min, q["title"]), reverse=True)


# Evaluation results ----------------------------------------------------------------------------


def verification_over(phase: str) -> bool:
    """The verified column is final once the cycle has left the verification phase."""
    return PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.VERIFICATION)


def public_evaluations(government: Government) -> list[dict[str, Any]]:
    """Per published cycle, newest first: the verified index and predicate once the verification
    phase is over (an item counts only once the Inspektorat checked it, so an unchecked claim of a
    unit never shows through), and the official index and predicate when the admin typed them.
    Never the self column. Two queries (and the first read of each worksheet pack)."""
    cycles = list(
        Cycle.objects.filter(government=government, is_published=True)
        .select_related("worksheet", "bands")
        .defer("worksheet__document", "bands__document")
        .order_by("-year")
    )
    final = [c for c in cycles if verification_over(c.phase)]
    answers: dict[int, list[Answer]] = {c.pk: [] for c in final}
    if final:
        stored = (
            Answer.objects.filter(cycle_id__in=list(answers))
            .order_by()
            .values_list("cycle_id", "node_key", "self_value", "check_state", "verified_value")
        )
        for cycle_id, key, self_value, state, verified_value in stored:
            answers[cycle_id].append(
                Answer(
                    node_key=key,
                    self_value=self_value if state else "",  # unchecked: the claim stays inside
                    check_state=state,
                    verified_value=verified_value,
                )
            )
    out = []
    for c in cycles:
        verified = None
        if c.pk in answers and any(a.check_state for a in answers[c.pk]):
            verified = evaluations.scores(c, answers=answers[c.pk]).verified
        out.append(
            {
                "uuid": str(c.uuid),
                "year": c.year,
                "phase": c.phase,
                "phase_label": str(Phase(c.phase).label),
                "worksheet": c.worksheet.title,
                "verification_over": verification_over(c.phase),
                "verified_index": None if verified is None else verified.index.quantize(Decimal("0.01")),
                "verified_rb_general": None
                if verified is None
                else verified.rb_general.quantize(Decimal("0.01")),
                "verified_rb_tematik": None
                if verified is None
                else verified.rb_tematik.quantize(Decimal("0.01")),
                "verified_predicate": "" if verified is None else verified.band,
                "verified_predicate_label": "" if verified is None else verified.band_label,
                "official_index": c.evaluator_index,
                "official_predicate": c.evaluator_predicate,
            }
        )
    return out


# What changes when anything public changes -----------------------------------------------------


def _scalar(qs: QuerySet, expression: Any) -> Subquery:
    """One aggregate of ``qs`` as a scalar subquery (grouped on a constant, so it is one row)."""
    return Subquery(
        qs.order_by().annotate(_one=Value(1)).values("_one").annotate(v=expression).values("v")[:1]
    )


def public_fingerprint(government: Government) -> tuple[str, dt.datetime | None]:
    """A digest of everything the public pages show and the time of its last change, in one query
    (scalar subqueries over counts, sums of ``version`` columns and latest timestamps). It changes
    when a road map is enacted or leaves enactment, a quarterly report is verified or reopened, a
    cycle is published, unpublished, moved or its results change, a quick-win delivery is recorded,
    weights, thresholds or unit names change, or the switch is used. Derived from the data, so every
    app server and any cache backend agree without signals."""
    g = OuterRef("pk")
    roadmaps = Roadmap.objects.filter(government=g, status=ENACTED)
    reports = QuarterReport.objects.filter(government=g, status=VERIFIED)
    cycles = Cycle.objects.filter(government=g, is_published=True)
    answers = Answer.objects.filter(cycle__government=g, cycle__is_published=True)
    deliveries = QuickWinDelivery.objects.filter(government=g, report__status=VERIFIED)
    parts = {
        "r_n": _scalar(roadmaps, Count("pk")),
        "r_v": _scalar(roadmaps, Sum("version")),
        "r_k": _scalar(roadmaps, Sum(F("pk") * F("pk"))),  # which ones, not only how many
        "r_s": _scalar(Snapshot.objects.filter(government=g, kind=Snapshot.Kind.ENACT), Max("pk")),
        "q_n": _scalar(reports, Count("pk")),
        "q_v": _scalar(reports, Sum("version")),
        "q_k": _scalar(reports, Sum(F("pk") * F("pk"))),
        "c_n": _scalar(cycles, Count("pk")),
        "c_v": _scalar(cycles, Sum("version")),
        "c_k": _scalar(cycles, Sum(F("pk") * F("pk"))),
        "a_v": _scalar(answers, Sum("version")),
        "d_n": _scalar(deliveries, Count("pk")),
        "w_s": _scalar(ActionWeight.objects.filter(government=g), Sum("weight")),
        "m_v": _scalar(Settings.objects.filter(government=g), Sum("version")),
        "u_v": _scalar(Unit.objects.filter(government=g), Sum("version")),
        "t_r": _scalar(roadmaps, Max("last_activity_at")),
        "t_q": _scalar(reports, Max("updated_at")),
        "t_d": _scalar(deliveries, Max("updated_at")),
        "t_a": _scalar(AuditEvent.objects.filter(government=g), Max("created_at")),
    }
    annotations = parts
    # the latest audit event moves Last-Modified only (every audited write, also of drafts, moves
    # it): it covers changes that leave no timestamp of their own, such as publishing a cycle
    row = (
        Government.objects.filter(pk=government.pk)
        .annotate(**annotations)
        .values("public_enabled", "public_since", "name", "is_fictional", *annotations)
        .first()
    )
    if row is None:
        raise _not_found()
    material = sorted((k, str(v)) for k, v in row.items() if k != "t_a")
    digest = hashlib.sha256(repr(material).encode()).hexdigest()[:32]
    times = [row[k] for k in ("public_since", "t_r", "t_q", "t_d", "t_a") if row[k] is not None]
    return digest, max(times) if times else None


def _quarter_text(code: str) -> str:
    """A schedule code as people read it: "2026-Q1" → "TW I 2026" (anything else as stored)."""
    year, _sep, quarter = code.partition("-Q")
    if year.isdigit() and quarter in {"1", "2", "3", "4"}:
        return f"{quarter_label(int(quarter))} {year}"
    return code
