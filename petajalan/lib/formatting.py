"""Indonesian formatting of dates, money and numbers, independent of the active locale."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def tanggal(value: dt.date | dt.datetime | None, language: str = "id") -> str:
    """'28 November 2026': no leading zero, month in full (EYD, §6a of the domain brief).

    ``language="en"`` gives '28 November 2026' with English month names, for the English UI;
    documents always use the Indonesian default."""
    if value is None:
        return ""
    months = MONTHS_EN if language.startswith("en") else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"


def angka(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Dot thousands, comma decimals: 1.250.000,50."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if decimals else f"{sign}{text}"


def rupiah(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """'Rp1.250.000' (no space after Rp); decimals=2 gives 'Rp1.250.000,00'."""
    if value is None:
        return ""
    text = angka(value, decimals)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"
