"""Filters of the road-map screens."""

from __future__ import annotations

import functools
from decimal import Decimal

from django import template

from petajalan.lib.formatting import angka

register = template.Library()


@register.filter
def nilai(value: Decimal | int | None) -> str:
    """A target as typed: 1.250,5 (thousands dots, decimals only when there are some)."""
    if value is None:
        return ""
    return _nilai(value)


@functools.lru_cache(maxsize=4096)
def _nilai(value: Decimal | int) -> str:
    # equal numbers print alike (normalised), so a page's repeated targets are formatted once
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return angka(number, decimals)


@register.filter
def field_of(form: object, name: str) -> object:
    """``form|field_of:"target_2026"``: a bound field by a computed name."""
    return form[name]  # type: ignore[index]


@register.simple_tag(takes_context=True)
def matrix_row(context: template.Context, row: dict) -> str:
    """``{% matrix_row a %}``: one row of the action matrix, written in Python (matrix_rows.py); what
    the rows share is prepared once per render."""
    from petajalan.roadmaps.matrix_rows import prepare, row_html

    shared = context.render_context.get("matrix_row_page")
    if shared is None:
        keys = ("labels", "can_edit", "can_comment", "detail_url", "csrf_input", "saved_uid", "badge")
        shared = context.render_context["matrix_row_page"] = prepare({key: context.get(key) for key in keys})
    return row_html(row, shared)
