"""Template filters for Indonesian formatting, available in every template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone, translation

from petajalan.lib import formatting
from petajalan.lib.codes import format_nip

register = template.Library()


@register.filter
def tanggal(value: dt.date | dt.datetime | None) -> str:
    """28 November 2026 (local time for datetimes)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formatting.tanggal(value, translation.get_language() or "id")


@register.filter
def rupiah(value: int | float | Decimal | None) -> str:
    return formatting.rupiah(value)


@register.filter
def angka(value: int | float | Decimal | None, decimals: int = 0) -> str:
    return formatting.angka(value, decimals)


@register.filter
def nip(value: str | None) -> str:
    return format_nip(value) if value else ""
