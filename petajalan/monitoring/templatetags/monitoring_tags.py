"""Tags of the monitoring screens."""

from __future__ import annotations

from django import template

register = template.Library()

PAGE_KEYS = (
    "labels",
    "access",
    "may_type",
    "may_verify_rows",
    "saved",
    "weight_base",
    "csrf_input",
    "detail_url",
    "attach_base",
    "row_base",
)


@register.simple_tag(takes_context=True)
def report_row(context: template.Context, row: dict) -> str:
    """``{% report_row r %}``: one row of the quarter page, written in Python (report_rows.py); what
    the rows share is prepared once per render."""
    from petajalan.monitoring.report_rows import prepare, row_html

    shared = context.render_context.get("report_row_page")
    if shared is None:
        shared = context.render_context["report_row_page"] = prepare({k: context.get(k) for k in PAGE_KEYS})
    return row_html(row, shared)
