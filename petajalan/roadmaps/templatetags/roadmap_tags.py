"""Filters of the road-map screens."""

from __future__ import annotations

from decimal import Decimal

from django import template

from petajalan.lib.formatting import angka

register = template.Library()


@register.filter
def nilai(value: Decimal | int | None) -> str:
    """A target as typed: 1.250,5 (thousands dots, decimals only when there are some)."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return angka(number, decimals)


@register.filter
def field_of(form: object, name: str) -> object:
    """``form|field_of:"target_2026"``: a bound field by a computed name."""
    return form[name]  # type: ignore[index]
