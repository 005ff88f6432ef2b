"""Integer keys printed in templates are never localised.

With ``USE_THOUSAND_SEPARATOR`` Django prints an integer 2819 as "2.819" in Indonesian, so a key
printed with ``{{ row.pk }}`` into a URL, an id or an anchor breaks as soon as the table passes a
thousand rows (found on PostgreSQL, where test sequences are not reset). Print keys through
``|unlocalize`` (or inside ``{% localize off %}``), or pass them to ``{% url %}``, which does not
localise. This scan reads every template of the project, so an app added later is covered too.
"""

from __future__ import annotations

import re
from pathlib import Path

import petajalan

ROOT = Path(petajalan.__file__).resolve().parent
KEY = re.compile(r"\{\{\s*[\w.]*(?:\.pk|\.id|_id)\s*\}\}")
LOCALIZE_OFF = re.compile(r"\{%\s*localize off\s*%\}(.*?)\{%\s*endlocalize\s*%\}", re.DOTALL)
EXEMPT = {"auto_id", "hints_id"}  # form field ids are strings, not integers


def offending(text: str) -> list[str]:
    """Key outputs of ``text`` printed outside ``{% localize off %}`` without ``|unlocalize``."""
    text = LOCALIZE_OFF.sub("", text)
    return [m.group(0) for m in KEY.finditer(text) if not any(name in m.group(0) for name in EXEMPT)]


def test_the_scan_finds_a_localised_key_and_accepts_the_safe_forms():
    assert offending('<tr id="r{{ row.pk }}">') == ["{{ row.pk }}"]
    assert offending('<a href="{{ base }}{{ r.action_id }}/">') == ["{{ r.action_id }}"]
    assert offending('<tr id="r{{ row.pk|unlocalize }}">') == []
    assert offending("{% localize off %}<tr id='r{{ row.id }}'>{% endlocalize %}") == []
    assert offending('{% url "x" pk=row.pk %} {{ field.auto_id }}') == []


def test_no_template_prints_an_integer_key_localised():
    found = [
        f"{path.relative_to(ROOT)}: {hit}"
        for folder in ROOT.rglob("templates")
        for path in sorted(folder.rglob("*.html"))
        for hit in offending(path.read_text())
    ]
    assert found == []
