"""The pages a person walks through in a self-assessment: the government's cycles, one cycle (its
phases, the predicted index and the score table node by node) and the Bagian Organisasi's controls
of the cycle. One item's page is in ``views/answers.py``, the assignment page in
``views/assignment.py``; this module lists the routes of all three.

Permission first (``get_cycle``: 404 when the cycle is not the user's government's, 403 when a write
is the admin's), then the form, then the service (which checks the phase and its window), then render.
Scores are computed on each view from the answers and the pack (never stored), in a constant number
of queries whatever the number of items and units.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import current_user, get_for_user, get_government, require_role, roles_in
from petajalan.accounts.querysets import ADMIN, DRAFTER, UNIT_HEAD, active_memberships
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evaluations import scoring, services
from petajalan.evaluations.forms import (
    WINDOW_PHASES,
    AdvanceForm,
    CoefficientForm,
    OfficialForm,
    OpenCycleForm,
    ReopenForm,
    WindowsForm,
    answer_text,
    detail_url,
    points,
)
from petajalan.evaluations.models import PHASE_ORDER, Answer, Cycle, Phase
from petajalan.evaluations.views import answers, assignment
from petajalan.evidence.models import Link
from petajalan.lib.formatting import angka, tanggal
from petajalan.roadmaps.templatetags.roadmap_tags import nilai

K = Link.TargetKind
ORGANISASI = "organisasi"  # the unit filter's value for the items the Bagian Organisasi answers


def _lang() -> str:
    return translation.get_language() or "id"


def phase_words() -> dict[str, str]:
    """What happens in each phase, in plain words."""
    return {
        Phase.ANSWERING: _(
            "Perangkat daerah menjawab kriteria yang ditugaskan kepadanya dan menautkan data dukung."
        ),
        Phase.COMPILING: _(
            "Bagian Organisasi memeriksa kelengkapan, melengkapi jawaban yang kosong dan menyiapkan "
            "verifikasi."
        ),
        Phase.VERIFICATION: _(
            "Inspektorat memverifikasi tiap jawaban: setuju, atau memberi nilai verifikasi dengan catatan."
        ),
        Phase.EVALUATOR: _(
            "Hasil evaluator KemenPAN-RB diketik di samping nilai mandiri dan nilai verifikasi."
        ),
        Phase.OBJECTION: _("Sanggahan atas hasil evaluator diajukan dalam jadwal sanggah."),
        Phase.CLOSED: _("Evaluasi selesai; hasilnya dipakai untuk kalibrasi tahun berikutnya."),
    }


# Permission helpers ---------------------------------------------------------------------------


def get_cycle(request: HttpRequest, gov: str, cycle: Any, *, admin: bool = False) -> tuple[Government, Cycle]:
    """The government and cycle in the URL: 404 when not the user's, 403 when ``admin`` and the user
    does not run the cycle."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        Cycle.objects.select_related("worksheet__pack", "bands", "government").prefetch_related("windows"),
        write=admin,
        uuid=cycle,
        government=government,
    )
    return government, obj


# Figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One of the three columns as the summary shows it."""

    name: str
    label: str
    index: str
    general: str
    tematik: str
    band: str
    band_label: str
    known: bool


def columns(result: services.CycleScores) -> list[Column]:
    labels = {
        "self": _("Mandiri"),
        "verified": _("Verifikasi"),
        "evaluator": _("Evaluator"),
    }
    found = []
    for name in services.COLUMNS:
        score = result.column(name)
        found.append(
            Column(
                name=name,
                label=labels[name],
                index=points(score.index) if score else "—",
                general=points(score.rb_general) if score else "—",
                tematik=points(score.rb_tematik) if score else "—",
                band=score.band if score else "",
                band_label=score.band_label if score else "",
                known=score is not None,
            )
        )
    return found


def timeline(cycle: Cycle) -> list[dict[str, Any]]:
    """The phases with their windows; the current one marked, with what happens in it."""
    windows = {w.phase: w for w in cycle.windows.all()}
    words = phase_words()
    now = PHASE_ORDER.index(cycle.phase)
    today = timezone.localdate()
    steps = []
    for number, phase in enumerate(PHASE_ORDER):
        window = windows.get(phase)
        state = "done" if number < now else "current" if number == now else "next"
        note = ""
        if state == "current" and window is not None:
            if today < window.opens_on:
                note = _("Jadwal belum dibuka (mulai %(d)s).") % {"d": tanggal(window.opens_on, _lang())}
            elif today > window.closes_on:
                note = _("Jadwal sudah lewat sejak %(d)s: isian ditolak sampai dibuka kembali.") % {
                    "d": tanggal(window.closes_on, _lang())
                }
            else:
                days = (window.closes_on - today).days
                note = _("Berjalan; ditutup %(d)s (%(n)s hari lagi).") % {
                    "d": tanggal(window.closes_on, _lang()),
                    "n": days,
                }
        steps.append(
            {
                "phase": phase,
                "label": Phase(phase).label,
                "window": window,
                "state": state,
                "words": words[phase],
                "note": note,
            }
        )
    return steps


# The government's cycles ------------------------------------------------------------------------


def _default_year(government: Government) -> int:
    """Last year's evaluation unless it is already open (the evaluation runs in the following year)."""
    year = timezone.localdate().year - 1
    taken = set(Cycle.objects.filter(government=government).values_list("year", flat=True))
    return year if year not in taken else year + 1


def _open_form(government: Government, data: Any = None) -> OpenCycleForm:
    year = _default_year(government)
    worksheet = services.default_worksheet(government, year)
    bands = services.default_bands(government)
    return OpenCycleForm(
        data,
        government=government,
        initial={
            "year": year,
            "worksheet": worksheet.pk if worksheet else None,
            "bands": bands.pk if bands else None,
        },
    )


def _cycle_rows(government: Government, cycles: list[Cycle]) -> list[dict[str, Any]]:
    """Each cycle with its prediction (the verified column) and progress, in two queries."""
    by_cycle: dict[int, list[Answer]] = {c.pk: [] for c in cycles}
    for answer in Answer.objects.filter(cycle__in=cycles).only(
        "cycle_id", "node_key", "self_value", "check_state", "verified_value", "evaluator_value"
    ):
        by_cycle[answer.cycle_id].append(answer)
    rows = []
    for cycle in cycles:
        result = services.scores(cycle, by_cycle[cycle.pk])
        mine = by_cycle[cycle.pk]
        rows.append(
            {
                "cycle": cycle,
                "verified": result.verified,
                "index": points(result.verified.index),
                "evaluator_index": angka(cycle.evaluator_index, 2)
                if cycle.evaluator_index is not None
                else "",
                "answered": sum(1 for a in mine if a.self_value),
                "total": len(mine),
                "url": detail_url(cycle),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def cycle_list(request: HttpRequest, gov: str) -> HttpResponse:
    """The government's cycles; the admin opens a new one here (POST)."""
    government = get_government(request, gov)
    is_admin = ADMIN in roles_in(request.user, government)
    status = 200
    form = _open_form(government) if is_admin else None
    if request.method == "POST":
        require_role(request, government, ADMIN)
        form = _open_form(government, request.POST)
        if form.is_valid():
            try:
                made = services.open_cycle(
                    actor=current_user(request),
                    government=government,
                    year=form.cleaned_data["year"],
                    worksheet=form.cleaned_data["worksheet"],
                    bands=form.cleaned_data["bands"],
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("Evaluasi RB %(y)s dibuka: %(n)s kriteria siap ditugaskan.")
                    % {"y": made.year, "n": made.answers.count()},
                )
                return redirect("evaluations:cycle-assign", gov=government.slug, cycle=made.uuid)
        status = 422
    cycles = list(
        Cycle.objects.visible_to(request.user)
        .filter(government=government)
        .select_related("worksheet__pack", "bands", "government")
        .order_by("-year")
    )
    return render(
        request,
        "evaluations/cycle_list.html",
        {
            "government": government,
            "rows": _cycle_rows(government, cycles),
            "form": form,
            "is_admin": is_admin,
        },
        status=status,
    )


# One cycle ----------------------------------------------------------------------------------------


def _hidden_below_items(worksheet: scoring.Worksheet) -> set[str]:
    """Nodes under an item (rubric parts scored within the item): not rows of the score table."""
    hidden: set[str] = set()
    for node in worksheet.nodes.values():
        if node.is_item:
            hidden.update(d.key for d in worksheet.descendants(node.key)[1:])
    return hidden


def score_rows(
    cycle: Cycle,
    result: services.CycleScores,
    by_key: dict[str, Answer],
    evidence: dict[str, int],
    *,
    unit: str = "",
    missing_only: bool = False,
) -> list[dict[str, Any]]:
    """The score table in tree order: headings with their sums, items with their answers; ``unit``
    (a unit's uuid or ``ORGANISASI``) and ``missing_only`` keep the matching items and their headings."""
    worksheet = result.worksheet
    hidden = _hidden_below_items(worksheet)
    if worksheet.coefficient is not None:
        hidden.add(worksheet.coefficient.key)

    def keep(answer: Answer | None) -> bool:
        if answer is None:
            return False
        if missing_only and answer.self_value:
            return False
        if unit == ORGANISASI:
            return answer.unit_id is None
        if unit:
            return answer.unit is not None and str(answer.unit.uuid) == unit
        return True

    kept = {n.key for n in worksheet.items if n.key not in hidden and keep(by_key.get(n.key))}
    shown: set[str] = set()
    for key in kept:
        shown.update(n.key for n in worksheet.path(key))
    base = reverse("evaluations:answer-detail", kwargs={"gov": cycle.government.slug, "answer": 0})
    evaluator = result.evaluator
    rows = []
    for node in worksheet.nodes.values():
        if node.key not in shown or node.key in hidden:
            continue
        row: dict[str, Any] = {
            "key": node.key,
            "ref": node.ref,
            "title": node.title,
            "depth": min(len(worksheet.path(node.key)) - 1, 5),
            "weight": nilai(node.weight) if node.weight is not None else "",
            "is_item": node.is_item,
            "self": points(result.self.nodes[node.key].points),
            "verified": points(result.verified.nodes[node.key].points),
            "evaluator": points(evaluator.nodes[node.key].points) if evaluator else "—",
        }
        answer = by_key.get(node.key)
        if node.is_item and answer is not None:
            row |= {
                "answer": answer,
                "url": base.replace("/0/", f"/{answer.pk}/"),
                "text": answer_text(node, answer.self_value),
                "verified_text": answer_text(node, answer.verified_value),
                "evaluator_text": answer_text(node, answer.evaluator_value),
                "missing": not answer.self_value,
                "na": answer.self_value == scoring.NA,
                "as_points": node.as_points,
                "unit_name": (answer.unit.short_name or answer.unit.name)
                if answer.unit
                else _("Bagian Organisasi"),
                "evidence": evidence.get(str(answer.pk), 0),
                "multiplied": bool(node.multiplied_by),
            }
        rows.append(row)
    return rows


def unit_progress(answers: list[Answer]) -> list[dict[str, Any]]:
    """Per responsible unit: answered / total, verified / total (the Bagian Organisasi first)."""
    found: dict[int | None, dict[str, Any]] = {}
    for answer in answers:
        entry = found.setdefault(
            answer.unit_id,
            {
                "name": answer.unit.name if answer.unit else _("Bagian Organisasi"),
                "value": str(answer.unit.uuid) if answer.unit else ORGANISASI,
                "total": 0,
                "answered": 0,
                "verified": 0,
            },
        )
        entry["total"] += 1
        entry["answered"] += bool(answer.self_value)
        entry["verified"] += bool(answer.check_state)
    for entry in found.values():
        entry["percent"] = round(100 * entry["answered"] / entry["total"]) if entry["total"] else 0
    return sorted(found.values(), key=lambda e: (e["value"] != ORGANISASI, e["name"].casefold()))


def _evidence_counts(government: Government, answers: list[Answer]) -> dict[str, int]:
    rows = (
        Link.objects.filter(
            government=government, target_kind=K.CRITERION_ANSWER, target_id__in=[str(a.pk) for a in answers]
        )
        .values("target_id")
        .annotate(n=Count("id"))
    )
    return {r["target_id"]: r["n"] for r in rows}


def admin_forms(cycle: Cycle, worksheet: scoring.Worksheet, **bound: Any) -> dict[str, Any]:
    """The admin's forms on the cycle page, unbound unless given bound (a refused POST)."""
    coefficient = worksheet.coefficient
    columns_by_phase: dict[str, str] = {Phase.VERIFICATION: "verified", Phase.EVALUATOR: "evaluator"}
    column = columns_by_phase.get(cycle.phase, "self")
    low = (
        nilai(Decimal(str(coefficient.extra.get("min"))))
        if coefficient and "min" in coefficient.extra
        else ""
    )
    high = (
        nilai(Decimal(str(coefficient.extra.get("max"))))
        if coefficient and "max" in coefficient.extra
        else ""
    )
    current = getattr(cycle, f"coefficient_{column}")
    forms = {
        "advance_form": AdvanceForm(initial={"version": cycle.version}),
        "reopen_form": ReopenForm(
            cycle=cycle,
            initial={
                "version": cycle.version,
                "phase": cycle.phase if cycle.phase != Phase.CLOSED else WINDOW_PHASES[-1],
                "until": timezone.localdate() + dt.timedelta(days=7),
            },
        ),
        "windows_form": WindowsForm(initial=WindowsForm.initial_for(cycle)),
        "coefficient_form": CoefficientForm(
            low=low,
            high=high,
            initial={
                "column": column,
                "value": nilai(current) if current is not None else "",
                "version": cycle.version,
            },
        )
        if coefficient is not None
        else None,
        "official_form": OfficialForm(
            bands=services.bands_of(cycle.bands),
            initial={
                "index": angka(cycle.evaluator_index, 2) if cycle.evaluator_index is not None else "",
                "predicate": cycle.evaluator_predicate,
                "version": cycle.version,
            },
        )
        if cycle.phase in (Phase.EVALUATOR, Phase.OBJECTION, Phase.CLOSED)
        else None,
    }
    return forms | bound


def render_detail(
    request: HttpRequest, government: Government, cycle: Cycle, *, status: int = 200, **bound: Any
) -> HttpResponse:
    """The cycle page (bound admin forms given when a POST was refused, so nothing typed is lost)."""
    all_answers = list(Answer.objects.filter(cycle=cycle).select_related("unit").order_by("order"))
    by_key = {a.node_key: a for a in all_answers}
    result = services.scores(cycle, all_answers)
    unit = request.GET.get("unit", "")[:40] if request.method == "GET" else ""
    missing_only = request.GET.get("belum") == "1" if request.method == "GET" else False
    roles = roles_in(request.user, government)
    is_admin = ADMIN in roles
    my_units = (
        set(
            str(u)
            for u in active_memberships(request.user)
            .filter(government=government, role__in=[DRAFTER, UNIT_HEAD], unit__isnull=False)
            .values_list("unit__uuid", flat=True)
        )
        if roles & {DRAFTER, UNIT_HEAD}
        else set()
    )
    progress = unit_progress(all_answers)
    verified_col = result.verified
    missing = Counter(bool(a.self_value) for a in all_answers)[False]
    phase_index = PHASE_ORDER.index(cycle.phase)
    context = {
        "government": government,
        "cycle": cycle,
        "timeline": timeline(cycle),
        "columns": columns(result),
        "prediction": verified_col,
        "prediction_index": points(verified_col.index),
        "missing": missing,
        "total": len(all_answers),
        "rows": score_rows(
            cycle,
            result,
            by_key,
            _evidence_counts(government, all_answers),
            unit=unit,
            missing_only=missing_only,
        ),
        "progress": progress,
        "unit": unit,
        "missing_only": missing_only,
        "my_units": [p for p in progress if p["value"] in my_units],
        "is_admin": is_admin,
        "can_import": is_admin or bool(my_units & {str(a.unit.uuid) for a in all_answers if a.unit}),
        "next_phase": Phase(PHASE_ORDER[phase_index + 1]).label if cycle.phase != Phase.CLOSED else "",
        "has_coefficient": result.worksheet.coefficient is not None,
        "coefficients": [
            (_("Mandiri"), cycle.coefficient_self),
            (_("Verifikasi"), cycle.coefficient_verified),
            (_("Evaluator"), cycle.coefficient_evaluator),
        ],
        "as_points": any(n.as_points for n in result.worksheet.items),
    }
    if is_admin:
        context |= admin_forms(cycle, result.worksheet, **bound)
    return render(request, "evaluations/cycle_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def cycle_detail(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle)
    return render_detail(request, government, obj)


# The admin's controls ------------------------------------------------------------------------------


def _stale_cycle(request: HttpRequest, government: Government, current: Cycle, **bound: Any) -> HttpResponse:
    fresh = Cycle.objects.select_related("worksheet__pack", "bands", "government").prefetch_related("windows")
    fresh_cycle = fresh.get(pk=current.pk)
    messages.error(
        request,
        _(
            "Evaluasi ini diubah orang lain lebih dulu (kini tahap %(p)s); isian Anda belum disimpan. "
            "Periksa halaman ini lalu kirim lagi."
        )
        % {"p": fresh_cycle.get_phase_display()},
    )
    return render_detail(request, government, fresh_cycle, status=409, **bound)


def _refused(form: Any, exc: ServiceError, names: dict[str, str] | None = None) -> None:
    field = (names or {}).get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
@require_POST
def cycle_advance(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle, admin=True)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return render_detail(request, government, obj, status=422, advance_form=form)
    try:
        moved = services.advance(actor=current_user(request), cycle=obj, version=form.cleaned_data["version"])
    except StaleEdit as exc:
        return _stale_cycle(request, government, exc.current)
    except ServiceError as exc:
        _refused(form, exc)
        return render_detail(request, government, obj, status=422, advance_form=form)
    messages.success(
        request,
        _("Evaluasi RB %(y)s kini pada tahap %(p)s.") % {"y": moved.year, "p": moved.get_phase_display()},
    )
    return redirect(detail_url(obj))


@login_required
@require_POST
def cycle_reopen(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle, admin=True)
    form = ReopenForm(request.POST, cycle=obj)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.reopen(
                actor=current_user(request),
                cycle=obj,
                version=data["version"],
                phase=data["phase"],
                reason=data["reason"],
                until=data["until"],
            )
        except StaleEdit as exc:
            return _stale_cycle(request, government, exc.current, reopen_form=form)
        except ServiceError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                _("Tahap %(p)s dibuka kembali sampai %(d)s.")
                % {"p": moved.get_phase_display(), "d": tanggal(data["until"], _lang())},
            )
            return redirect(detail_url(obj))
    return render_detail(request, government, obj, status=422, reopen_form=form)


@login_required
@require_POST
def cycle_windows(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle, admin=True)
    form = WindowsForm(request.POST)
    if form.is_valid():
        stored = {w.phase: (w.opens_on, w.closes_on) for w in obj.windows.all()}
        changed = [
            (p, form.cleaned_data[f"{p}_opens"], form.cleaned_data[f"{p}_closes"])
            for p in WINDOW_PHASES
            if stored.get(p) != (form.cleaned_data[f"{p}_opens"], form.cleaned_data[f"{p}_closes"])
        ]
        try:
            with transaction.atomic():
                for phase, opens, closes in changed:
                    try:
                        services.set_window(
                            actor=current_user(request),
                            cycle=obj,
                            phase=phase,
                            opens_on=opens,
                            closes_on=closes,
                        )
                    except ServiceError as exc:
                        _refused(form, exc, {"closes_on": f"{phase}_closes", "opens_on": f"{phase}_opens"})
                        raise
        except ServiceError:
            pass
        else:
            if changed:
                messages.success(request, _("Jadwal disimpan: %(n)s tahap diubah.") % {"n": len(changed)})
            else:
                messages.info(request, _("Jadwal tidak berubah."))
            return redirect(detail_url(obj) + "#jadwal")
    return render_detail(request, government, obj, status=422, windows_form=form)


def _admin_write(
    request: HttpRequest,
    government: Government,
    obj: Cycle,
    form: Any,
    form_name: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    """One of the admin's cycle forms: write through the service, 409 when the cycle moved on, 422
    with the form kept when refused, else back to the page with ``done``."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleEdit as exc:
            return _stale_cycle(request, government, exc.current, **{form_name: form})
        except ServiceError as exc:
            _refused(form, exc, fields)
        else:
            messages.success(request, done)
            return redirect(detail_url(obj))
    return render_detail(request, government, obj, status=422, **{form_name: form})


@login_required
@require_POST
def cycle_coefficient(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle, admin=True)
    actor = current_user(request)
    return _admin_write(
        request,
        government,
        obj,
        CoefficientForm(request.POST),
        "coefficient_form",
        lambda data: services.set_coefficient(
            actor=actor, cycle=obj, column=data["column"], value=data["value"], version=data["version"]
        ),
        _("Koefisien disimpan."),
        {"coefficient": "value"},
    )


@login_required
@require_POST
def cycle_official(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    government, obj = get_cycle(request, gov, cycle, admin=True)
    actor = current_user(request)
    return _admin_write(
        request,
        government,
        obj,
        OfficialForm(request.POST, bands=services.bands_of(obj.bands)),
        "official_form",
        lambda data: services.set_official_result(
            actor=actor, cycle=obj, index=data["index"], predicate=data["predicate"], version=data["version"]
        ),
        _("Hasil resmi disimpan."),
    )


C = "siklus/<uuid:cycle>/"
J = "jawaban/<int:answer>/"

routes: list[URLPattern] = [
    path("", cycle_list, name="cycle-list"),
    path(C, cycle_detail, name="cycle-detail"),
    path(C + "penugasan/", assignment.cycle_assign, name="cycle-assign"),
    path(C + "lanjut/", cycle_advance, name="cycle-advance"),
    path(C + "buka-kembali/", cycle_reopen, name="cycle-reopen"),
    path(C + "jadwal/", cycle_windows, name="cycle-windows"),
    path(C + "koefisien/", cycle_coefficient, name="cycle-coefficient"),
    path(C + "hasil-resmi/", cycle_official, name="cycle-official"),
    path(J, answers.answer_detail, name="answer-detail"),
    path(J + "isi/", answers.answer_save, name="answer-save"),
    path(J + "verifikasi/", answers.answer_verify, name="answer-verify"),
    path(J + "evaluator/", answers.answer_evaluator, name="answer-evaluator"),
    path(J + "sanggah/", answers.answer_objection, name="answer-objection"),
]
