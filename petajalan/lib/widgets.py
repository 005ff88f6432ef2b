"""Select widgets that write their options in Python.

Django renders every ``<option>`` through two included templates; a form with a few selects of all
the government's units (the action matrix's new-row form: ~150 options) spent about a third of its
page there. These produce the same markup as Django's ``select.html``, ``select_option.html`` and
``attrs.html`` (``tests/test_widgets.py`` compares them) without the template engine.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """``attrs.html``: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


class PythonSelect(forms.Select):
    """``forms.Select`` with the same markup, its options written in Python."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # every value above is escaped


class PythonSelectMultiple(PythonSelect, forms.SelectMultiple):
    """``forms.SelectMultiple`` with the same markup, its options written in Python."""

    allow_multiple_selected = True
