"""Every state-changing view refuses GET and needs a CSRF token: a walk of the whole URL conf.

On the demo cities (every app's demo data, so the views of an app that lands later are walked too),
each URL pattern of ``petajalan.urls`` is requested as the Tanjungbalai admin:

- a GET writes nothing: no INSERT, UPDATE or DELETE reaches the database (the audit log included),
  apart from the few read side effects listed in ``READ_SIDE_EFFECTS`` with their reasons;
- a POST without a CSRF token is refused by the CSRF check (403) and writes nothing.

Real parameter values come from the links, forms and htmx attributes of the pages that the admin,
a drafter, a unit head and a coach can reach (a crawl, whose GETs are held to the same rule); a
pattern no page links to is filled from the database by parameter name, and one that stays
unfilled is named in the failure message.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from petajalan.accounts.models import Government, User

ADMIN_EMAIL = "admin@tanjungbalai.test"
CRAWLERS = [  # each sees the forms of their role: a drafter's row editor, a coach's review
    ADMIN_EMAIL,
    "penyusun.dinkes@tanjungbalai.test",
    "kepala.dinkes@tanjungbalai.test",
    "coach@tanjungbalai.test",
]
GOV_SLUG = "tanjungbalai"
START = ["/", f"/g/{GOV_SLUG}/", "/akun/profil/"]
MAX_PER_PATTERN = 4  # visits of one pattern per person during the crawl
MAX_UNFILLED = 5  # patterns walked with a made-up parameter (they answer 404; the walk is weaker there)
SKIPPED_NAMESPACES = {"admin": "Django's own admin, outside the project's tenant model"}
# URL namespaces without session authentication, so without CSRF: a request is authenticated only by
# an ``Authorization: Bearer`` token, which a browser never sends by itself, so a page on another
# site has nothing to forge with. Their POST without a token must be refused (401, or 405 for a
# read-only path) and write nothing, like the CSRF refusal elsewhere.
TOKEN_ONLY_NAMESPACES = {"api:v1": "the REST API (decision 0103): bearer tokens only, no session"}
# Writes a read may make, by (verb, table) for every view or by view name: each with its reason.
SESSION_READ = "consumed messages, a new expiry (a DELETE, logging out, is a write)"
REVIEW_CACHE = "the stored review: a cache, refilled when out of date (clinic.services)"
SEAL_ISSUE = "issuing the verification seal of a sealed document (docs/verification.md)"
READ_SIDE_EFFECTS: dict[str, dict[tuple[str, str], str]] = {
    "*": {
        ("UPDATE", "django_session"): SESSION_READ,
        ("INSERT", "clinic_readinessrecord"): REVIEW_CACHE,
        ("UPDATE", "clinic_readinessrecord"): REVIEW_CACHE,
    },
    "roadmaps:notification-list": {
        ("UPDATE", "roadmaps_notification"): "opening the list marks the reader's own notifications read",
    },
    **{  # a sealed document's download issues its seal once (audited) and records the file's SHA-256
        name: {
            ("INSERT", "verification_seal"): SEAL_ISSUE,
            ("INSERT", "accounts_auditevent"): SEAL_ISSUE,
            ("INSERT", "verification_issuedfile"): SEAL_ISSUE,
        }
        for name in (
            "reports:document-download",
            "monitoring:report-download",
            "monitoring:city-download",
            "evaluations:cycle-download",
            "public:roadmap-download",
        )
    },
}
# Parameters not named after their model, by (name, converter kind).
PARAM_MODELS = {("person", "uuid"): "user", ("row", "uuid"): "problem", ("row", "int"): "realisation"}
WRITE = re.compile(
    r'^\s*(?P<verb>INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|DROP|CREATE)\b(?:\s+(?:INTO|FROM))?\s+"?(?P<table>\w+)',
    re.IGNORECASE,
)
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass
class Pattern:
    name: str
    route: str
    converters: dict[str, Any]
    example: str | None = None  # a real URL of this pattern, from the crawl or the database
    unfilled: list[str] = field(default_factory=list)


@dataclass
class World:
    patterns: list[Pattern]
    skipped: list[str]
    crawl_writes: list[str]  # GETs of the crawl that wrote


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = "", converters: dict[str, Any] | None = None
) -> Iterator[Pattern]:
    for entry in resolver.url_patterns:
        known = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            ns = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _patterns(entry, prefix + str(entry.pattern), ns, known)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Pattern(name, prefix + str(entry.pattern), known)


class _Targets(HTMLParser):
    """Every URL a page points at: links, images, form actions and htmx requests."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        names = {"a": ["href"], "img": ["src"], "form": ["action"]}.get(tag, [])
        for name in [*names, "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"]:
            if values.get(name):
                self.urls.append(values[name] or "")


def _route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


def _writes(queries: CaptureQueriesContext, view: str) -> list[str]:
    """The writes among the captured statements, less the read side effects allowed for ``view``."""
    allowed = READ_SIDE_EFFECTS["*"] | READ_SIDE_EFFECTS.get(view, {})
    found = []
    for query in queries.captured_queries:
        match = WRITE.match(query["sql"])
        if match and (match["verb"].upper(), match["table"]) not in allowed:
            found.append(query["sql"][:160])
    return found


def _get(client: Client, url: str, view: str) -> tuple[Any, list[str]]:
    """GET ``url`` and read it to the end (a streamed file runs its queries as it is read, and is
    closed only then); return the response and the writes it made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response, _writes(queries, view)


def _crawl(client: Client, names: dict[str, str], examples: dict[str, str]) -> list[str]:
    """Fill ``examples`` with a real URL for each pattern the person's pages reach; return any GET
    on the way that wrote."""
    visits: dict[str, int] = {}
    wrote: list[str] = []
    seen: set[str] = set()
    queue = deque(START)
    while queue:
        url = queue.popleft()
        route = _route_of(url)
        if url in seen or route not in names or visits.get(route, 0) >= MAX_PER_PATTERN:
            continue
        seen.add(url)
        visits[route] = visits.get(route, 0) + 1
        examples.setdefault(route, url)
        response, found = _get(client, url, names[route])
        if found:
            wrote.append(f"GET {url} ({names[route]}, crawl): {found}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Targets()
        parser.feed(response.content.decode())
        for target in parser.urls:
            parts = urlsplit(urljoin(url, target))
            if parts.netloc or parts.path.startswith(("/static/", "/media/")):
                continue
            found_route = _route_of(parts.path)
            if found_route is None:
                continue
            examples.setdefault(found_route, parts.path)  # a form's target: POST-only views too
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return wrote


def _values_seen(examples: dict[str, str]) -> dict[str, str]:
    """Every parameter value the crawled URLs hold, by parameter name: a report's id, a format."""
    values: dict[str, str] = {}
    for url in examples.values():
        match = resolve(urlsplit(url).path)
        for name, value in match.kwargs.items():
            values.setdefault(name, str(value))
    return values


def _database_rows(government: Government) -> dict[str, dict[str, str]]:
    """A row of the demo city for each of the project's models: its id and its public UUID."""
    rows: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("petajalan."):
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        queryset = model._default_manager.all()
        if "government" in fields:
            queryset = queryset.filter(government=government)
        row = queryset.order_by("pk").first()
        if row is not None:
            public = next((getattr(row, key) for key in ("uuid", "uid") if key in fields), None)
            rows[str(model._meta.model_name)] = {"int": str(row.pk), "uuid": str(public or "")}
    return rows


def _database_value(name: str, kind: str, rows: dict[str, dict[str, str]]) -> str | None:
    """The model a parameter names: itself, a model ending or starting with its name (report →
    quarterreport, change → changerequest), or one of ``PARAM_MODELS``."""
    key = PARAM_MODELS.get((name, kind), name.replace("_", ""))
    candidates = [m for m in rows if m == key] or [m for m in rows if m.endswith(key) or m.startswith(key)]
    for model in sorted(candidates, key=len):
        if rows[model][kind]:
            return rows[model][kind]
    return None


def _fill(pattern: Pattern, seen: dict[str, str], rows: dict[str, dict[str, str]]) -> None:
    """Build a URL of ``pattern``: values seen in crawled URLs first, then rows of the database."""

    def value(match: re.Match[str]) -> str:
        name, converter = match["name"], pattern.converters.get(match["name"])
        regex = getattr(converter, "regex", "[^/]+")
        kind = "uuid" if type(converter).__name__ == "UUIDConverter" else "int"
        for known in (seen.get(name), _database_value(name, kind, rows)):
            if known is not None and re.fullmatch(regex, known):
                return known
        pattern.unfilled.append(name)
        for guess in ("1", "x", str(uuid.UUID(int=1)), regex.split("|")[0]):
            if re.fullmatch(regex, guess):
                return guess
        return "x"

    url = "/" + PARAM.sub(value, pattern.route)
    pattern.example = url if _route_of(url) == pattern.route else None


def _add_what_the_demo_lacks(government: Government) -> dict[str, str]:
    """A pending people import and a finished export (the demo has neither); a password-reset link."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from petajalan.accounts.models import ImportBatch
    from petajalan.reports.models import ReportJob
    from petajalan.roadmaps.models import Roadmap

    admin = User.objects.get(email=ADMIN_EMAIL)
    ImportBatch.objects.create(government=government, created_by=admin, file_name="orang.xlsx")
    from petajalan.api.services import create_token

    create_token(actor=admin, user=admin, name="e-SAKIP", scope="read")  # the token pages' revoke forms
    ReportJob.objects.create(
        government=government,
        roadmap=Roadmap.objects.filter(government=government).earliest("pk"),
        kind=ReportJob.Kind.EXPORT,
        format=ReportJob.Format.CSV,
        status=ReportJob.Status.DONE,
        result=b"kode;kegiatan\n",
    )
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(admin.pk)),
        "token": default_token_generator.make_token(admin),
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The demo cities, loaded once for this module inside a transaction rolled back at the end."""
    from django.conf import settings

    evidence = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path_factory.mktemp("evidence")), "base_url": None},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES={**settings.STORAGES, "evidence": evidence}):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", "--quiet-logins")
            government = Government.objects.get(slug=GOV_SLUG)
            extra = _add_what_the_demo_lacks(government)
            patterns, skipped = [], []
            for pattern in _patterns(get_resolver()):
                namespace = pattern.name.split(":")[0]
                if namespace in SKIPPED_NAMESPACES:
                    skipped.append(f"{pattern.name}: {SKIPPED_NAMESPACES[namespace]}")
                else:
                    patterns.append(pattern)
            names = {p.route: p.name for p in patterns}
            examples: dict[str, str] = {}
            crawl_writes = []
            for email in CRAWLERS:
                crawl_writes += _crawl(_client(email), names, examples)
            seen = _values_seen(examples) | extra
            rows = _database_rows(government)
            for pattern in patterns:
                pattern.example = examples.get(pattern.route)
                if pattern.example is None:
                    _fill(pattern, seen, rows)
            yield World(patterns, skipped, crawl_writes)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            # a fresh connection for the next module: without it, when a live-server test follows
            # on PostgreSQL, a session outlives the run and the test database cannot be dropped
            connection.close()


def _client(email: str = ADMIN_EMAIL, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(User.objects.get(email=email))
    return client


def test_the_walk_reaches_every_pattern_with_real_values(world):
    assert len(world.patterns) > 100, "the URL conf should hold the whole project"
    assert world.skipped and all(line.startswith("admin:") for line in world.skipped), world.skipped
    unreachable = [p.name for p in world.patterns if p.example is None]
    assert unreachable == [], f"patterns the walk could not build a URL for: {unreachable}"
    unfilled = [f"{p.name} ({', '.join(p.unfilled)})" for p in world.patterns if p.unfilled]
    assert len(unfilled) <= MAX_UNFILLED, (
        f"{len(unfilled)} patterns walked with made-up parameters (no page links to them and no "
        f"row fills them; see _fill): {unfilled}"
    )


def test_no_get_writes_to_the_database(world, db):
    client = _client()
    problems = list(world.crawl_writes)
    for pattern in world.patterns:
        assert pattern.example is not None
        response, found = _get(client, pattern.example, pattern.name)
        if found:
            problems.append(f"GET {pattern.example} ({pattern.name}): {found}")
        if response.status_code >= 500:
            problems.append(f"GET {pattern.example} ({pattern.name}): {response.status_code}")
        if response.status_code == 302 and "/akun/masuk/" in response["Location"]:
            problems.append(f"GET {pattern.example} ({pattern.name}): the admin was logged out")
    assert problems == [], "\n".join(problems)


def test_every_post_without_a_csrf_token_is_refused_and_writes_nothing(world, db, caplog):
    client = _client(enforce_csrf_checks=True)
    problems = []
    for pattern in world.patterns:
        assert pattern.example is not None
        url = urlsplit(pattern.example).path
        caplog.clear()
        with (
            caplog.at_level(logging.WARNING, logger="django.security.csrf"),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.post(url, {"name": "x"})
        refused_by_csrf = any(r.name == "django.security.csrf" for r in caplog.records)
        if pattern.name.rsplit(":", 1)[0] in TOKEN_ONLY_NAMESPACES:  # its schema and docs pages keep CSRF
            by_csrf = response.status_code == 403 and refused_by_csrf
            if response.status_code not in (401, 405) and not by_csrf:
                problems.append(f"POST {url} ({pattern.name}): {response.status_code}: no token, not refused")
        elif response.status_code != 403 or not refused_by_csrf:
            problems.append(f"POST {url} ({pattern.name}): {response.status_code}, not the CSRF refusal")
        if found := _writes(queries, ""):
            problems.append(f"POST {url} ({pattern.name}): {found}")
    assert problems == [], "\n".join(problems)
