"""The action matrix's rows as markup, built in Python (decision 0056, issue 14 item 1).

A row through the template language cost ~50 variable resolutions and nested nodes (about 0.2 ms a
row, 60 ms of a 300-row page); this writes the same markup with one escape per value, the words every
row repeats escaped once per page. The template keeps the table, its head and foot and the new-row
form; ``{% matrix_row a %}`` asks for each row. ``test_matrix_rows.py`` compares it with the template
it replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

LABELS = ("edit", "duplicate", "up", "down", "delete", "confirm_delete", "comment", "cascade", "baseline")


def _text(value: Any) -> str:
    """A value as escaped text; markup already marked safe passes as it is."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def prepare(page: Mapping[str, Any]) -> dict[str, Any]:
    """What every row shares, escaped once: the labels, the comment link, the CSRF field."""
    labels = page["labels"]
    return {
        **{key: _text(labels[key]) for key in (*LABELS, "no_budget")},
        "can_edit": bool(page.get("can_edit")),
        "comment_base": _text(page["detail_url"]) if page.get("can_comment") else "",
        "csrf_input": _text(page.get("csrf_input") or ""),
        "saved_uid": page.get("saved_uid"),
        "badge": str(page.get("badge") or ""),
    }


def _lines(text: str) -> str:
    """``linebreaksbr``: escaped, every line break a ``<br>``."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def row_html(a: Mapping[str, Any], p: Mapping[str, Any]) -> SafeString:
    """One ``<tr>`` of the matrix: ``a`` is a row of ``_matrix_context``, ``p`` what ``prepare`` gave."""
    uid = escape(a["uid_str"])
    saved = " saved" if p["saved_uid"] == a["uid_str"] else ""
    if a.get("focus_label"):
        focus = escape(a["focus_label"])
    else:
        focus = f'<span class="mono">{escape(a["focus_key"])}</span>'
    out = [
        f'<tr class="row{saved}" id="row-{uid}" tabindex="0">\n    <td>{a["number"]}</td>\n'
        f"    <td>{focus}</td>\n    <td><strong>{_lines(a['activity'])}</strong>"
    ]
    if a.get("subactivity_code"):
        out.append(f'<br><small class="mono">{escape(a["subactivity_code"])}</small>')
    out.append("\n      ")
    for line in a.get("problem_lines", ()):
        out.append(f'<br><small class="muted">↳ {escape(line)}</small>')
    out.append("\n      ")
    if a.get("cascade_activity"):
        out.append(f'<br><small class="badge" title="{escape(a["cascade_activity"])}">{p["cascade"]}</small>')
    out.append("\n      ")
    fixes = a.get("open_fixes") or 0
    if fixes:
        text = ngettext("perlu perbaikan (%(n)s)", "perlu perbaikan (%(n)s)", fixes) % {"n": fixes}
        out.append(f'<br><span class="badge badge-error">{escape(text)}</span>')
    out.append("\n      ")
    if p["comment_base"]:
        link = f"{p['comment_base']}?baris={uid}#komentar-baru"
        out.append(f'<br><a href="{link}"><small>{p["comment"]}</small></a>')
    output, indicator = escape(a.get("output") or "—"), escape(a.get("indicator") or "—")
    out.append(f"</td>\n    <td>{output}<br><em>{indicator}</em>")
    if a.get("unit_of_measure"):
        out.append(f" ({escape(a['unit_of_measure'])})")
    out.append("\n      ")
    if a.get("baseline_year"):
        out.append(f"<br><small>{p['baseline']} {a['baseline_year']}: {_text(a['baseline_text'])}</small>")
    out.append(f'</td>\n    <td class="years">{_text(a["years_html"])}')
    if a.get("no_budget_needed"):
        out.append(f'<small class="muted">{p["no_budget"]}</small>')
    out.append(f"</td>\n    <td>{escape(a.get('responsible_name') or '—')}")
    for name in a.get("supporting_names", ()):
        out.append(f'<br><small class="muted">+ {escape(name)}</small>')
    out.append("</td>\n    ")
    if p["can_edit"]:
        url = _text(a["url"])
        out.append(
            '<td><div class="rowtools">\n'
            f'      <a class="button" href="{url}" hx-get="{url}" hx-target="closest tr" hx-swap="outerHTML"'
            f" data-edit>{p['edit']}</a>\n"
            f'      <form method="post" action="{url}duplikat/" hx-target="#matrix" hx-swap="outerHTML">'
            f"{p['csrf_input']}\n"
            f'        <button type="submit" hx-post="{url}duplikat/">{p["duplicate"]}</button>\n'
            f'        <button type="submit" name="arah" value="naik" formaction="{url}pindah/"'
            f' hx-post="{url}pindah/" aria-label="{p["up"]}">↑</button>\n'
            f'        <button type="submit" name="arah" value="turun" formaction="{url}pindah/"'
            f' hx-post="{url}pindah/" aria-label="{p["down"]}">↓</button>\n'
            f'        <button type="submit" class="danger" formaction="{url}hapus/" hx-post="{url}hapus/"'
            f' hx-confirm="{p["confirm_delete"]}">{p["delete"]}</button>\n'
            "      </form>\n"
        )
        if p["badge"]:
            out.append(f"      {p['badge']}\n")
        out.append("    </div></td>")
    out.append("\n  </tr>")
    return mark_safe("".join(out))  # every value above is escaped or was marked safe
