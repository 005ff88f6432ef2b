"""Every template of the project keeps to the Content Security Policy (decision 0081).

The policy refuses inline scripts, inline event handlers, ``javascript:`` links, inline styles and
``eval`` (which htmx's ``hx-on``, ``js:`` values and ``[…]`` trigger filters need). A template that
uses one would break in the browser without a sign in the server's tests; this scan names it. Every
``templates`` folder under ``petajalan/`` is read, so the templates of an app added later are too.
Put scripts in a static file (``<script src="{% static '…' %}" defer>``) and styles in a class.
"""

from __future__ import annotations

import re
from pathlib import Path

import petajalan

ROOT = Path(petajalan.__file__).resolve().parent
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
RULES = [
    # a JSON data block (type="application/json") is not run by the browser, so the policy lets it be
    (
        re.compile(r"<script\b(?![^>]*\b(?:src=|type=[\"']application/json[\"']))", re.IGNORECASE),
        "inline <script> (use a static file)",
    ),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> block (use a stylesheet)"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]
ATTRIBUTE_RULES = [
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "inline event handler (listen in a static script)"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute (use a class)"),
    (re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE), "hx-on (needs eval)"),
    (
        re.compile(r"\s(?:data-)?hx-(?:vals|vars)\s*=\s*[\"']\s*(?:js|javascript):", re.IGNORECASE),
        "js: hx-vals (eval)",
    ),
]
TRIGGER = re.compile(r"\s(?:data-)?hx-trigger\s*=\s*(?P<q>[\"'])(?P<value>.*?)(?P=q)", re.DOTALL)


def _templates() -> list[Path]:
    return sorted(p for folder in ROOT.rglob("templates") for p in folder.rglob("*.html"))


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _problems(path: Path, root: Path = ROOT) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(root.parent)
    found = [f"{where}:{_line(text, m.start())}: {why}" for rule, why in RULES for m in rule.finditer(text)]
    for tag in TAG.finditer(text):
        for rule, why in ATTRIBUTE_RULES:
            if rule.search(tag.group()):
                found.append(f"{where}:{_line(text, tag.start())}: {why}")
        for trigger in TRIGGER.finditer(tag.group()):
            # a filter follows its event's name (click[ctrlKey]); from:input[type=x] is a selector
            events = [spec.split()[0] for spec in trigger["value"].split(",") if spec.split()]
            if any("[" in event for event in events):
                found.append(f"{where}:{_line(text, tag.start())}: hx-trigger filter (needs eval)")
    return found


def test_the_scan_reads_every_app_s_templates():
    apps_with_templates = {p.relative_to(ROOT).parts[0] for p in _templates()}
    assert {
        "templates",
        "accounts",
        "roadmaps",
        "clinic",
        "evidence",
        "frameworks",
        "reports",
    } <= apps_with_templates


def test_the_scan_finds_what_the_policy_refuses(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(
        '<script>go()</script><script src="/static/x.js" defer></script>\n'
        '<script type="application/json" id="settings">{"a": 1}</script>\n'
        '<select onchange="this.form.submit()"><p style="margin:0">\n'
        '<a href="javascript:void(0)">x</a><style>p{}</style>\n'
        '<button hx-on:click="go()"><div hx-trigger="click[ctrlKey]" hx-vals="js:{a: go()}">'
        '<form hx-trigger="input delay:300ms from:input[type=search], submit" hx-vals=\'{"q": "(a)"}\'>',
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in _problems(page, root=tmp_path)]
    assert sorted(found) == sorted(
        [
            "inline <script> (use a static file)",
            "<style> block (use a stylesheet)",
            "javascript: URL",
            "inline event handler (listen in a static script)",
            "style attribute (use a class)",
            "hx-on (needs eval)",
            "hx-trigger filter (needs eval)",
            "js: hx-vals (eval)",
        ]
    )


def test_no_template_uses_what_the_content_security_policy_refuses():
    problems = [line for path in _templates() for line in _problems(path)]
    assert problems == [], "\n".join(problems)
