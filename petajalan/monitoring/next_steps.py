"""Monitoring's next steps on a government's home page, per role: the quarter to report (or fix,
or submit) for the unit's people, the verification queue and the late units for the Bagian
Organisasi. A constant number of queries whatever the number of units."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership
from petajalan.accounts.querysets import active_memberships
from petajalan.lib.formatting import tanggal
from petajalan.monitoring import calendar, services
from petajalan.monitoring.models import Period, QuarterReport
from petajalan.monitoring.reminders import DONE, monitored_roadmaps, reminder_url

R = Membership.Role
S = QuarterReport.Status


def reporting_period(government: Any, today: dt.date) -> Period:
    """The quarter people report now: the one just ended until it locks, then the running one."""
    ended = calendar.previous_quarter(*calendar.quarter_of(today))
    period = services.ensure_period(government, *ended)
    if today < period.locks_on:
        return period
    return services.ensure_period(government, *calendar.quarter_of(today))


@register
def monitoring_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    if not roles & {R.DRAFTER, R.UNIT_HEAD, R.ADMIN, R.REVIEWER}:
        return []
    today = timezone.localdate()
    period = reporting_period(government, today)
    steps: list[NextStep] = []
    if roles & {R.DRAFTER, R.UNIT_HEAD, R.ADMIN}:
        steps += _own_report_steps(request, government, roles, period, today)
    if roles & {R.ADMIN, R.REVIEWER}:
        steps += _verifier_steps(request, government, roles, period, today)
    return steps


def _own_report_steps(
    request: HttpRequest, government: Any, roles: set[str], period: Period, today: dt.date
) -> list[NextStep]:
    """The report of the user's unit (the city road map's for admins) for the reporting quarter."""
    memberships = list(
        active_memberships(request.user)
        .filter(government=government, role__in=[R.DRAFTER, R.UNIT_HEAD], unit__isnull=False)
        .values_list("unit_id", "role")
    )
    mine = {unit_id for unit_id, _role in memberships}
    heads = {unit_id for unit_id, role in memberships if role == R.UNIT_HEAD}
    scope = Q(unit_id__in=mine)
    if R.ADMIN in roles:
        scope |= Q(unit__isnull=True)
    roadmaps = list(monitored_roadmaps(government, period.year).filter(scope))
    if not roadmaps:
        return []
    reports = {
        r.roadmap_id: r
        for r in QuarterReport.objects.filter(roadmap__in=roadmaps, year=period.year, quarter=period.quarter)
        .annotate(missing=Count("realisations", filter=Q(realisations__value__isnull=True)))
        .select_related("roadmap__government")
    }
    names = {"tw": calendar.quarter_label(period.quarter), "y": period.year, "due": tanggal(period.due_on)}
    late_days = (today - period.due_on).days
    steps = []
    for roadmap in roadmaps:
        report = reports.get(roadmap.pk)
        url = reminder_url(roadmap, report)
        who = (roadmap.unit.short_name or roadmap.unit.name) if roadmap.unit else _("road map kota")
        if report is not None and report.status == S.RETURNED:
            steps.append(
                NextStep(
                    title=_("Laporan pemantauan %(tw)s %(y)s dikembalikan: perbaiki") % names,
                    description=_("%(who)s · catatan pemeriksa: “%(note)s”. Tanggapi lalu ajukan lagi.")
                    % {"who": who, "note": report.return_note[:200]},
                    url=url,
                    action=_("Perbaiki laporan"),
                    priority=5,
                )
            )
            continue
        if report is not None and report.status in DONE:
            steps.append(
                NextStep(
                    title=_("Laporan pemantauan %(tw)s %(y)s %(s)s")
                    % {**names, "s": report.get_status_display().lower()},
                    description=_("%(who)s · tidak ada yang perlu dikerjakan untuk triwulan ini.")
                    % {"who": who},
                    url=url,
                    action=_("Lihat laporan"),
                    priority=40,
                    done=True,
                )
            )
            continue
        ready = report is not None and report.missing == 0
        if ready and (roadmap.unit_id in heads or (roadmap.unit_id is None and R.ADMIN in roles)):
            steps.append(
                NextStep(
                    title=_("Ajukan laporan pemantauan %(tw)s %(y)s") % names,
                    description=_(
                        "%(who)s · semua realisasi sudah diisi; periksa lalu ajukan sebelum %(due)s."
                    )
                    % {**names, "who": who},
                    url=url,
                    action=_("Ajukan laporan"),
                    priority=8,
                )
            )
            continue
        if late_days > 0:
            detail = ngettext(
                "%(who)s · terlambat %(n)s hari; triwulan dikunci mulai %(locks)s.",
                "%(who)s · terlambat %(n)s hari; triwulan dikunci mulai %(locks)s.",
                late_days,
            ) % {"who": who, "n": late_days, "locks": tanggal(period.locks_on)}
        elif today <= calendar.quarter_end(period.year, period.quarter):
            detail = _("%(who)s · triwulan berjalan sampai %(end)s; realisasi boleh diisi sambil jalan.") % {
                "who": who,
                "end": tanggal(calendar.quarter_end(period.year, period.quarter)),
            }
        elif report is None:
            detail = _("%(who)s · buka triwulan lalu isi realisasi tiap rencana aksi.") % {"who": who}
        else:
            detail = ngettext(
                "%(who)s · %(n)s rencana aksi belum diisi realisasinya.",
                "%(who)s · %(n)s rencana aksi belum diisi realisasinya.",
                report.missing,
            ) % {"who": who, "n": report.missing}
        if late_days > 0:
            priority = 6
        elif today > calendar.quarter_end(period.year, period.quarter):
            priority = 12
        else:
            priority = 30  # the running quarter: worth knowing, not yet urgent
        steps.append(
            NextStep(
                title=_("Laporan pemantauan %(tw)s %(y)s jatuh tempo %(due)s") % names,
                description=detail,
                url=url,
                action=_("Isi laporan"),
                priority=priority,
            )
        )
    return steps


def _verifier_steps(
    request: HttpRequest, government: Any, roles: set[str], period: Period, today: dt.date
) -> list[NextStep]:
    """Reports waiting for the user's verification; for the admin, the units late with the quarter."""
    chase = reverse("monitoring:chase-list", kwargs={"gov": government.slug})
    steps = []
    queue = list(
        QuarterReport.objects.verifiable_by(request.user)
        .filter(government=government, status=S.SUBMITTED)
        .order_by("year", "quarter", "submitted_at", "pk")
        .values_list("uuid", "year", "quarter")
    )
    waiting = len(queue)
    if waiting:
        # one report: straight to it; more: the chase list at the oldest one's quarter
        first, year, quarter = queue[0]
        steps.append(
            NextStep(
                title=ngettext(
                    "%(n)s laporan menunggu verifikasi", "%(n)s laporan menunggu verifikasi", waiting
                )
                % {"n": waiting},
                description=_(
                    "Periksa realisasi dan data dukungnya, lalu verifikasi atau kembalikan dengan catatan."
                ),
                url=reverse("monitoring:report-detail", kwargs={"gov": government.slug, "report": first})
                if waiting == 1
                else f"{chase}?{urlencode({'tahun': year, 'tw': quarter})}",
                action=_("Buka laporan") if waiting == 1 else _("Buka daftar tindak lanjut"),
                priority=10,
            )
        )
    if R.ADMIN in roles and today > period.due_on:
        done = QuarterReport.objects.filter(
            government=government, year=period.year, quarter=period.quarter, status__in=DONE
        ).values("roadmap_id")
        late = (
            monitored_roadmaps(government, period.year)
            .filter(unit__isnull=False)
            .exclude(pk__in=done)
            .values("unit_id")
            .distinct()
            .count()
        )
        if late:
            steps.append(
                NextStep(
                    title=ngettext(
                        "%(n)s perangkat daerah terlambat", "%(n)s perangkat daerah terlambat", late
                    )
                    % {"n": late},
                    description=_("Laporan pemantauan %(tw)s %(y)s belum diajukan; batasnya %(due)s.")
                    % {
                        "tw": calendar.quarter_label(period.quarter),
                        "y": period.year,
                        "due": tanggal(period.due_on),
                    },
                    url=chase,
                    action=_("Ingatkan"),
                    priority=11,
                )
            )
    return steps
