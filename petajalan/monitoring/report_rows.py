"""The quarter page's rows as markup, built in Python (issue 14, item 1; as the action matrix's
``roadmaps/matrix_rows.py``).

Through the template language a row cost ~80 variable resolutions and nested nodes, about 60 % of a
300-row page; this writes the same markup with one escape per value and the words every row repeats
escaped once per page. ``{% report_row r %}`` asks for each row; ``tests/test_report_rows.py``
compares it with the template row it replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

NOTES = (
    ("progress_note", "progress", ""),
    ("supporting_factors", "supporting", ""),
    ("inhibiting_factors", "inhibiting", ""),
    ("follow_up", "follow_up", ""),
    ("verifier_note", "verifier_note", ' class="verified"'),
)


def _text(value: Any) -> str:
    """A value as escaped text; markup already marked safe passes as it is."""
    if value is None:
        return "None"
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _lines(text: str) -> str:
    """``linebreaksbr``: escaped, every line break a ``<br>``."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def prepare(page: Mapping[str, Any]) -> dict[str, Any]:
    """What every row shares, escaped once."""
    access = page.get("access")
    labels = {key: _text(value) for key, value in page["labels"].items()}
    return {
        "labels": labels,
        "evidence_lower": _text(str(page["labels"]["evidence"]).lower()),
        "admin": bool(getattr(access, "admin", False)),
        "write": bool(getattr(access, "write", False)),
        "may_type": bool(page.get("may_type")),
        "may_verify_rows": bool(page.get("may_verify_rows")),
        "saved": bool(page.get("saved")),
        **{
            key: _text(page.get(key) or "")
            for key in ("weight_base", "csrf_input", "detail_url", "attach_base", "row_base")
        },
    }


def row_html(r: Mapping[str, Any], p: Mapping[str, Any]) -> SafeString:
    """One ``<tbody>`` of the quarter page: ``r`` a row of ``views.reports._rows``, ``p`` what
    ``prepare`` gave."""
    L = p["labels"]
    rid = str(r["id"])
    number = _text(r["number"])
    uom = f" <small>{escape(r['uom'])}</small>" if r.get("uom") else ""
    out = [
        f'<tbody id="r{rid}" class="real{" saved" if p["saved"] else ""}">\n  <tr>\n'
        f'    <td data-label="{L["number"]}">{number}</td>\n'
        f'    <td data-label="{L["action"]}"><small class="muted">{_text(r["focus_label"])}</small><br>'
        f"<strong>{_text(r['activity'])}</strong>\n      "
    ]
    if r.get("indicator"):
        out.append(f"<br><em>{escape(r['indicator'])}</em>")
    out.append(
        f'\n      <br><small class="muted">{L["direction"]} {_text(r["direction_label"])}'
        f"{' · ' + escape(r['uom']) if r.get('uom') else ''}</small></td>\n"
        f'    <td class="num" data-label="{L["target"]}">{_text(r["target_text"])}{uom}</td>\n'
        f'    <td class="num" data-label="{L["budget"]}">{_text(r["budget_planned_text"])}</td>\n'
        f'    <td class="num" data-label="{L["value"]}">'
    )
    if r.get("value_text"):
        if r.get("verified_value_text"):
            out.append(f'<small class="muted">{L["unit"]}:</small> ')
        out.append(f"{_text(r['value_text'])}{uom}")
    else:
        out.append(f'<span class="badge">{L["empty"]}</span>')
    out.append("\n      ")
    if r.get("verified_value_text"):
        out.append(
            f'<br><span class="verified"><small>{L["verifier"]}:</small> '
            f"<strong>{_text(r['verified_value_text'])}</strong></span>"
        )
    out.append(f'</td>\n    <td class="num" data-label="{L["spent"]}">')
    if r.get("verified_budget_text") and r.get("budget_spent_text"):
        out.append(f'<small class="muted">{L["unit"]}:</small> ')
    out.append(f"{_text(r.get('budget_spent_text') or '—')}\n      ")
    if r.get("verified_budget_text"):
        out.append(
            f'<br><span class="verified"><small>{L["verifier"]}:</small> '
            f"<strong>{_text(r['verified_budget_text'])}</strong></span>"
        )
    out.append("\n      ")
    if r.get("absorption_text"):
        out.append(f'<br><small class="muted">{L["absorption"]} {_text(r["absorption_text"])}</small>')
    out.append(
        f'</td>\n    <td data-label="{L["achievement"]}"><strong>{_text(r["achievement_text"])}</strong><br>'
        f'<span class="rag rag-{_text(r["rag"])}"><span class="rag-dot" aria-hidden="true"></span>'
        f"{_text(r['rag_label'])}</span></td>\n"
        f'    <td class="num" data-label="{L["weight"]}">'
    )
    weight = _text(r["weight_text"])
    if p["admin"]:
        out.append(
            f'<form method="post" action="{p["weight_base"]}{r["action_id"]}/" class="weight">'
            f"{p['csrf_input']}"
            f'<input type="hidden" name="next" value="{p["detail_url"]}#r{rid}">'
            f'<label class="visually-hidden" for="w{rid}">{L["weight"]} {number}</label>'
            f'<input id="w{rid}" name="weight" value="{weight}" inputmode="decimal" size="3">'
            f'<button type="submit" title="{L["weight_save"]}"><span class="visually-hidden">'
            f"{L['weight_save']}</span>✓</button></form>"
        )
    else:
        out.append(weight)
    out.append(f'</td>\n    <td data-label="{L["evidence"]}"><div class="mini-evidence">')
    for e in r.get("evidence", ()):
        title = _text(e["title"])
        out.append(f'<a href="{_text(e["url"])}" title="{title}">')
        if e.get("thumb"):
            out.append(f'<img src="{_text(e["thumb"])}" alt="{title}" width="30" height="40" loading="lazy">')
        else:
            out.append(
                f'<span class="mini-kind">{_text(str(e["kind"]).upper())}</span>'
                f'<span class="visually-hidden"> {title}</span>'
            )
        out.append("</a>")
    out.append("</div>\n      ")
    count = r.get("evidence_count")
    if count:
        out.append(f"<small>{_text(count)} {p['evidence_lower']}</small><br>")
    out.append("\n      ")
    if p["write"]:
        out.append(f'<a href="{p["attach_base"]}{rid}/"><small>{L["evidence_add"]}</small></a>')
    elif count:
        out.append(f'<a href="{p["attach_base"]}{rid}/"><small>{L["evidence_see"]}</small></a>')
    out.append('</td>\n    <td><div class="rowtools">\n      ')
    row_url = f"{p['row_base']}{rid}/"
    if p["may_type"]:
        word = L["edit"] if r.get("value_text") else L["fill"]
        out.append(
            f'<a class="button" href="{row_url}" hx-get="{row_url}" hx-target="#r{rid}" hx-swap="outerHTML">'
            f'{word}<span class="visually-hidden"> {number}</span></a>'
        )
    out.append("\n      ")
    if p["may_verify_rows"]:
        out.append(
            f'<a class="button" href="{row_url}verifikasi/" hx-get="{row_url}verifikasi/" hx-target="#r{rid}"'
            f' hx-swap="outerHTML">{L["verify"]}<span class="visually-hidden"> {number}</span></a>'
        )
    out.append("\n    </div></td>\n  </tr>\n  ")
    if r.get("has_notes"):
        out.append('<tr class="notes"><td></td><td colspan="9"><dl class="notes">\n    ')
        for field, label, attrs in NOTES:
            if r.get(field):
                out.append(f"<div{attrs}><dt>{L[label]}</dt><dd>{_lines(r[field])}</dd></div>")
            out.append("\n    ")
        out[-1] = "\n  "
        out.append("</dl></td></tr>")
    out.append("\n  </tbody>")
    return mark_safe("".join(out))  # every value above is escaped or was marked safe
