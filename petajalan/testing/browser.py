"""Playwright on Debian's Chromium (never `playwright install`), for the main journeys.

Use the ``page`` fixture with ``live_server``; mark the test ``@pytest.mark.browser``. Without
/usr/bin/chromium the browser tests are skipped, unless PETAJALAN_REQUIRE_BROWSER=1 (as in CI),
where a missing browser is a failure. ``shot(page, name)`` saves a screenshot to var/screenshots/.
Every page of every context the browser opens is watched: a Content Security Policy violation in its
console fails the test that caused it (inline scripts, handlers and styles are refused: decision 0081).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("PETAJALAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _watch_csp(instance)
        yield instance
        instance.close()


CSP_VIOLATIONS: list[str] = []
# Chromium's own console line names the directive; this one adds the element that broke it.
CSP_VIOLATION_DETAIL = """
document.addEventListener("securitypolicyviolation", function (event) {
  var target = event.target;
  var where = target && target.outerHTML ? target.outerHTML.slice(0, 160) : event.blockedURI;
  console.error("CSP violation: " + event.violatedDirective + " by " + where);
});
"""


def _record_csp_violation(message: Any) -> None:
    if "Content Security Policy" in message.text or message.text.startswith("CSP violation:"):
        where = message.location.get("url") or "?"
        CSP_VIOLATIONS.append(f"{where}: {message.text}")


def _watch_csp(instance: Any) -> None:
    """Listen to the console of every context the tests open, whichever way they open it."""
    new_context, new_page = instance.new_context, instance.new_page

    def watched_context(*args: Any, **kwargs: Any) -> Any:
        context = new_context(*args, **kwargs)
        context.on("console", _record_csp_violation)
        context.add_init_script(CSP_VIOLATION_DETAIL)
        return context

    def watched_page(*args: Any, **kwargs: Any) -> Any:
        page = new_page(*args, **kwargs)
        page.context.on("console", _record_csp_violation)
        page.add_init_script(CSP_VIOLATION_DETAIL)
        return page

    instance.new_context, instance.new_page = watched_context, watched_page


@pytest.fixture(autouse=True)
def _no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """A browser test fails when the page broke the Content Security Policy (the console says so)."""
    if "browser" not in request.fixturenames:
        yield
        return
    CSP_VIOLATIONS.clear()
    yield
    found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert found == [], "Content Security Policy violations:\n" + "\n".join(found)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # caret="initial": hiding the caret leaves style="" on every input, which htmx then copies onto
    # swapped fields: an inline style the CSP refuses (the screenshot's doing, not the app's)
    page.screenshot(path=str(path), full_page=full_page, caret="initial")
    return path


def log_in(page: Any, live_server: Any, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("E-mail atau NIP").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
