"""The Content Security Policy in a real browser: the language switch and htmx work under it, and
a violation is caught (every browser test fails on one: ``petajalan.testing.browser``)."""

from __future__ import annotations

import pytest

from petajalan.testing import browser as watch
from petajalan.testing.browser import log_in
from petajalan.testing.factories import PASSWORD


@pytest.mark.browser
def test_the_language_switch_sends_its_form_without_an_inline_handler(page, live_server, db):
    page.goto(f"{live_server.url}/akun/masuk/")
    assert page.locator("html").get_attribute("lang") == "id"
    with page.expect_navigation():
        page.locator("#lang-select").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("E-mail or NIP").is_visible()
    with page.expect_navigation():
        page.locator("#lang-select").select_option("id")
    assert page.locator("html").get_attribute("lang") == "id"


@pytest.mark.browser
def test_htmx_runs_without_injecting_its_indicator_style(page, live_server, gov, admin):
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{gov.slug}/")
    page.wait_for_function("() => window.htmx && htmx.config.includeIndicatorStyles === false")
    assert page.locator("style").count() == 0  # htmx would have added one to <head>
    # the indicator rules come from app.css instead
    rules = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.selectorText || '')"
    )
    assert ".htmx-indicator" in rules


@pytest.mark.browser
def test_a_violation_in_any_page_is_recorded(page):
    """The watch itself: an inline script, handler and style on a page served with the policy."""
    html = "<p style='color:red' onclick='go()'>x</p><script>document.title = 'ran'</script>"
    policy = "default-src 'self'; script-src 'self'; style-src 'self'"
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            body=html, headers={"Content-Type": "text/html", "Content-Security-Policy": policy}
        ),
    )
    page.goto("http://csp.test/")
    page.wait_for_timeout(200)
    found, watch.CSP_VIOLATIONS[:] = list(watch.CSP_VIOLATIONS), []  # expected here: not a failure
    assert page.title() != "ran"
    assert any("script-src" in line for line in found) and any("style-src" in line for line in found)
