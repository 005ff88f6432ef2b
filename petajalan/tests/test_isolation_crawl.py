"""Isolation on the demo city, end to end: crawl every page the Tanjungbalai admin can reach, then
replay each URL as a person of Tebing Tinggi (404 everywhere) and each form as the read-only leader
(403 on every write)."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from petajalan.accounts.models import User

TENANT = "/g/tanjungbalai/"
MAX_PAGES = 250
# downloads are pages too; skip only what is not a page of this government
SKIP_PREFIXES = ("/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "img" and values.get("src"):  # thumbnails of evidence go through the gate too
            self.links.append(values["src"] or "")
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.forms.append(values.get("action") or "")
        for name in ("hx-post", "hx-put", "hx-delete"):
            if values.get(name):
                self.forms.append(values[name] or "")


def _crawl(client: Client) -> tuple[set[str], set[str]]:
    seen: set[str] = set()
    posts: set[str] = set()
    queue = deque([TENANT + "data-dukung/", TENANT])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302), f"{url}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(TENANT) or parts.path.startswith(SKIP_PREFIXES):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen:
                # the evidence bank first: its files and thumbnails sit deep behind other pages
                if "/data-dukung/" in path:
                    queue.appendleft(path)
                else:
                    queue.append(path)
        for action in parser.forms:
            target = urlsplit(urljoin(url, action or url)).path
            if target.startswith(TENANT):
                posts.add(target)
    return seen, posts


@pytest.fixture
def demo(db: None, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):  # thumbnails are made after commit
        call_command("load_demo", "--quiet-logins")


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_a_person_of_another_city_gets_404_on_every_page_and_form_of_the_demo_city(demo):
    pages, posts = _crawl(_client("admin@tanjungbalai.test"))
    assert len(pages) > 40, "the crawl should reach units, people, road maps, the Pedoman…"
    assert len(posts) > 10
    assert any("/data-dukung/" in u and "/berkas/" in u for u in pages), "evidence files are crawled"
    assert any(u.endswith("/pratinjau.png") for u in pages), "evidence thumbnails are crawled"
    assert any("/data-dukung/paket/" in u for u in pages), "evidence packets are crawled"
    stranger = _client("admin@tebingtinggi.test")
    leaks = [f"GET {u}: {s}" for u in sorted(pages) if (s := stranger.get(u).status_code) != 404]
    leaks += [f"POST {u}: {s}" for u in sorted(posts) if (s := stranger.post(u, {}).status_code) != 404]
    assert leaks == []


def test_the_read_only_leader_gets_403_on_every_form_of_the_demo_city(demo):
    _pages, posts = _crawl(_client("admin@tanjungbalai.test"))
    leader = _client("pimpinan@tanjungbalai.test")
    # a leader keeps their own notification list tidy; that is not a write to the city's data
    own = ("/notifikasi/",)
    writes = [u for u in sorted(posts) if not u.endswith(own)]
    allowed = [f"POST {u}: {s}" for u in writes if (s := leader.post(u, {}).status_code) != 403]
    assert allowed == []
