"""The reporting calendar as data: the quarters of a year with their due and lock dates, the
government's holidays, and the monitoring rules (RAG thresholds, calendar offsets, reminders).

Everyone with a role in the government reads the calendar; the Bagian Organisasi (admin) edits it,
each write audited by its service. Stored dates never move by themselves: when the holidays or the
rule change, the page shows the dates the rule would give now and offers "Hitung ulang".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import get_government, require_role, roles_in
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.lib.formatting import tanggal
from petajalan.monitoring import calendar, services
from petajalan.monitoring.models import Holiday, Period, Settings
from petajalan.roadmaps.forms import NumberField
from petajalan.roadmaps.models import Roadmap

ADMIN = Membership.Role.ADMIN
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEARS = (2000, 2100)


# Forms -----------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """A quarter's due and lock dates."""

    due_on = forms.DateField(label=gettext_lazy("Batas laporan"), widget=DATE)
    locks_on = forms.DateField(label=gettext_lazy("Dikunci mulai"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, locks = data.get("due_on"), data.get("locks_on")
        if due and locks and locks < due:
            self.add_error(
                "locks_on",
                _("Tanggal dikunci (%(l)s) tidak boleh sebelum batas laporan (%(d)s).")
                % {"l": tanggal(locks), "d": tanggal(due)},
            )
        return data


class HolidayForm(forms.Form):
    """A day off added by the admin (cuti bersama, a local holiday)."""

    on = forms.DateField(label=gettext_lazy("Tanggal"), widget=DATE)
    name = forms.CharField(label=gettext_lazy("Keterangan"), max_length=150)

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise forms.ValidationError(_("Tahun di luar jangkauan kalender."))
        return day


class SettingsForm(forms.Form):
    """RAG thresholds and calendar offsets; ``version`` is the row version the form was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    green_from = NumberField(label=gettext_lazy("Hijau mulai (%)"), required=True)
    amber_from = NumberField(label=gettext_lazy("Kuning mulai (%)"), required=True)
    due_working_days = forms.IntegerField(
        label=gettext_lazy("Batas laporan (hari kerja setelah triwulan berakhir)"), min_value=1, max_value=60
    )
    lock_days = forms.IntegerField(
        label=gettext_lazy("Dikunci (hari kalender setelah batas laporan)"), min_value=0, max_value=60
    )
    remind_days_before = forms.IntegerField(
        label=gettext_lazy("Pengingat (hari sebelum batas laporan)"), min_value=0, max_value=30
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("green_from", "amber_from"):
            value = data.get(name)
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                self.add_error(name, _("Isi persentase antara 0 dan 100."))
        green, amber = data.get("green_from"), data.get("amber_from")
        if green is not None and amber is not None and amber > green and not self.has_error("amber_from"):
            self.add_error(
                "amber_from",
                _("Batas kuning (%(a)s%%) tidak boleh lebih tinggi dari batas hijau (%(g)s%%).")
                % {"a": _number(amber), "g": _number(green)},
            )
        return data


# Permission helper -----------------------------------------------------------------------------


def _government(request: HttpRequest, gov: str, *, write: bool = False) -> Government:
    """The government in the URL: 404 without a role there; with ``write``, 403 unless admin."""
    government = get_government(request, gov)
    if write:
        require_role(request, government, ADMIN)
    return government


def _calendar_url(government: Government, year: int) -> str:
    return reverse("monitoring:calendar", kwargs={"gov": government.slug}) + f"?tahun={year}"


def _year_from(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun") or today.year)
    except ValueError:
        return today.year
    return year if YEARS[0] <= year <= YEARS[1] else today.year


def _state(period: Period, today: dt.date) -> tuple[str, str]:
    """(css badge, label) of a period today."""
    if today >= period.locks_on:
        return "badge-error", _("dikunci")
    if today > period.due_on:
        return "badge-warn", _("lewat batas, belum dikunci")
    if today > calendar.quarter_end(period.year, period.quarter):
        return "badge-ok", _("masa pelaporan")
    if today >= calendar.quarter_start(period.year, period.quarter):
        return "", _("triwulan berjalan")
    return "", _("belum mulai")


def _calendar_context(
    request: HttpRequest, government: Government, year: int, holiday_form: HolidayForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    rules = services.settings_for(government)
    periods = [services.ensure_period(government, year, q) for q in (1, 2, 3, 4)]
    days_off = services.holidays_of(government, [year, year + 1])
    rows = []
    for period in periods:
        # what the rule gives now (as services.default_period_dates, with one read of the holidays)
        due, locks = calendar.default_dates(
            year,
            period.quarter,
            due_working_days=rules.due_working_days,
            lock_days=rules.lock_days,
            holidays=days_off,
        )
        badge, label = _state(period, today)
        rows.append(
            {
                "period": period,
                "label": calendar.quarter_label(period.quarter),
                "ends_on": calendar.quarter_end(year, period.quarter),
                "badge": badge,
                "state": label,
                "rule_due": due,
                "rule_locks": locks,
                "differs": (due, locks) != (period.due_on, period.locks_on),
            }
        )
    span = Roadmap.objects.filter(government=government).aggregate(lo=Min("start_year"), hi=Max("end_year"))
    first = min(span["lo"] or today.year, today.year - 1, year)
    last = max(span["hi"] or today.year, today.year + 1, year)
    holidays = Holiday.objects.filter(government=government, on__year=year).order_by("on")
    return {
        "government": government,
        "year": year,
        "years": range(first, last + 1),
        "rows": rows,
        "any_differs": any(r["differs"] for r in rows),
        "holidays": holidays,
        "rules": rules,
        "holiday_form": holiday_form or HolidayForm(initial={"on": dt.date(year, 1, 1)}),
        "can_edit": ADMIN in roles_in(request.user, government),
        "today": today,
    }


# Views -----------------------------------------------------------------------------------------


@login_required
@require_GET
def calendar_page(request: HttpRequest, gov: str) -> HttpResponse:
    """The periods of a year with due and lock dates, the holidays, and the rules."""
    government = _government(request, gov)
    year = _year_from(request)
    return render(request, "monitoring/calendar.html", _calendar_context(request, government, year))


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, gov: str, year: int, quarter: int) -> HttpResponse:
    """The admin sets a quarter's due and lock dates, or recomputes them from the current rule."""
    government = _government(request, gov, write=True)
    if not (YEARS[0] <= year <= YEARS[1] and 1 <= quarter <= 4):
        raise Http404(_("Halaman tidak ditemukan."))
    period = services.ensure_period(government, year, quarter)
    if request.method == "POST" and request.POST.get("hitung_ulang"):
        try:
            period = services.recompute_period(actor=request.user, period=period)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(q)s %(y)s dihitung ulang: batas laporan %(d)s, dikunci mulai %(l)s.")
                % {
                    "q": calendar.quarter_label(quarter),
                    "y": year,
                    "d": tanggal(period.due_on),
                    "l": tanggal(period.locks_on),
                },
            )
        return redirect(_calendar_url(government, year))
    form = PeriodForm(
        request.POST if request.method == "POST" else None,
        initial={"due_on": period.due_on, "locks_on": period.locks_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.update_period(
                actor=request.user,
                period=period,
                due_on=form.cleaned_data["due_on"],
                locks_on=form.cleaned_data["locks_on"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Kalender %(q)s %(y)s disimpan: batas laporan %(d)s, dikunci mulai %(l)s.")
                % {
                    "q": calendar.quarter_label(quarter),
                    "y": year,
                    "d": tanggal(period.due_on),
                    "l": tanggal(period.locks_on),
                },
            )
            return redirect(_calendar_url(government, year))
    due, locks = services.default_period_dates(government, year, quarter)
    return render(
        request,
        "monitoring/calendar_period.html",
        {
            "government": government,
            "period": period,
            "label": calendar.quarter_label(quarter),
            "form": form,
            "ends_on": calendar.quarter_end(year, quarter),
            "rule_due": due,
            "rule_locks": locks,
            "rules": services.settings_for(government),
        },
    )


@login_required
@require_POST
def holiday_add(request: HttpRequest, gov: str) -> HttpResponse:
    """The admin adds a day off; stored periods keep their dates until recomputed."""
    government = _government(request, gov, write=True)
    form = HolidayForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["on"]
        try:
            services.add_holiday(
                actor=request.user, government=government, on=day, name=form.cleaned_data["name"]
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Hari libur %(d)s ditambahkan. Tanggal batas dan kunci yang sudah tersimpan tidak "
                    "berubah; pakai “Hitung ulang” pada triwulan yang terpengaruh."
                )
                % {"d": tanggal(day)},
            )
            return redirect(_calendar_url(government, day.year))
    year = form.cleaned_data["on"].year if form.cleaned_data.get("on") else _year_from(request)
    context = _calendar_context(request, government, year, holiday_form=form)
    return render(request, "monitoring/calendar.html", context, status=400)


@login_required
@require_POST
def holiday_delete(request: HttpRequest, gov: str, holiday: int) -> HttpResponse:
    """The admin removes a day off; stored periods keep their dates until recomputed."""
    government = _government(request, gov, write=True)
    obj = get_object_or_404(Holiday, pk=holiday, government=government)
    services.delete_holiday(actor=request.user, holiday=obj)
    messages.success(
        request,
        _(
            "Hari libur %(d)s (%(n)s) dihapus. Tanggal batas dan kunci yang sudah tersimpan tidak "
            "berubah; pakai “Hitung ulang” pada triwulan yang terpengaruh."
        )
        % {"d": tanggal(obj.on), "n": obj.name},
    )
    return redirect(_calendar_url(government, obj.on.year))


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, gov: str) -> HttpResponse:
    """The admin sets the RAG thresholds, the calendar offsets and the reminder lead time."""
    government = _government(request, gov, write=True)
    rules = services.settings_for(government)
    initial = {name: getattr(rules, name) for name in services.SETTINGS_FIELDS} | {"version": rules.version}
    for name in ("green_from", "amber_from"):
        initial[name] = _number(initial[name])
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                actor=request.user,
                settings=rules,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version") or 0,
            )
        except StaleEdit as exc:
            stale = _stale_changes(exc.current, form)
            # the next save is made knowingly over the other person's values
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = SettingsForm(data, initial=initial)
            form.is_valid()
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Pengaturan pemantauan disimpan. Warna dihitung dengan batas baru; tanggal triwulan "
                    "yang sudah tersimpan tidak berubah (pakai “Hitung ulang” di kalender bila perlu)."
                ),
            )
            return redirect("monitoring:calendar", gov=government.slug)
    return render(
        request,
        "monitoring/settings_form.html",
        {"government": government, "form": form, "stale": stale, "rules": rules},
        status=409 if stale else 200,
    )


def _number(value: Decimal | int) -> str:
    """90.0 → '90', 92.5 → '92,5' (typed back the Indonesian way)."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def _stale_changes(current: Settings, form: SettingsForm) -> list[dict[str, str]]:
    """The fields where the saved settings differ from what this person typed."""
    rows = []
    for name in services.SETTINGS_FIELDS:
        theirs, mine = getattr(current, name), form.cleaned_data.get(name)
        if mine is not None and Decimal(theirs) != Decimal(mine):
            rows.append(
                {
                    "label": str(form.fields[name].label),
                    "theirs": _number(Decimal(theirs)),
                    "mine": _number(Decimal(mine)),
                }
            )
    return rows
