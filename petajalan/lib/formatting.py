"""Indonesian formatting of dates, money and numbers, independent of the active locale."""

from __future__ import annotations

import datetime as dt
import re
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
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if not number:
        number = abs(number)  # never "-0"
    # Python groups with "," and marks decimals with "."; Indonesian swaps the two
    return f"{number:,f}".translate(_SWAP_SEPARATORS)


_SWAP_SEPARATORS = str.maketrans(",.", ".,")


def rupiah(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """'Rp1.250.000' (no space after Rp); decimals=2 gives 'Rp1.250.000,00'."""
    if value is None:
        return ""
    text = angka(value, decimals)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"


def regulation_number(text: str) -> str:
    """The number alone, as "NOMOR 7 TAHUN 2025" prints it: people often type the whole citation
    ("Perwal Nomor 7 Tahun 2025", "Perwal 7/2025")."""
    text = (text or "").strip()
    cited = re.search(r"(?i)\bnomor\s+([\w.-]+)", text)
    if cited:
        return cited.group(1)
    slashed = re.search(r"([\w.-]+)\s*/\s*\d{4}$", text)
    if slashed:
        return slashed.group(1)
    return text


# every control character except the newline (a tab is turned into a space first)
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` without control characters: they print nothing and XML (DOCX, SVG) refuses them.

    A tab becomes a space, a newline stays a line break."""
    return _CONTROL.sub(lambda m: " " if m.group() == "\t" else "", text)


def is_printable(text: str) -> bool:
    """Whether ``text`` holds no control character other than the newline."""
    return _CONTROL.search(text) is None
