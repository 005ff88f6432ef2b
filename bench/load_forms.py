"""The load client's forms, as a browser submits them: the fields of a page's first form (without
its buttons), read with the standard library's HTML parser, changed and encoded."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """The fields the first ``<form>`` of a page would submit, without its buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._state = "before"  # before, in, after the form
        self._textarea: str | None = None
        self._select: str | None = None
        self._multiple = False
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str | None, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form" and self._state == "before":
            self._state = "in"
        if self._state != "in":
            return
        a = {k: v if v is not None else "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._multiple, self._options = name, "multiple" in a, []
        elif tag == "option" and self._select is not None:
            self._end_option()
            self._option, self._text = (a.get("value") if "value" in a else None, "selected" in a), []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._state != "in":
            return
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_option()
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "form":
            self._state = "after"

    def _end_option(self) -> None:
        if self._option is not None:
            value, selected = self._option
            self._options.append((value if value is not None else "".join(self._text).strip(), selected))
            self._option = None


def parse_form(html: str) -> list[tuple[str, str]]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.fields


def _get(fields: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in fields if k == name), "")


def _set(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in fields if k != name] + [(name, value)]


def _encode(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields for httpx (a name may repeat: a multiple select, checkboxes)."""
    found: dict[str, list[str]] = defaultdict(list)
    for name, value in fields:
        found[name].append(value)
    return dict(found)
