"""The analysis pages of a cycle (/g/<gov>/evaluasi/siklus/<uuid>/…): next points, what-if, the index
planned per quarter, calibration, and a preview under another worksheet version.

Everyone with a role in the government reads them (and may run a what-if, which stores nothing);
the Bagian Organisasi (admin) also links actions to criteria and keeps named scenarios. Permission
first (``_cycle``: another government's cycle is 404, a read-only role's write is 403), then the
computation in ``analysis``, then render; the htmx branch last.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import current_user, get_for_user, get_government, roles_in
from petajalan.accounts.services import ServiceError
from petajalan.evaluations import analysis, scoring, services
from petajalan.evaluations.links import link_actions
from petajalan.evaluations.models import Answer, Cycle, Scenario
from petajalan.evaluations.suggestions import suggestions_for
from petajalan.lib import charts

R = Membership.Role
NAME_MAX = Scenario._meta.get_field("name").max_length or 120


# Shared ----------------------------------------------------------------------------------------


def _cycle(request: HttpRequest, gov: str, cycle: Any, *, write: bool = False) -> tuple[Government, Cycle]:
    government = get_government(request, gov)
    found = get_for_user(
        request,
        Cycle.objects.filter(government=government).select_related("government", "worksheet__pack", "bands"),
        write=write,
        uuid=cycle,
    )
    return government, found


def _rows(cycle: Cycle) -> list[Answer]:
    """The cycle's answer rows with their units (one query), each knowing its cycle."""
    rows = list(cycle.answers.select_related("unit").order_by("order"))
    for row in rows:
        row.cycle = cycle
    return rows


def _base(request: HttpRequest, government: Government, cycle: Cycle, page: str) -> dict[str, Any]:
    try:  # the cycle's own page belongs to views/cycles.py and may not be there yet
        cycle_url = reverse("evaluations:cycle-detail", kwargs={"gov": government.slug, "cycle": cycle.uuid})
    except NoReverseMatch:
        cycle_url = ""
    return {
        "government": government,
        "cycle": cycle,
        "page": page,
        "cycle_url": cycle_url,
        "is_admin": R.ADMIN in roles_in(request.user, government),
        "worksheet_label": cycle.worksheet.title,
    }


def _svg(text: str) -> SafeString:
    return mark_safe(text)  # drawn by lib.charts, every text escaped there


def _ids(values: list[str]) -> list[int]:
    """Integer ids from a form; anything else (or longer than a database key) is left out."""
    return [int(v) for v in (x.strip() for x in values) if v.isdigit() and len(v) <= 18]


# Next points -----------------------------------------------------------------------------------


def _next_points_page(
    request: HttpRequest,
    government: Government,
    cycle: Cycle,
    *,
    error: str = "",
    chosen_key: str = "",
    chosen_actions: list[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = _rows(cycle)
    user = current_user(request)
    links = analysis.linked_actions(cycle, analysis.visible_roadmaps(user))
    points = analysis.next_points(cycle, rows, links=links, suggestions=suggestions_for(rows))
    worksheet = services.worksheet_of(cycle.worksheet)
    now = scoring.score(
        worksheet,
        analysis.current_answers(rows),
        coefficient=analysis.current_coefficient(cycle),
        bands=services.bands_of(cycle.bands),
    )
    context = _base(request, government, cycle, "next-points")
    context |= {
        "points": points,
        "now": now,
        "total_gain": sum((p.gain.gain for p in points), Decimal(0)),
        "error": error,
        "chosen_key": chosen_key or request.GET.get("kriteria", ""),
        "chosen_actions": set(chosen_actions or []),
    }
    if context["is_admin"]:
        context["items"] = worksheet.items
        context["link_actions"] = analysis.actions_to_link(cycle)
    return render(request, "evaluations/analysis_next_points.html", context, status=status)


@login_required
@require_GET
def next_points(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Items ranked by the index points still available, with their unit, actions and suggestion."""
    government, found = _cycle(request, gov, cycle)
    return _next_points_page(request, government, found)


@login_required
@require_POST
def next_points_actions(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Link actions to a criterion (``aksi``) or unlink them (``lepas``): the admin only."""
    government, found = _cycle(request, gov, cycle, write=True)
    key = request.POST.get("kriteria", "").strip()
    add, remove = _ids(request.POST.getlist("aksi")), _ids(request.POST.getlist("lepas"))
    if not add and not remove:
        messages.info(request, _("Tidak ada rencana aksi yang dipilih; tidak ada yang berubah."))
        return redirect(reverse("evaluations:next-points", kwargs={"gov": gov, "cycle": found.uuid}))
    try:
        link_actions(actor=current_user(request), cycle=found, node_key=key, add=add, remove=remove)
    except ServiceError as exc:
        return _next_points_page(
            request, government, found, error=exc.message, chosen_key=key, chosen_actions=add, status=422
        )
    node = services.worksheet_of(found.worksheet).nodes[key]
    messages.success(request, _("Rencana aksi pendukung %(ref)s disimpan.") % {"ref": node.ref or node.title})
    return redirect(reverse("evaluations:next-points", kwargs={"gov": gov, "cycle": found.uuid}))


# What-if ---------------------------------------------------------------------------------------


def _whatif_rows(
    worksheet: scoring.Worksheet,
    real: dict[str, str],
    values: dict[str, str],
    errors: dict[str, str],
    now: scoring.Score,
) -> list[dict[str, Any]]:
    return [
        {
            "n": n,
            "node": node,
            "real": analysis.shown(node, real.get(node.key, "")),
            "value": values.get(node.key, analysis.shown(node, real.get(node.key, ""))),
            "error": errors.get(node.key, ""),
            "points": now.nodes[node.key].points,
            "range": [scoring.plain(v).replace(".", ",") for v in node.range] if node.range else None,
        }
        for n, node in enumerate(worksheet.items, start=1)
    ]


def _whatif_page(
    request: HttpRequest,
    government: Government,
    cycle: Cycle,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: analysis.WhatIf | None = None,
    name: str = "",
    coefficient: str | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    rows = _rows(cycle)
    worksheet = services.worksheet_of(cycle.worksheet)
    real = analysis.current_answers(rows)
    k = analysis.current_coefficient(cycle)
    now = scoring.score(worksheet, real, coefficient=k, bands=services.bands_of(cycle.bands))
    context = _base(request, government, cycle, "whatif")
    context |= {
        "rows": _whatif_rows(worksheet, real, values or {}, errors or {}, now),
        "now": now,
        "result": result,
        "errors": errors or {},
        "message": message,
        "name": name,
        "has_coefficient": worksheet.coefficient is not None,
        "coefficient": coefficient
        if coefficient is not None
        else ("" if k is None else scoring.plain(k).replace(".", ",")),
        "scenarios": list(cycle.scenarios.select_related("created_by").order_by("name")),
    }
    template = "evaluations/analysis_whatif.html"
    if request.htmx and (result is not None or errors):  # type: ignore[attr-defined]
        template += "#result"
    return render(request, template, context, status=status)


def _typed(request: HttpRequest, worksheet: scoring.Worksheet) -> dict[str, str]:
    return {node.key: request.POST.get(node.key, "") for node in worksheet.items}


def _scenario_values(worksheet: scoring.Worksheet, scenario: Scenario) -> dict[str, str]:
    return {
        key: analysis.shown(worksheet.nodes[key], str(value))
        for key, value in (scenario.answers or {}).items()
        if key in worksheet.nodes and worksheet.nodes[key].is_item
    }


@login_required
@require_GET
def whatif(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Every item's current answer, editable, and the stored scenarios; ``?skenario=<id>`` fills
    the form with a scenario's answers."""
    government, found = _cycle(request, gov, cycle)
    chosen = request.GET.get("skenario", "")
    values: dict[str, str] = {}
    coefficient = None
    if chosen.isdigit():
        scenario = found.scenarios.filter(pk=int(chosen)).first()
        if scenario is None:
            raise Http404(_("Skenario tidak ditemukan."))
        values = _scenario_values(services.worksheet_of(found.worksheet), scenario)
        if scenario.coefficient is not None:
            coefficient = scoring.plain(scenario.coefficient).replace(".", ",")
        return _whatif_page(
            request, government, found, values=values, name=scenario.name, coefficient=coefficient
        )
    return _whatif_page(request, government, found)


def _parse(
    request: HttpRequest, cycle: Cycle
) -> tuple[dict[str, str], dict[str, str], dict[str, str], Decimal | None, str]:
    """(typed texts, answers in stored form, errors, coefficient, the coefficient as typed)."""
    worksheet = services.worksheet_of(cycle.worksheet)
    typed = _typed(request, worksheet)
    answers, errors = analysis.parse_scenario(worksheet, typed)
    text = request.POST.get("koefisien", "").strip()
    coefficient = None
    if text and worksheet.coefficient is not None:
        try:
            coefficient = scoring.parse_coefficient(worksheet, text)
        except scoring.AnswerError as exc:
            errors["koefisien"] = str(exc)
    return typed, answers, errors, coefficient, text


@login_required
@require_POST
def whatif_run(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Recompute the index with the typed answers laid over the real ones; nothing is saved."""
    government, found = _cycle(request, gov, cycle)
    typed, answers, errors, coefficient, text = _parse(request, found)
    if errors:
        return _whatif_page(
            request,
            government,
            found,
            values=typed,
            errors=errors,
            coefficient=text,
            status=422,
            message=_("Periksa isian yang ditandai; tidak ada yang dihitung ulang."),
        )
    rows = _rows(found)
    real = analysis.current_answers(rows)
    result = analysis.what_if(
        services.worksheet_of(found.worksheet),
        real,
        analysis.overrides(real, answers),
        coefficient=analysis.current_coefficient(found),
        scenario_coefficient=coefficient,
        bands=services.bands_of(found.bands),
    )
    return _whatif_page(
        request,
        government,
        found,
        values=typed,
        result=result,
        coefficient=text,
        name=request.POST.get("nama", ""),
    )


@login_required
@require_POST
def whatif_save(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Store the typed answers that differ from the real ones as a named scenario (the admin)."""
    government, found = _cycle(request, gov, cycle, write=True)
    typed, answers, errors, coefficient, text = _parse(request, found)
    name = request.POST.get("nama", "")
    if len(name.strip()) > NAME_MAX:
        errors["nama"] = _("Nama skenario paling panjang %(n)s huruf.") % {"n": NAME_MAX}
    if errors:
        return _whatif_page(
            request,
            government,
            found,
            values=typed,
            errors=errors,
            coefficient=text,
            name=name,
            status=422,
            message=_("Periksa isian yang ditandai; skenario belum disimpan."),
        )
    real = analysis.current_answers(_rows(found))
    try:
        scenario = services.save_scenario(
            actor=current_user(request),
            cycle=found,
            name=name,
            answers=analysis.overrides(real, answers),
            coefficient=coefficient,
        )
    except ServiceError as exc:
        field_errors = {"nama": exc.message} if exc.field == "name" else {}
        return _whatif_page(
            request,
            government,
            found,
            values=typed,
            errors=field_errors,
            coefficient=text,
            name=name,
            message=exc.message,
            status=422,
        )
    messages.success(request, _("Skenario “%(name)s” disimpan.") % {"name": scenario.name})
    return redirect(
        reverse(
            "evaluations:whatif-detail", kwargs={"gov": gov, "cycle": found.uuid, "scenario": scenario.pk}
        )
    )


@login_required
@require_GET
def whatif_detail(request: HttpRequest, gov: str, cycle: Any, scenario: int) -> HttpResponse:
    """A stored scenario beside the real answers: index, predicate and the items it changes."""
    government, found = _cycle(request, gov, cycle)
    stored = found.scenarios.filter(pk=scenario).select_related("created_by").first()
    if stored is None:
        raise Http404(_("Skenario tidak ditemukan."))
    worksheet = services.worksheet_of(found.worksheet)
    real = analysis.current_answers(_rows(found))
    changed = {
        k: str(v)
        for k, v in (stored.answers or {}).items()
        if k in worksheet.nodes and worksheet.nodes[k].is_item
    }
    result = analysis.what_if(
        worksheet,
        real,
        changed,
        coefficient=analysis.current_coefficient(found),
        scenario_coefficient=stored.coefficient,
        bands=services.bands_of(found.bands),
    )
    context = _base(request, government, found, "whatif")
    context |= {"scenario": stored, "result": result}
    return render(request, "evaluations/analysis_whatif_detail.html", context)


@login_required
@require_POST
def whatif_delete(request: HttpRequest, gov: str, cycle: Any, scenario: int) -> HttpResponse:
    """Delete a stored scenario (the admin)."""
    _government, found = _cycle(request, gov, cycle, write=True)
    stored = found.scenarios.filter(pk=scenario).first()
    if stored is None:
        raise Http404(_("Skenario tidak ditemukan."))
    services.delete_scenario(actor=current_user(request), scenario=stored)
    messages.success(request, _("Skenario “%(name)s” dihapus.") % {"name": stored.name})
    return redirect(reverse("evaluations:whatif", kwargs={"gov": gov, "cycle": found.uuid}))


# The index planned per quarter -----------------------------------------------------------------


def _band_label(score: scoring.Score) -> str:
    return f"{score.band} {score.band_label}".strip() or "—"


@login_required
@require_GET
def planned_index(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """The index each quarter would reach if the actions linked to criteria finish on schedule."""
    government, found = _cycle(request, gov, cycle)
    rows = _rows(found)
    worksheet = services.worksheet_of(found.worksheet)
    links = analysis.linked_actions(found)
    ready = analysis.ready_quarters(links, found.year)
    plans = analysis.plan_quarters(
        worksheet,
        analysis.current_answers(rows),
        ready,
        coefficient=analysis.current_coefficient(found),
        bands=services.bands_of(found.bands),
    )
    labels = {
        q: (_("Sekarang") if q == 0 else _("TW %(q)s") % {"q": ["I", "II", "III", "IV"][q - 1]})
        for q in range(5)
    }
    chart = charts.columns(
        [
            charts.Bar(
                labels[p.quarter], p.score.index, "grey" if p.quarter == 0 else "green", p.score.band or "—"
            )
            for p in plans
        ],
        title=_("Indeks RB yang direncanakan per triwulan %(y)s") % {"y": found.year},
        column_width=80,
    )
    unscheduled = [worksheet.nodes[k] for k, q in ready.items() if q is None and k in worksheet.nodes]
    context = _base(request, government, found, "planned-index")
    context |= {
        "plans": [{"plan": p, "label": labels[p.quarter], "band": _band_label(p.score)} for p in plans],
        "chart": _svg(chart),
        "linked": len(links),
        "unscheduled": unscheduled,
    }
    return render(request, "evaluations/analysis_planned_index.html", context)


# Calibration -----------------------------------------------------------------------------------


@login_required
@require_GET
def calibration(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Self, verified and evaluator answers compared over the government's cycles that have reached
    the evaluator phase: per year, per unit, and per criterion for one year."""
    government, found = _cycle(request, gov, cycle)
    result = analysis.calibration_for(government.pk)
    with_results = result.with_results
    wanted = request.GET.get("tahun", "")
    chosen = next((y for y in result.years if str(y.cycle.year) == wanted), None)
    if chosen is None:
        chosen = with_results[-1] if with_results else (result.years[-1] if result.years else None)
    columns = []
    for year in result.years:
        columns.append(charts.Bar(f"{year.cycle.year}", year.self_score.index, "draft", _("mandiri")))
        columns.append(
            charts.Bar(f"{year.cycle.year}", year.verified_score.index, "submitted", _("verifikasi"))
        )
        evaluator = year.evaluator_score.index if year.evaluator_score is not None else None
        columns.append(charts.Bar(f"{year.cycle.year}", evaluator, "verified", _("evaluator")))
    years_chart = charts.columns(
        columns, title=_("Indeks mandiri, verifikasi dan evaluator per tahun"), column_width=70
    )
    unit_bars = [
        charts.Bar(
            g.label,
            g.over_share,
            "red" if g.over else "green",
            _("%(n)s dari %(m)s lebih tinggi") % {"n": g.over, "m": g.n},
        )
        for g in result.units
        if g.n
    ]
    units_chart = charts.horizontal_bars(
        unit_bars,
        title=_("Bagian kriteria yang dinilai sendiri lebih tinggi dari evaluator, per perangkat daerah"),
    )
    context = _base(request, government, found, "calibration")
    context |= {
        "result": result,
        "with_results": with_results,
        "chosen": chosen,
        "years_chart": _svg(years_chart),
        "units_chart": _svg(units_chart) if unit_bars else "",
    }
    return render(request, "evaluations/analysis_calibration.html", context)


# Another worksheet version ---------------------------------------------------------------------


@login_required
@require_GET
def framework_preview(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """The cycle's current answers scored under another loaded worksheet version through crosswalk
    packs; nothing is stored."""
    government, found = _cycle(request, gov, cycle)
    versions = analysis.worksheet_versions(found)
    wanted = request.GET.get("versi", "").strip()
    error = ""
    target = None
    if wanted:
        target = next((v for v in versions if str(v.pk) == wanted), None)
        if target is None:
            error = _("Versi lembar kerja itu tidak dikenal; pilih dari daftar.")
    elif versions:
        linked = analysis.versions_linked(found.worksheet)
        target = next((v for v in versions if v.pk in linked), versions[0])
    rows = _rows(found)
    worksheet = services.worksheet_of(found.worksheet)
    now = scoring.score(
        worksheet,
        analysis.current_answers(rows),
        coefficient=analysis.current_coefficient(found),
        bands=services.bands_of(found.bands),
    )
    context = _base(request, government, found, "framework-preview")
    context |= {
        "versions": versions,
        "target": target,
        "error": error,
        "now": now,
        "result": analysis.preview(found, rows, target) if target is not None else None,
    }
    return render(
        request, "evaluations/analysis_framework_preview.html", context, status=400 if error else 200
    )


C = "siklus/<uuid:cycle>/"
routes: list[URLPattern] = [
    path(C + "poin-berikutnya/", next_points, name="next-points"),
    path(C + "poin-berikutnya/aksi/", next_points_actions, name="next-points-actions"),
    path(C + "simulasi/", whatif, name="whatif"),
    path(C + "simulasi/hitung/", whatif_run, name="whatif-run"),
    path(C + "simulasi/simpan/", whatif_save, name="whatif-save"),
    path(C + "simulasi/<int:scenario>/", whatif_detail, name="whatif-detail"),
    path(C + "simulasi/<int:scenario>/hapus/", whatif_delete, name="whatif-delete"),
    path(C + "rencana-indeks/", planned_index, name="planned-index"),
    path(C + "kalibrasi/", calibration, name="calibration"),
    path(C + "pratinjau-kerangka/", framework_preview, name="framework-preview"),
]
