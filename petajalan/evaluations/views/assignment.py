"""The assignment page: every item of a cycle with its responsible unit and due date on one page.

The admin (Bagian Organisasi) chooses a unit for each criterion (none: the Bagian Organisasi answers
it) and a due date; one POST saves every changed row through ``services.assign`` in one transaction.
A row someone else changed since the page was opened is reported with the other person's choice and
nothing is saved (409); a bad row refuses the page (422). What was chosen stays on the page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from petajalan.accounts.models import Government, Unit
from petajalan.accounts.permissions import current_user, get_for_user, get_government
from petajalan.accounts.services import ServiceError
from petajalan.evaluations import services
from petajalan.evaluations.forms import AssignmentRow, assignment_rows, detail_url, shown_state
from petajalan.evaluations.models import Answer, Cycle
from petajalan.lib.formatting import tanggal
from petajalan.roadmaps.templatetags.roadmap_tags import nilai


def _lang() -> str:
    return translation.get_language() or "id"


def _assignable_units(government: Government, answers: list[Answer]) -> dict[int, Unit]:
    """The government's active units, and any inactive unit still holding an item."""
    held = {a.unit_id for a in answers if a.unit_id}
    units = Unit.objects.filter(government=government).order_by("name")
    return {u.pk: u for u in units if u.is_active or u.pk in held}


def _render_assign(
    request: HttpRequest,
    government: Government,
    cycle: Cycle,
    answer_list: list[Answer],
    rows: list[AssignmentRow],
    units: dict[int, Unit],
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    worksheet = services.worksheet_of(cycle.worksheet)
    shown = []
    for row in rows:
        node = worksheet.nodes.get(row.answer.node_key)
        current = row.answer
        shown.append(
            {
                "row": row,
                "pk": row.pk,
                "title": node.title if node else row.answer.ref,
                "scored_by": (node.extra.get("scored_by") or "") if node else "",
                "weight": nilai(node.weight) if node and node.weight is not None else "",
                "answered": bool(current.self_value),
                "now_unit": units[current.unit_id].name
                if current.unit_id in units
                else _("Bagian Organisasi"),
                "now_due": tanggal(current.due_on, _lang()) if current.due_on else "—",
            }
        )
    counts = Counter(r.unit_id for r in rows)
    return render(
        request,
        "evaluations/cycle_assign.html",
        {
            "government": government,
            "cycle": cycle,
            "rows": shown,
            "units": list(units.values()),
            "error": error,
            "stale": sum(1 for r in rows if r.stale),
            "counts": [(units[k].name, n) for k, n in counts.items() if k in units],
            "organisasi": counts.get(None, 0),
            "detail_url": detail_url(cycle),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_assign(request: HttpRequest, gov: str, cycle: Any) -> HttpResponse:
    """Every item with its unit and due date on one page; one POST saves the changed rows together."""
    government = get_government(request, gov)
    cycles = Cycle.objects.select_related("worksheet", "government")
    obj = get_for_user(request, cycles, write=True, uuid=cycle, government=government)
    answer_list = list(Answer.objects.filter(cycle=obj).select_related("unit").order_by("order"))
    units = _assignable_units(government, answer_list)
    if request.method == "GET":
        return _render_assign(
            request, government, obj, answer_list, assignment_rows(answer_list, units), units
        )
    rows = assignment_rows(answer_list, units, request.POST)
    if any(r.error for r in rows):
        return _render_assign(
            request,
            government,
            obj,
            answer_list,
            rows,
            units,
            status=422,
            error=_("Beberapa baris belum benar; tidak ada yang disimpan. Perbaiki baris yang ditandai."),
        )
    if any(r.stale for r in rows):
        for row in rows:
            row.was = shown_state(row.answer)  # saving again overwrites knowingly
        return _render_assign(
            request,
            government,
            obj,
            answer_list,
            rows,
            units,
            status=409,
            error=_(
                "Penugasan beberapa kriteria diubah orang lain sejak halaman ini dibuka; tidak ada yang "
                "disimpan. Isian Anda masih ada; periksa baris yang ditandai lalu simpan lagi."
            ),
        )
    changed = [r for r in rows if r.to_save]
    try:
        with transaction.atomic():
            for row in changed:
                services.assign(
                    actor=current_user(request),
                    answer=row.answer,
                    unit=units.get(row.unit_id) if row.unit_id else None,
                    due_on=row.due_on,
                )
    except ServiceError as exc:
        return _render_assign(
            request, government, obj, answer_list, rows, units, status=422, error=exc.message
        )
    if changed:
        messages.success(request, _("Penugasan disimpan: %(n)s kriteria diubah.") % {"n": len(changed)})
    else:
        messages.info(request, _("Tidak ada penugasan yang berubah."))
    return redirect("evaluations:cycle-assign", gov=government.slug, cycle=obj.uuid)
