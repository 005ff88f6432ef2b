"""The reporting calendar: quarters, working days, due and lock dates. Pure: no database.

Default (domain brief §5b): a quarter's report is due ``due_working_days`` working days after the
quarter ends (weekends and the government's holidays skipped) and the quarter locks ``lock_days``
calendar days after that. Governments store the result as ``Period`` rows and may edit them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

DAY = dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: int) -> str:
    """'TW I' … 'TW IV', as quarters are written in Indonesian reports."""
    return "TW " + ("I", "II", "III", "IV")[quarter - 1]


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - DAY


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date]) -> dt.date:
    """The date ``days`` working days after ``start`` (Monday–Friday, skipping ``holidays``)."""
    off = set(holidays)
    day = start
    counted = 0
    while counted < days:
        day += DAY
        if day.weekday() < 5 and day not in off:
            counted += 1
    return day


def default_dates(
    year: int, quarter: int, *, due_working_days: int, lock_days: int, holidays: Iterable[dt.date]
) -> tuple[dt.date, dt.date]:
    """(due date, lock date) of a quarter under the default rule."""
    due = add_working_days(quarter_end(year, quarter), due_working_days, holidays)
    return due, due + dt.timedelta(days=lock_days)


def indonesian_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """Public holidays and cuti bersama of Indonesia from the ``holidays`` package (Indonesian names)."""
    import holidays

    found: dict[dt.date, str] = {}
    for year in years:
        calendar = holidays.country_holidays(
            "ID", years=year, language="id", categories=("government", "public")
        )
        for day, name in sorted(calendar.items()):
            found[day] = name
    return found
