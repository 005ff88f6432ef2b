"""The public pages and downloads: nothing inside leaks out, 404 when switched off, conditional
answers, the cache key moving with what is published, constant queries, sitemap and robots."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from petajalan.accounts.models import Government
from petajalan.evaluations import services as evaluations
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.models import QuarterReport
from petajalan.public.services import set_public_page, set_published_cycles
from petajalan.public.tests.public_city import (
    AGENT_NIP,
    COMMENT,
    DRAFT_ACTIVITY,
    DRAFT_TITLE,
    NOTE,
    PERSON_NIP,
    SIGNATORY_NIP,
    TEAM_NIP,
    UNIT_HEAD_NIP,
    UNVERIFIED_SHOWN,
    VERIFIER_NOTE,
    add_cycles,
    build_public_city,
)
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import transition
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.factories import make_government, make_unit

S = QuarterReport.Status


def _urls(slug: str, roadmap_uuids: list[str], *, pdf: bool = False) -> list[str]:
    urls = [f"/publik/{slug}/"]
    for key in roadmap_uuids:
        urls += [f"/publik/{slug}/road-map/{key}/", f"/publik/{slug}/road-map/{key}/unduh.csv"]
        urls.append(f"/publik/{slug}/road-map/{key}/unduh.json")
        if pdf:
            urls.append(f"/publik/{slug}/road-map/{key}/unduh.pdf")
    return urls


def _enacted_uuids(government: Government) -> list[str]:
    return [
        str(u)
        for u in Roadmap.objects.filter(government=government, status="enacted").values_list(
            "uuid", flat=True
        )
    ]


def _pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.mark.django_db
def test_no_draft_comment_unverified_figure_self_score_nip_or_email_leaves_the_public_pages(
    gov, admin, packs
):
    made = add_cycles(build_public_city(gov))
    closed = made.cycles["closed"]
    scores = evaluations.scores(closed)
    self_index = f"{scores.self.index:.2f}".replace(".", ",")
    markers = [
        DRAFT_TITLE,
        DRAFT_ACTIVITY,
        COMMENT,
        NOTE,
        VERIFIER_NOTE,
        *UNVERIFIED_SHOWN,
        SIGNATORY_NIP,
        TEAM_NIP,
        AGENT_NIP,
        UNIT_HEAD_NIP,
        PERSON_NIP,
        "1970 0101",
        "19700101 200003",
        *made.emails(),
        "@",
        self_index,
        str(made.draft.uuid),
        "Lampirkan daftar hadir",
    ]
    client = Client()
    seen = 0
    for url in _urls(gov.slug, _enacted_uuids(gov), pdf=True):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _pdf_text(response.content) if url.endswith(".pdf") else response.content.decode()
        for marker in markers:
            assert marker not in text, f"{marker!r} leaked in {url}"
        seen += 1
    assert seen == 1 + 4 * 4  # the home page and, per enacted road map (3 units, the city), 4 answers
    home = client.get(f"/publik/{gov.slug}/").content.decode()
    # the published closed cycle shows its verified index; the unpublished year and the one still
    # in verification do not show an index
    assert "2023" in home and "2022" not in home
    assert "Verifikasi belum selesai." in home


@pytest.mark.django_db
def test_every_public_answer_is_404_while_switched_off(gov, admin):
    build_public_city(gov)
    urls = _urls(gov.slug, _enacted_uuids(gov), pdf=True)
    client = Client()
    assert all(client.get(u).status_code == 200 for u in urls if not u.endswith(".pdf"))
    set_public_page(actor=admin, government=gov, enabled=False)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert f"/publik/{gov.slug}/" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_drafts_strangers_and_bad_addresses_are_404(gov):
    made = build_public_city(gov)
    other = make_government(slug="kota-tetangga", public_enabled=True)
    foreign = make_roadmap(other, make_unit(other), status=Roadmap.Status.ENACTED)
    client = Client()
    base = f"/publik/{gov.slug}/road-map/"
    for key in [made.draft.uuid, foreign.uuid, "bukan-uuid", "00000000-0000-0000-0000-000000000000"]:
        for suffix in ("", "unduh.csv", "unduh.json", "unduh.pdf"):
            assert client.get(f"{base}{key}/{suffix}").status_code == 404, (key, suffix)
    enacted = made.enacted.uuid
    assert client.get(f"{base}{enacted}/unduh.exe").status_code == 404
    assert client.get("/publik/tidak-ada/").status_code == 404
    assert client.post(f"/publik/{gov.slug}/").status_code == 405


@pytest.mark.django_db
def test_conditional_requests_answer_304_and_pages_are_the_same_for_everyone(gov, admin):
    made = build_public_city(gov)
    url = f"/publik/{gov.slug}/road-map/{made.enacted.uuid}/"
    anonymous = Client()
    first = anonymous.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert not first.cookies, "a public page sets no cookie (no session, no CSRF token)"
    # no cookie set, but the page varies on the language cookie, so a shared cache keys on cookies
    assert "Cookie" in first["Vary"]
    with CaptureQueriesContext(connection) as queries:
        again = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert len(queries.captured_queries) == 3  # the government, the road map and the fingerprint
    home = anonymous.get(f"/publik/{gov.slug}/")
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(f"/publik/{gov.slug}/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 304
    assert len(queries.captured_queries) == 2  # the government and the fingerprint
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    head = anonymous.head(url)
    assert head.status_code == 200 and head["ETag"] == etag and not head.content
    assert anonymous.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    for download in ("unduh.csv", "unduh.json"):
        response = anonymous.get(url + download)
        assert anonymous.get(url + download, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # a signed-in admin gets the very same bytes: no name, no menu, no token
    signed_in = Client()
    signed_in.force_login(admin)
    page = signed_in.get(url)
    assert page.content == first.content
    assert admin.email not in page.content.decode() and "csrfmiddlewaretoken" not in page.content.decode()


@pytest.mark.django_db
def test_enacting_verifying_and_publishing_change_the_page_and_its_etag(gov, admin, packs):
    made = build_public_city(gov)
    client = Client()
    home = f"/publik/{gov.slug}/"

    def etag() -> str:
        return client.get(home)["ETag"]

    approved = make_roadmap(gov, make_unit(gov, name="Dinas Baru Ditetapkan"), status=Roadmap.Status.APPROVED)
    make_action(approved)
    before = etag()
    assert etag() == before  # stable while nothing changes
    assert etag() == before  # approved is not public
    transition(
        actor=admin, roadmap=approved, name="enact", enactment_number="9", enacted_on=dt.date(2025, 6, 1)
    )
    after_enact = etag()
    assert after_enact != before
    assert "Dinas Baru Ditetapkan" in client.get(home).content.decode()
    # verifying a quarterly report
    report = QuarterReport.objects.filter(government=gov, status=S.SUBMITTED).first()
    assert report is not None
    page_before = client.get(home).content
    monitoring.verify_report(actor=admin, report=report)
    after_verify = etag()
    assert after_verify != after_enact
    assert client.get(home).content != page_before
    # reopening it takes it out again
    monitoring.reopen_report(
        actor=admin, report=report, until=dt.date.today() + dt.timedelta(days=3), reason="Ralat"
    )
    after_reopen = etag()
    assert after_reopen not in (after_verify,)
    # publishing an evaluation cycle
    add_cycles(made)
    after_cycles = etag()
    assert after_cycles != after_reopen
    set_published_cycles(actor=admin, government=gov, cycle_ids=[])
    assert etag() != after_cycles
    assert (
        "2023"
        not in re.sub(r"<svg.*?</svg>", "", client.get(home).content.decode(), flags=re.S).split(
            "Hasil evaluasi reformasi birokrasi"
        )[1]
    )
    # the road map page's ETag moves too (the fingerprint is the government's)
    road_map = f"/publik/{gov.slug}/road-map/{made.enacted.uuid}/"
    tag = client.get(road_map)["ETag"]
    set_published_cycles(actor=admin, government=gov, cycle_ids=[made.cycles["closed"].pk])
    assert client.get(road_map)["ETag"] != tag


def _queries(client: Client, url: str) -> int:
    from django.core.cache import cache

    assert client.get(url).status_code == 200  # the worksheet packs are read once per process
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_pages_run_the_same_number_of_queries_with_5_and_25_unit_road_maps(packs):
    counts = []
    for n, units in enumerate((5, 25)):
        government = make_government(slug=f"kota-ukur-{n}")
        made = build_public_city(government, units=units, actions=6)
        add_cycles(made)
        client = Client()
        key = made.enacted.uuid
        slug = government.slug
        counts.append(
            (
                _queries(client, f"/publik/{slug}/"),
                _queries(client, f"/publik/{slug}/road-map/{key}/"),
                _queries(client, f"/publik/{slug}/road-map/{key}/unduh.csv"),
            )
        )
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_the_sitemap_lists_public_governments_and_robots_points_at_it(gov):
    made = build_public_city(gov)
    hidden = make_government(slug="kota-tertutup")
    make_roadmap(hidden, make_unit(hidden), status=Roadmap.Status.ENACTED)
    client = Client()
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    text = sitemap.content.decode()
    assert f"http://testserver/publik/{gov.slug}/road-map/{made.enacted.uuid}/" in text
    assert str(made.draft.uuid) not in text and "kota-tertutup" not in text
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Allow: /publik/" in robots


@pytest.mark.django_db
def test_the_language_link_sets_the_cookie_and_never_leaves_the_site(gov):
    build_public_city(gov)
    client = Client()
    response = client.get(f"/publik-bahasa/en/?next=/publik/{gov.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/publik/{gov.slug}/"
    assert response.cookies["django_language"].value == "en"
    english = client.get(f"/publik/{gov.slug}/")
    assert english["ETag"] != Client().get(f"/publik/{gov.slug}/")["ETag"]
    assert "Cookie" in english["Vary"] and 'lang="en"' in english.content.decode()
    assert client.get("/publik-bahasa/en/?next=https://example.com/").headers["Location"] == "/"
    assert client.get("/publik-bahasa/xx/").status_code == 404


@pytest.mark.django_db
def test_pages_carry_metadata_and_landmarks(gov):
    made = build_public_city(gov)
    html = Client().get(f"/publik/{gov.slug}/road-map/{made.enacted.uuid}/").content.decode()
    for needle in (
        "<title>",
        'name="description"',
        'rel="canonical"',
        'property="og:title"',
        'property="og:url"',
        '<main id="main"',
        'class="skip-link"',
        '<th scope="col">',
        '<th scope="row"',
        "<figure",
        "<svg",
    ):
        assert needle in html, needle
    assert f'href="http://testserver/publik/{gov.slug}/road-map/{made.enacted.uuid}/"' in html
    headings = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(headings))
