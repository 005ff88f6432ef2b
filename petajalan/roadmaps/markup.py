"""Markdown of chapters and comments, rendered then sanitised (nothing executable survives)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
}


# a pure function of the text: the road map's summary renders every chapter and its guidance on each
# view (5 ms of its 60); the same texts come back until someone edits them
@lru_cache(maxsize=256)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML limited to harmless tags; links get rel=noopener."""
    import markdown  # imported on first use, not while the site or a command starts
    import nh3

    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)
