"""Reminders to report a quarter, in the app and by e-mail, to the unit's drafters and head (the
admins for the city road map).

``send_reminders`` runs daily (``petajalan send_reminders``, a cron line or the worker's daily task):
for each government and each quarter whose reporting window is near, every monitored road map whose
report is not submitted gets one reminder ``remind_days_before`` days before the due date
(BEFORE_DUE) and one after the due date while the quarter is not yet locked (OVERDUE: after the lock
nothing can be submitted, and the admin's chase list takes over). Each is sent once: the
``ReminderSent`` row is inserted first, in the same transaction as the notices, so two workers
running at once never send twice, and a failed run sends again the next day.

Monitored road maps: unit road maps once enacted; the city road map once enacted or once a quarter
has been opened on it (monitoring of the city road map does not wait for its enactment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government
from petajalan.accounts.services import ServiceError
from petajalan.lib.formatting import tanggal
from petajalan.monitoring import calendar, services
from petajalan.monitoring.models import Period, QuarterReport, ReminderSent
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services.notify import notify, unit_people

K = ReminderSent.Kind
S = QuarterReport.Status
DONE = (S.SUBMITTED, S.VERIFIED)


@dataclass(frozen=True)
class Reminder:
    """One reminder that went out."""

    government: str  # slug
    roadmap: Roadmap
    year: int
    quarter: int
    kind: str
    due_on: dt.date
    recipients: int
    message: str


def kind_on(period: Period, remind_days_before: int, today: dt.date) -> str | None:
    """Which reminder a not-submitted report of ``period`` is due on ``today``, if any."""
    if period.due_on - dt.timedelta(days=remind_days_before) <= today <= period.due_on:
        return K.BEFORE_DUE
    if period.due_on < today < period.locks_on:
        return K.OVERDUE
    return None


def _whose(roadmap: Roadmap) -> str:
    return roadmap.unit.name if roadmap.unit else roadmap.government.name


def reminder_message(roadmap: Roadmap, period: Period, today: dt.date, *, manual: bool = False) -> str:
    """ "Laporan pemantauan TW I 2026 Dinas Kesehatan jatuh tempo 14 April 2026 (7 hari lagi)." """
    names = {
        "tw": calendar.quarter_label(period.quarter),
        "y": period.year,
        "who": _whose(roadmap),
        "due": tanggal(period.due_on),
        "locks": tanggal(period.locks_on),
    }
    days = (period.due_on - today).days
    if days == 0:
        text = _("Laporan pemantauan %(tw)s %(y)s %(who)s jatuh tempo hari ini, %(due)s.") % names
    elif days > 0:
        text = ngettext(
            "Laporan pemantauan %(tw)s %(y)s %(who)s jatuh tempo %(due)s (%(n)s hari lagi).",
            "Laporan pemantauan %(tw)s %(y)s %(who)s jatuh tempo %(due)s (%(n)s hari lagi).",
            days,
        ) % {**names, "n": days}
    else:
        text = ngettext(
            "Laporan pemantauan %(tw)s %(y)s %(who)s terlambat: jatuh tempo %(due)s (%(n)s hari lalu). "
            "Ajukan sebelum triwulan dikunci pada %(locks)s.",
            "Laporan pemantauan %(tw)s %(y)s %(who)s terlambat: jatuh tempo %(due)s (%(n)s hari lalu). "
            "Ajukan sebelum triwulan dikunci pada %(locks)s.",
            -days,
        ) % {**names, "n": -days}
        if today >= period.locks_on:
            text = (
                _(
                    "Laporan pemantauan %(tw)s %(y)s %(who)s belum diajukan; triwulan sudah dikunci sejak "
                    "%(locks)s. Hubungi Bagian Organisasi untuk membuka kembali laporan."
                )
                % names
            )
    if manual:
        text = _("Pengingat dari Bagian Organisasi: %(t)s") % {"t": text[0].lower() + text[1:]}
    return text


def reminder_url(roadmap: Roadmap, report: QuarterReport | None) -> str:
    """The report when it exists, else the road map's quarters page (where the quarter is opened)."""
    slug = roadmap.government.slug
    if report is not None:
        return reverse("monitoring:report-detail", kwargs={"gov": slug, "report": report.uuid})
    return reverse("monitoring:roadmap-quarters", kwargs={"gov": slug, "roadmap": roadmap.uuid})


def monitored_roadmaps(government: Government, year: int) -> Any:
    """The road maps whose quarters of ``year`` are reported: enacted unit road maps; the city road
    map when enacted or once a quarter was opened on it."""
    opened = QuarterReport.objects.filter(roadmap=OuterRef("pk"))
    return (
        Roadmap.objects.filter(government=government, start_year__lte=year, end_year__gte=year)
        .alias(has_report=Exists(opened))
        .filter(Q(status=Roadmap.Status.ENACTED) | Q(unit__isnull=True, has_report=True))
        .select_related("unit", "government")
        .order_by("unit__code", "pk")
    )


def _candidate_quarters(today: dt.date) -> list[tuple[int, int]]:
    """The quarters whose reporting window can include ``today``: this one and the two before."""
    current = calendar.quarter_of(today)
    previous = calendar.previous_quarter(*current)
    return [calendar.previous_quarter(*previous), previous, current]


def send_reminders(today: dt.date | None = None) -> list[Reminder]:
    """Send the reminders due on ``today`` (default: today, local time) that were not sent yet;
    return those sent. Idempotent: a second run on the same day sends nothing."""
    today = today or timezone.localdate()
    sent: list[Reminder] = []
    for government in Government.objects.order_by("slug"):
        rules = services.settings_for(government)
        for year, quarter in _candidate_quarters(today):
            period = services.ensure_period(government, year, quarter)
            kind = kind_on(period, rules.remind_days_before, today)
            if kind is None:
                continue
            sent += _send_for_period(government, period, kind, today)
    return sent


def _send_for_period(government: Government, period: Period, kind: str, today: dt.date) -> list[Reminder]:
    year, quarter = period.year, period.quarter
    roadmaps = list(monitored_roadmaps(government, year))
    reports = {
        r.roadmap_id: r
        for r in QuarterReport.objects.filter(roadmap__in=roadmaps, year=year, quarter=quarter).only(
            "pk", "uuid", "roadmap_id", "status"
        )
    }
    already = set(
        ReminderSent.objects.filter(roadmap__in=roadmaps, year=year, quarter=quarter, kind=kind).values_list(
            "roadmap_id", flat=True
        )
    )
    sent = []
    for roadmap in roadmaps:
        report = reports.get(roadmap.pk)
        if roadmap.pk in already or (report is not None and report.status in DONE):
            continue
        people = unit_people(roadmap)
        if not people:
            continue  # nobody to tell yet: try again tomorrow, when someone may have been added
        message = reminder_message(roadmap, period, today)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    mark = ReminderSent.objects.create(
                        government=government, roadmap=roadmap, year=year, quarter=quarter, kind=kind
                    )
            except IntegrityError:
                continue  # another worker took this one
            count = notify(people, roadmap, message, url=reminder_url(roadmap, report))
            ReminderSent.objects.filter(pk=mark.pk).update(recipients=count)
        sent.append(Reminder(government.slug, roadmap, year, quarter, kind, period.due_on, count, message))
    return sent


def remind_now(*, actor: Any, roadmap: Roadmap, year: int, quarter: int) -> int:
    """The admin's one-click reminder from the chase list: notify the unit's people now (however
    often it is pressed; no ``ReminderSent`` row), audited; returns how many were told."""
    if roadmap.unit_id is not None and roadmap.status != Roadmap.Status.ENACTED:
        raise ServiceError(_("Road map ini belum ditetapkan, jadi belum dipantau per triwulan."))
    report = QuarterReport.objects.filter(roadmap=roadmap, year=year, quarter=quarter).first()
    if report is not None and report.status in DONE:
        raise ServiceError(
            _("Laporan %(tw)s %(y)s sudah %(s)s; tidak perlu diingatkan.")
            % {
                "tw": calendar.quarter_label(quarter),
                "y": year,
                "s": report.get_status_display().lower(),
            }
        )
    period = services.ensure_period(roadmap.government, year, quarter)
    message = reminder_message(roadmap, period, timezone.localdate(), manual=True)
    people = unit_people(roadmap)
    with transaction.atomic():
        count = notify(people, roadmap, message, actor=actor, url=reminder_url(roadmap, report))
        record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=roadmap,
            government=roadmap.government,
            object_type="monitoring.reminder",
            summary=_("Pengingat laporan %(tw)s %(y)s dikirim ke %(n)s orang")
            % {"tw": calendar.quarter_label(quarter), "y": year, "n": count},
            after={"year": year, "quarter": quarter, "recipients": count, "message": message},
        )
    return count
