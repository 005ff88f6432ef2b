"""Reading one cell of a spreadsheet the way Indonesian offices type it.

Numbers: '1.250.000,50', 'Rp 1.250.000', '75 %', '2,6' or '2.6' (a lone dot followed by three digits
is a thousands separator: '1.250' is 1250); Excel percent formats are scaled back to 75, not 0.75.
Dates: real dates, Excel serial numbers, '28 November 2026', '28/11/2026', '2026-11-28'.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from petajalan.lib.formatting import MONTHS_ID
from petajalan.reports import xlsx_format as fmt


class CellError(ValueError):
    """A cell value that cannot be read; the message is shown to the user as is."""


_NUMBER_TEXT = re.compile(r"^[+-]?[\d.,]+$")
_QUOTED = re.compile(r'"[^"]*"|\\.')
_MONTHS = {m.casefold(): i + 1 for i, m in enumerate(MONTHS_ID)}
_MONTHS.update(
    {
        m.casefold(): i + 1
        for i, m in enumerate(
            [
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
            ]
        )
    }
)
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS.update({"agt": 8, "agu": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11})


def _is_percent_format(number_format: str | None) -> bool:
    """Excel's own percent formats scale by 100 (typing 75% stores 0,75); quoted '%' does not."""
    return "%" in _QUOTED.sub("", number_format or "")


def parse_decimal(value: Any, number_format: str | None = None) -> Decimal | None:
    """Numbers as cells or as text: '1.250.000,50', 'Rp 1.250.000', '75 %', '2,6' or '2.6'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, dt.date, dt.datetime, dt.time)):
        raise CellError(_("Isi sel ini harus angka."))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise CellError(_("Isi sel ini harus angka."))
        return number * 100 if _is_percent_format(number_format) else number
    text = str(value).strip().replace("\u00a0", " ")
    shown = text
    text = re.sub(r"^(rp\.?)\s*", "", text, flags=re.I)
    text = re.sub(r"\s*%$", "", text).replace(" ", "")
    if not _NUMBER_TEXT.match(text) or not re.search(r"\d", text):
        raise CellError(_("“%(shown)s” bukan angka. Tulis misalnya 1.250.000,50 atau 75.") % {"shown": shown})
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("+-")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
    elif commas:
        decimal_sep, thousands = (",", ".") if commas == 1 else (".", ",")
    elif dots > 1 or re.match(r"^\d{1,3}\.\d{3}$", text):
        decimal_sep, thousands = ",", "."  # Indonesian thousands: 1.250 is one thousand two hundred fifty
    else:
        decimal_sep, thousands = ".", ","
    whole, _sep, fraction = text.partition(decimal_sep)
    if decimal_sep in fraction or thousands in fraction:
        raise CellError(
            _("“%(shown)s” bukan angka yang jelas: pemisah desimal lebih dari satu.") % {"shown": shown}
        )
    groups = whole.split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise CellError(
            _("“%(shown)s”: pemisah ribuan tidak pada tempatnya. Tulis misalnya 1.250.000,50.")
            % {"shown": shown}
        )
    try:
        return Decimal(f"{sign}{''.join(groups) or '0'}.{fraction or '0'}")
    except InvalidOperation as exc:
        raise CellError(_("“%(shown)s” bukan angka.") % {"shown": shown}) from exc


def parse_year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or not 1990 <= number <= 2100:
        raise CellError(_("“%(value)s” bukan tahun. Tulis empat angka, misalnya 2026.") % {"value": value})
    return int(number)


def parse_date(value: Any) -> dt.date | None:
    """Real dates, Excel serial numbers, or text: 28 November 2026, 28/11/2026, 2026-11-28."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            result = from_excel(value)
        except (ValueError, OverflowError, TypeError) as exc:
            raise CellError(_("“%(value)s” bukan tanggal.") % {"value": value}) from exc
        if isinstance(result, dt.datetime):
            return result.date()
        if isinstance(result, dt.date):
            return result
        raise CellError(_("“%(value)s” bukan tanggal.") % {"value": value})
    text = str(value).strip()
    try:
        if m := re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.match(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$", text):
            month = _MONTHS.get(m[2].casefold())
            if month:
                return dt.date(int(m[3]), month, int(m[1]))
    except ValueError as exc:
        raise CellError(_("“%(text)s” bukan tanggal yang ada di kalender.") % {"text": text}) from exc
    raise CellError(
        _("“%(text)s” bukan tanggal. Tulis misalnya 28 November 2026 atau 28/11/2026.") % {"text": text}
    )


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return fmt.YES if value else fmt.NO
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
