"""A road map's quarters and the quarter page (laporan triwulan) with its workflow.

Permission first, in one place (``_get_report``): a report the user cannot see is 404; a write their
role does not allow is 403 — typing figures: the unit's drafters and head (the admin for the city);
submitting: the unit head or the admin; returning and verifying: the admin and the unit's reviewers;
reopening and weights: the admin. Then the form, then the service (which refuses locked quarters and
wrong states with a message), then render; the htmx branch last. The quarter page reads plain values
and a constant number of queries whatever the number of actions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import current_user, get_for_user, get_government, require_role, roles_in
from petajalan.accounts.querysets import ADMIN, _is_platform_operator
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evidence.models import Link
from petajalan.evidence.querysets import readable_links
from petajalan.lib import formatting
from petajalan.monitoring import calendar, hooks, rollup, services
from petajalan.monitoring.achievement import Rag, absorption, rag
from petajalan.monitoring.forms import (
    AnswerForm,
    DeliveryForm,
    RealisationForm,
    ReopenForm,
    ReturnForm,
    SubmitForm,
    VerifyRowForm,
)
from petajalan.monitoring.models import Period, QuarterReport, QuickWinDelivery, Realisation, Settings
from petajalan.monitoring.querysets import writers_filter
from petajalan.monitoring.views.dashboard import unit_summary
from petajalan.roadmaps.models import Action, QuickWin, Roadmap
from petajalan.roadmaps.services import focus_nodes
from petajalan.roadmaps.templatetags.roadmap_tags import nilai

S = QuarterReport.Status
K = Link.TargetKind
SENTINEL = uuid.UUID(int=0)
SHOWN_EVIDENCE = 3  # thumbnails per row; the count and the link give the rest
DOWNLOADS = (
    ("xlsx", "XLSX"),
    ("pdf", "PDF"),
    ("docx", "DOCX"),
    ("csv", "CSV"),
    ("portal", gettext_lazy("Portal RB (35 kolom)")),
)
WRITE, SUBMIT, VERIFY, ADMIN_ONLY = "write", "submit", "verify", "admin"


def rag_labels() -> dict[str, str]:
    """The words beside every colour (a colour is never shown alone), as the dashboard says them;
    what each colour means is printed above the table."""
    return {
        Rag.GREEN: _("Hijau"),
        Rag.AMBER: _("Kuning"),
        Rag.RED: _("Merah"),
        Rag.GREY: _("Belum ada data"),
    }


# Permission helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What the signed-in person may do with one report."""

    write: bool  # type the unit's figures, answer a return note, record quick wins
    submit: bool
    verify: bool  # verify rows, return, verify the report
    admin: bool  # reopen, weights


def _report_queryset() -> Any:
    return QuarterReport.objects.select_related(
        "roadmap", "roadmap__unit", "unit", "government", "submitted_by", "verified_by"
    )


def _get_report(
    request: HttpRequest, gov: str, report: str, *, need: str | None = None
) -> tuple[Government, QuarterReport]:
    """The government and report in the URL: 404 when not visible to the user, 403 when ``need``
    (write, submit, verify or admin) is not theirs."""
    government = get_government(request, gov)
    obj = get_for_user(request, _report_queryset(), uuid=report, government=government)
    user = request.user
    if need == WRITE and not QuarterReport.objects.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Anda hanya dapat melihat laporan ini, tidak mengisinya."))
    if need == SUBMIT and not QuarterReport.objects.submittable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Laporan diajukan oleh kepala perangkat daerah atau Bagian Organisasi."))
    if need == VERIFY and not QuarterReport.objects.verifiable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Laporan diverifikasi oleh Bagian Organisasi atau reviewer unit ini."))
    if need == ADMIN_ONLY:
        require_role(request, government, ADMIN)
    return government, obj


def _access(request: HttpRequest, government: Government, report: QuarterReport) -> Access:
    user = request.user
    one = QuarterReport.objects.filter(pk=report.pk)
    return Access(
        write=one.editable_by(user).exists(),  # type: ignore[attr-defined]
        submit=one.submittable_by(user).exists(),  # type: ignore[attr-defined]
        verify=one.verifiable_by(user).exists(),  # type: ignore[attr-defined]
        admin=ADMIN in roles_in(user, government),
    )


def _get_roadmap(request: HttpRequest, gov: str, roadmap: str) -> tuple[Government, Roadmap]:
    government = get_government(request, gov)
    obj = get_for_user(
        request, Roadmap.objects.select_related("unit", "government"), uuid=roadmap, government=government
    )
    return government, obj


def _may_open(user: Any, roadmap: Roadmap) -> bool:
    """Whether the user types this road map's figures (the rule of ``QuarterReport.editable_by``,
    asked of the road map because its report may not exist yet)."""
    if _is_platform_operator(user):
        return True
    return Roadmap.objects.filter(pk=roadmap.pk).filter(writers_filter(user)).exists()


def _detail_url(government: Government, report: QuarterReport) -> str:
    return reverse("monitoring:report-detail", kwargs={"gov": government.slug, "report": report.uuid})


def _lang() -> str:
    return translation.get_language() or "id"


def _edit_refusal(report: QuarterReport, period: Period, locked: bool) -> str:
    """Why the unit's figures cannot be typed now ('' when they can)."""
    if locked:
        return _(
            "Triwulan ini dikunci sejak %(d)s: isian tidak dapat diubah. Minta Bagian Organisasi "
            "membuka kembali laporan ini bila masih perlu diubah."
        ) % {"d": formatting.tanggal(period.locks_on, _lang())}
    if report.status == S.SUBMITTED:
        return _("Laporan sudah diajukan dan menunggu verifikasi: isian unit tidak dapat diubah.")
    if report.status == S.VERIFIED:
        return _("Laporan sudah diverifikasi: isian tidak dapat diubah.")
    return ""


# The quarter page's rows ---------------------------------------------------------------------


def _percent(value: Decimal | None) -> str:
    return f"{nilai(value)}%" if value is not None else ""


def _achievement_text(row: dict[str, Any]) -> str:
    if row["achievement"] is not None:
        return _percent(row["achievement"])
    counted = row["verified_value"] if row["verified_value"] is not None else row["value"]
    if counted is None:
        return "—"
    if row["target"] is None:
        return _("tanpa target")
    return _("target 0")


def _rows(
    government: Government,
    report: QuarterReport,
    thresholds: Settings,
    reader: Any,
    *,
    only: int | None = None,
) -> list[dict[str, Any]]:
    """The report's rows as plain dicts with their display values, in three queries (four when rows
    have evidence: which of it ``reader`` may open); ``only`` (a row id) fills in just that row (a
    row swapped back by htmx)."""
    rows = Realisation.objects.filter(report=report).order_by("action__order", "action_id")
    if only is not None:
        rows = rows.filter(pk=only)
    values: list[dict[str, Any]] = [
        dict(row)
        for row in rows.values(
            "id",
            "version",
            "value",
            "budget_spent",
            "progress_note",
            "supporting_factors",
            "inhibiting_factors",
            "follow_up",
            "verified_value",
            "verified_budget",
            "verifier_note",
            "target",
            "budget_planned",
            "achievement",
            "weight",
            "is_counted",
            "action_id",
            "focus_key",
            activity=F("action__activity"),
            output=F("action__output"),
            indicator=F("action__indicator"),
            uom=F("action__unit_of_measure"),
            direction=F("action__direction"),
        )
    ]
    ids = [str(r["id"]) for r in values]
    every = list(
        Link.objects.for_target(K.REALISATION, ids).filter(government=government).order_by("created_at")
    )
    counts: dict[str, int] = defaultdict(int)
    for link in every:
        counts[link.target_id] += 1
    links: dict[str, list[Link]] = defaultdict(list)
    for link in readable_links(reader, every)[0]:  # a row names only documents the reader may open
        links[link.target_id].append(link)
    nodes = {n.key: f"{n.ref} {n.title}".strip() for n in focus_nodes(report.roadmap)}
    directions = dict(Action.Direction.choices)
    labels = rag_labels()
    green, amber = thresholds.green_from, thresholds.amber_from
    thumb = reverse("evidence:thumbnail", kwargs={"gov": government.slug, "item": SENTINEL})
    item_page = reverse("evidence:item-detail", kwargs={"gov": government.slug, "item": SENTINEL})
    for number, r in enumerate(values, start=1):
        colour = rag(r["achievement"], green_from=green, amber_from=amber)
        mine = links.get(str(r["id"]), [])
        spent = r["verified_budget"] if r["verified_budget"] is not None else r["budget_spent"]
        r |= {
            "number": number,
            "focus_label": nodes.get(r["focus_key"], r["focus_key"]),
            "direction_label": directions.get(r["direction"], r["direction"]),
            "target_text": nilai(r["target"]) or "—",
            "budget_planned_text": formatting.rupiah(r["budget_planned"]) or "—",
            "value_text": nilai(r["value"]),
            "budget_spent_text": formatting.rupiah(r["budget_spent"]),
            "verified_value_text": nilai(r["verified_value"]),
            "verified_budget_text": formatting.rupiah(r["verified_budget"]),
            "absorption_text": _percent(absorption(spent, r["budget_planned"])),
            "achievement_text": _achievement_text(r),
            "rag": str(colour),
            "rag_label": labels[colour],
            "weight_text": nilai(r["weight"]),
            "has_notes": any(
                r[k]
                for k in (
                    "progress_note",
                    "supporting_factors",
                    "inhibiting_factors",
                    "follow_up",
                    "verifier_note",
                )
            ),
            "evidence_count": counts.get(str(r["id"]), 0),
            "evidence": [
                {
                    "title": link.item.title,
                    "kind": link.version.blob.file_kind,
                    "thumb": thumb.replace(str(SENTINEL), str(link.item.uuid))
                    if link.version.blob.thumbnail_state == "ready"
                    else "",
                    "url": item_page.replace(str(SENTINEL), str(link.item.uuid)),
                }
                for link in mine[:SHOWN_EVIDENCE]
            ],
        }
    return values


def _labels() -> dict[str, str]:
    """Words every row repeats, translated once a page."""
    return {
        "number": _("No."),
        "fill": _("Isi"),
        "edit": _("Ubah"),
        "verify": _("Verifikasi baris"),
        "evidence_add": _("Tambah data dukung"),
        "evidence_see": _("Lihat data dukung"),
        "unit": _("Unit"),
        "verifier": _("Verifikator"),
        "absorption": _("serapan"),
        "weight_save": _("Simpan bobot"),
        "weight": _("Bobot"),
        "progress": _("Kemajuan"),
        "supporting": _("Pendukung"),
        "inhibiting": _("Penghambat"),
        "follow_up": _("Tindak lanjut"),
        "verifier_note": _("Catatan verifikator"),
        "empty": _("belum diisi"),
        "direction": _("arah"),
        "target": _("Target"),
        "budget": _("Anggaran setahun"),
        "value": _("Realisasi"),
        "spent": _("Realisasi anggaran"),
        "achievement": _("Capaian"),
        "evidence": _("Data dukung"),
        "action": _("Rencana aksi"),
    }


def _row_context(
    request: HttpRequest, government: Government, report: QuarterReport, access: Access, locked: bool
) -> dict[str, Any]:
    """What a row needs besides its dict: flags, URL bases, labels, one CSRF field."""
    detail = _detail_url(government, report)
    attach = reverse("evidence:attach", kwargs={"gov": government.slug, "kind": K.REALISATION, "target": "0"})
    weight = reverse("monitoring:weight-edit", kwargs={"gov": government.slug, "action": 0})
    return {
        "government": government,
        "report": report,
        "tw": calendar.quarter_label(report.quarter),
        "access": access,
        "may_type": access.write and report.is_editable_state and not locked,
        "may_verify_rows": access.verify and report.status == S.SUBMITTED,
        "detail_url": detail,
        "row_base": f"{detail}baris/",
        "attach_base": attach.removesuffix("0/"),
        "weight_base": weight.removesuffix("0/"),
        "labels": _labels(),
        # one CSRF field a page: {% csrf_token %} in every row masks a new token each time
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
    }


def _quick_wins(government: Government, report: QuarterReport, editable: bool) -> list[dict[str, Any]]:
    """The road map's quick wins with this quarter's delivery, earlier deliveries and evidence."""
    wins = list(QuickWin.objects.filter(roadmap_id=report.roadmap_id).order_by("order", "id"))
    if not wins:
        return []
    here = {d.quick_win_id: d for d in QuickWinDelivery.objects.filter(report=report)}
    earlier = {
        d.quick_win_id: d
        for d in QuickWinDelivery.objects.filter(quick_win__in=wins, delivered_on__isnull=False)
        .exclude(report=report)
        .select_related("report")
        .order_by("delivered_on")
    }
    links: dict[str, list[Link]] = defaultdict(list)
    for link in Link.objects.for_target(K.QUICK_WIN, [str(w.pk) for w in wins]).filter(government=government):
        links[link.target_id].append(link)
    found = []
    for win in wins:
        delivery = here.get(win.pk)
        form = (
            DeliveryForm(initial=DeliveryForm.initial_for(delivery), prefix=f"qw{win.pk}")
            if editable
            else None
        )
        found.append(
            {
                "win": win,
                "delivery": delivery,
                "earlier": earlier.get(win.pk),
                "form": form,
                "links": links.get(str(win.pk), []),
                "url": reverse(
                    "monitoring:delivery-edit",
                    kwargs={"gov": government.slug, "report": report.uuid, "quick_win": win.pk},
                ),
            }
        )
    return found


def _detail_context(
    request: HttpRequest, government: Government, report: QuarterReport, **forms: Any
) -> dict[str, Any]:
    thresholds = services.settings_for(government)
    period = services.ensure_period(government, report.year, report.quarter)
    locked = services.is_locked(report, period)
    access = _access(request, government, report)
    context = _row_context(request, government, report, access, locked)
    rows = _rows(government, report, thresholds, request.user)
    summary = next(iter(rollup.aggregate(Realisation.objects.filter(report=report), None, thresholds)), None)
    today = timezone.localdate()
    refusal = _edit_refusal(report, period, locked)
    slug = government.slug
    context |= {
        "roadmap": report.roadmap,
        "period": period,
        "locked": locked,
        "reopened": bool(report.reopened_until and today <= report.reopened_until),
        "overdue": report.status in QuarterReport.EDITABLE and today > period.due_on and not locked,
        "refusal": refusal,
        "rows": rows,
        "missing": sum(1 for r in rows if r["value"] is None),
        "summary": summary,
        "summary_label": rag_labels()[summary.colour] if summary else "",
        "thresholds": thresholds,
        "quick_wins": _quick_wins(government, report, context["may_type"]),
        "panels": hooks.report_panels(request, report),
        "packet_url": reverse(
            "evidence:packet", kwargs={"gov": slug, "kind": K.QUARTER_REPORT, "target": report.pk}
        ),
        "report_evidence_url": reverse(
            "evidence:attach", kwargs={"gov": slug, "kind": K.QUARTER_REPORT, "target": report.pk}
        ),
        "downloads": [
            (
                label,
                reverse(
                    "monitoring:report-download", kwargs={"gov": slug, "report": report.uuid, "fmt": fmt}
                ),
            )
            for fmt, label in DOWNLOADS
        ],
        "import_url": reverse("monitoring:report-import", kwargs={"gov": slug, "report": report.uuid}),
        "may_submit": access.submit and report.status in QuarterReport.EDITABLE and not locked,
        "may_answer": access.write and report.status == S.RETURNED and not locked,
        "may_hint": access.write and not access.submit and report.is_editable_state and not locked,
        "may_decide": access.verify and report.status == S.SUBMITTED,
        "submit_form": forms.get("submit_form") or SubmitForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer_note": report.answer_note}),
        "return_form": forms.get("return_form") or ReturnForm(),
        "reopen_form": forms.get("reopen_form")
        or ReopenForm(initial={"until": today + dt.timedelta(days=7)}),
        "workflow_error": forms.get("workflow_error", ""),
    }
    return context


def _render_detail(
    request: HttpRequest, government: Government, report: QuarterReport, *, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "monitoring/report_detail.html",
        _detail_context(request, government, report, **forms),
        status=status,
    )


def _row_number(report: QuarterReport, row: dict[str, Any]) -> int:
    """The row's place on the quarter page (a fragment shows the same number as the page)."""
    order, action_id = Action.objects.filter(pk=row["action_id"]).values_list("order", "pk").get()
    before = Q(action__order__lt=order) | Q(action__order=order, action_id__lt=action_id)
    return Realisation.objects.filter(report=report).filter(before).count() + 1


def _row_fragment(
    request: HttpRequest, government: Government, report: QuarterReport, row_id: int, *, saved: bool = False
) -> HttpResponse:
    """One row of the quarter page, read-only again (after a save or a cancel through htmx)."""
    thresholds = services.settings_for(government)
    period = services.ensure_period(government, report.year, report.quarter)
    locked = services.is_locked(report, period)
    context = _row_context(request, government, report, _access(request, government, report), locked)
    rows = _rows(government, report, thresholds, request.user, only=row_id)
    if not rows:
        raise Http404(_("Halaman tidak ditemukan."))
    rows[0]["number"] = _row_number(report, rows[0])
    context |= {"r": rows[0], "saved": saved}
    return render(request, "monitoring/report_detail.html#row", context)


# A road map's quarters ------------------------------------------------------------------------


def _quarters(roadmap: Roadmap) -> list[tuple[int, int]]:
    """From the road map's first quarter to the current one (or its last), newest first."""
    today = calendar.quarter_of(timezone.localdate())
    last = min(today, (roadmap.end_year, 4))
    found = []
    year, quarter = roadmap.start_year, 1
    while (year, quarter) <= last:
        found.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return found[::-1]


def _colour_label(rep: QuarterReport | None, score: Any, official: bool, labels: dict[str, str]) -> str:
    if official and score is not None:
        return labels[score.colour]
    if rep is None:
        return _("Belum dilaporkan")
    return _("Belum diverifikasi")


@login_required
@require_GET
def roadmap_quarters(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = _get_roadmap(request, gov, roadmap)
    quarters = _quarters(r)
    thresholds = services.settings_for(government)
    periods = {
        (p.year, p.quarter): p
        for p in Period.objects.filter(government=government, year__in={y for y, _q in quarters})
    }
    for year, quarter in quarters:
        if (year, quarter) not in periods:  # made once from the government's rule, then stored
            periods[year, quarter] = services.ensure_period(government, year, quarter)
    reports = {(rep.year, rep.quarter): rep for rep in QuarterReport.objects.filter(roadmap=r)}
    scores = {
        g.key: g
        for g in rollup.aggregate(Realisation.objects.filter(report__roadmap=r), "report_id", thresholds)
    }
    years = {
        g.key: g
        for g in rollup.aggregate(
            Realisation.objects.filter(report__roadmap=r, is_counted=True), "year", thresholds
        )
    }
    labels = rag_labels()
    today = timezone.localdate()
    may_open = _may_open(request.user, r)
    lines = []
    for year, quarter in quarters:
        rep = reports.get((year, quarter))
        period = periods[year, quarter]
        score = scores.get(rep.pk) if rep else None
        official = bool(rep and rep.status == S.VERIFIED)
        lines.append(
            {
                "year": year,
                "quarter": quarter,
                "tw": calendar.quarter_label(quarter),
                "period": period,
                "locked": services.is_locked(rep, period, today) if rep else today >= period.locks_on,
                "overdue": (rep is None or rep.status in QuarterReport.EDITABLE) and today > period.due_on,
                "report": rep,
                "score": score,
                "official": official,
                "colour": str(score.colour) if score and official else str(Rag.GREY),
                "colour_label": _colour_label(rep, score, official, labels),
                "url": _detail_url(government, rep) if rep else "",
                "open_url": reverse(
                    "monitoring:report-open",
                    kwargs={"gov": government.slug, "roadmap": r.uuid, "year": year, "quarter": quarter},
                ),
            }
        )
    year_lines = [
        {"year": y, "score": years[y], "label": labels[years[y].colour]}
        for y in sorted({y for y, _q in quarters}, reverse=True)
        if y in years
    ]
    return render(
        request,
        "monitoring/roadmap_quarters.html",
        {
            "government": government,
            "roadmap": r,
            "lines": lines,
            "year_lines": year_lines,
            # the road map's verified figures of its latest verified year (trend, focus nodes,
            # absorption), drawn by the dashboard's module so the unit and the city see one picture
            "summary": unit_summary(r, max(years, default=quarters[0][0]), thresholds) if quarters else None,
            "may_open": may_open,
            "thresholds": thresholds,
            "monitored": r.status == Roadmap.Status.ENACTED or r.unit_id is None,
        },
    )


@login_required
@require_POST
def report_open(request: HttpRequest, gov: str, roadmap: str, year: int, quarter: int) -> HttpResponse:
    government, r = _get_roadmap(request, gov, roadmap)
    if not 1 <= quarter <= 4:
        raise Http404(_("Halaman tidak ditemukan."))
    user = current_user(request)
    if not _may_open(user, r):
        raise PermissionDenied(_("Laporan triwulan dibuka oleh penyusun atau kepala perangkat daerah."))
    back = redirect("monitoring:roadmap-quarters", gov=government.slug, roadmap=r.uuid)
    if (year, quarter) > calendar.quarter_of(timezone.localdate()):
        messages.error(
            request, _("%(q)s %(y)s belum dimulai.") % {"q": calendar.quarter_label(quarter), "y": year}
        )
        return back
    try:
        report = services.open_report(actor=user, roadmap=r, year=year, quarter=quarter)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return back
    return redirect(_detail_url(government, report))


# The quarter page --------------------------------------------------------------------------------


@login_required
@require_GET
def report_detail(request: HttpRequest, gov: str, report: str) -> HttpResponse:
    government, rep = _get_report(request, gov, report)
    if request.htmx and request.GET.get("baris", "").isdigit():  # type: ignore[attr-defined]
        return _row_fragment(request, government, rep, int(request.GET["baris"]))
    return _render_detail(request, government, rep)


def _get_row(report: QuarterReport, row: int) -> Realisation:
    try:
        obj = Realisation.objects.select_related("action").get(report=report, pk=row)
    except Realisation.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    obj.report = report
    return obj


def _theirs(labels: list[tuple[str, str]]) -> str:
    return "; ".join(f"{label}: {value or '—'}" for label, value in labels)


def _row_form_page(
    request: HttpRequest,
    government: Government,
    report: QuarterReport,
    row: Realisation,
    form: Any,
    *,
    mode: str,
    refusal: str,
    status: int,
) -> HttpResponse:
    thresholds = services.settings_for(government)
    period = services.ensure_period(government, report.year, report.quarter)
    locked = services.is_locked(report, period)
    access = _access(request, government, report)
    context = _row_context(request, government, report, access, locked)
    context |= {
        "row": row,
        "r": _rows(government, report, thresholds, request.user, only=row.pk)[0]
        | {"number": _row_number(report, {"action_id": row.action_id})},
        "form": form,
        "mode": mode,
        "refusal": refusal,
        "action_url": f"{context['row_base']}{row.pk}/" + ("verifikasi/" if mode == "verify" else ""),
        "period": period,
    }
    template = "monitoring/report_row_form.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#form"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request: HttpRequest, gov: str, report: str, row: int) -> HttpResponse:
    """The unit's figures of one row: GET gives the form (a row for htmx, a page without), POST saves."""
    government, rep = _get_report(request, gov, report, need=WRITE)
    obj = _get_row(rep, row)
    period = services.ensure_period(government, rep.year, rep.quarter)
    refusal = _edit_refusal(rep, period, services.is_locked(rep, period))
    status = 200
    if request.method == "POST":
        form = RealisationForm(request.POST, auto_id=f"r{obj.pk}_%s")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.save_realisation(
                    actor=current_user(request), row=obj, data=data, version=form.cleaned_data["version"]
                )
            except StaleEdit as exc:
                status = 409
                form = _stale_form(RealisationForm, request, exc.current, _row_theirs(exc.current), "r")
            except ServiceError as exc:  # PeriodLocked included
                status = 422
                form.add_error(None, exc.message)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return _row_fragment(request, government, rep, obj.pk, saved=True)
                messages.success(request, _("Realisasi disimpan."))
                return redirect(f"{_detail_url(government, rep)}#r{obj.pk}")
        else:
            status = 422
    else:
        form = RealisationForm(initial=RealisationForm.initial_for(obj), auto_id=f"r{obj.pk}_%s")
    return _row_form_page(request, government, rep, obj, form, mode="edit", refusal=refusal, status=status)


def _row_theirs(current: Realisation) -> str:
    return _theirs(
        [
            (_("realisasi"), nilai(current.value)),
            (_("realisasi anggaran"), formatting.rupiah(current.budget_spent)),
            (_("kemajuan"), current.progress_note),
            (_("pendukung"), current.supporting_factors),
            (_("penghambat"), current.inhibiting_factors),
            (_("tindak lanjut"), current.follow_up),
        ]
    )


def _verify_theirs(current: Realisation) -> str:
    return _theirs(
        [
            (_("realisasi hasil verifikasi"), nilai(current.verified_value)),
            (_("anggaran hasil verifikasi"), formatting.rupiah(current.verified_budget)),
            (_("catatan verifikator"), current.verifier_note),
        ]
    )


def _stale_form(form_class: Any, request: HttpRequest, current: Realisation, theirs: str, prefix: str) -> Any:
    """The person's own values kept, the other person's shown, the version moved on so that saving
    again overwrites knowingly."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, auto_id=f"{prefix}{current.pk}_%s")
    form.is_valid()
    who = current.updated_by or _("Orang lain")
    form.add_error(
        None,
        _(
            "%(who)s menyimpan baris ini lebih dulu; isian Anda belum disimpan dan masih ada di bawah. "
            "Isian terbaru: %(t)s. Simpan lagi untuk menimpanya."
        )
        % {"who": who, "t": theirs},
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def row_verify(request: HttpRequest, gov: str, report: str, row: int) -> HttpResponse:
    """The verifier's figures of one row, beside the unit's, while the report is submitted."""
    government, rep = _get_report(request, gov, report, need=VERIFY)
    obj = _get_row(rep, row)
    refusal = (
        ""
        if rep.status == S.SUBMITTED
        else _("Verifikasi per baris hanya untuk laporan yang sudah diajukan.")
    )
    status = 200
    if request.method == "POST":
        form = VerifyRowForm(request.POST, auto_id=f"v{obj.pk}_%s")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.verify_row(
                    actor=current_user(request), row=obj, data=data, version=form.cleaned_data["version"]
                )
            except StaleEdit as exc:
                status = 409
                form = _stale_form(VerifyRowForm, request, exc.current, _verify_theirs(exc.current), "v")
            except ServiceError as exc:
                status = 422
                form.add_error(None, exc.message)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return _row_fragment(request, government, rep, obj.pk, saved=True)
                messages.success(request, _("Hasil verifikasi baris disimpan."))
                return redirect(f"{_detail_url(government, rep)}#r{obj.pk}")
        else:
            status = 422
    else:
        form = VerifyRowForm(initial=VerifyRowForm.initial_for(obj), auto_id=f"v{obj.pk}_%s")
    return _row_form_page(request, government, rep, obj, form, mode="verify", refusal=refusal, status=status)
