"""In a browser: the API's Swagger UI loads from the site's own static files under the site's CSP and
lists the operations; the token pages make, show once and revoke a token. Screenshots at 1280 and
390 wide in var/screenshots/api-*.png."""

from __future__ import annotations

import pytest

from petajalan.api.models import ApiToken
from petajalan.api.tests.conftest import make_token
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


def _page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 860}, locale="id-ID")
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.browser
def test_swagger_ui_runs_under_the_site_csp(browser, live_server):
    for width in (1280, 390):
        page = _page(browser, width)
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(f"{live_server.url}/api/v1/docs")
        page.get_by_text("/api/v1/governments/{gov}/realisations/{row}").first.wait_for()
        assert page.get_by_role("button", name="Authorize").count() == 1
        assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
        shot(page, f"api-docs-{width}", full_page=False)
        page.context.close()


@pytest.mark.browser
def test_token_pages_make_show_once_and_revoke(browser, live_server, gov, admin, drafter):
    make_token(admin, name="Aplikasi perencanaan")
    for width in (1280, 390):
        page = _page(browser, width)
        log_in(page, live_server, drafter.email, PASSWORD)
        page.goto(f"{live_server.url}/akun/token/")
        page.get_by_label("Nama token").fill(f"e-SAKIP Bappeda {width}")
        page.get_by_label("Cakupan").select_option("write")
        page.get_by_role("button", name="Buat token").click()
        text = page.locator("code.token-once").inner_text()
        assert text.startswith("pj_")
        shot(page, f"api-token-created-{width}")
        page.goto(f"{live_server.url}/akun/token/")
        assert page.locator("code.token-once").count() == 0
        page.context.close()
        admin_page = _page(browser, width)
        log_in(admin_page, live_server, admin.email, PASSWORD)
        admin_page.goto(f"{live_server.url}/g/{gov.slug}/token-api/")
        shot(admin_page, f"api-government-tokens-{width}")
        admin_page.get_by_role("row", name=f"e-SAKIP Bappeda {width}").get_by_role(
            "button", name="Cabut"
        ).click()
        admin_page.wait_for_load_state("networkidle")
        assert ApiToken.objects.get(name=f"e-SAKIP Bappeda {width}").revoked_by == admin
        admin_page.context.close()
