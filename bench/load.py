"""Load test: simulated people log in, type in the action matrix and the quarter page, read dashboards
and lists, against a running server; then every acknowledged save is checked in the database.

``make load`` (``python -m bench.load_make``) does the whole run on PostgreSQL: it drops and recreates
the database ``petajalan_load``, seeds it (``bench/load_seed.py``), starts granian with 2 workers on a free
port, runs 50 users for 60 s, then each whole page alone for a few seconds, stops the server, prints
requests/s, p50/p95/p99, errors and 409s per request and kind, each page's throughput against the
plain 50-row page's (the unit list, as ``bench/`` measures it) with the heaviest one's ratio, and
exits 1 on any error or lost write (docs/deployment.md, "Load test"). ``--url`` and ``--manifest`` run the
same client against a server started by hand. ``petajalan/ops/tests/test_load_small.py`` runs it
in-process against the test suite's live server.

A simulated person is an ``httpx.AsyncClient`` with its own cookies, sending what the browser sends:
the login form with its CSRF field, htmx requests with ``HX-Request`` and the page's ``X-CSRFToken``,
and each save with the fields of the form it fetched (parsed from the HTML, as the browser serialises
it). Drafters save their own rows; a share of their saves goes to a few rows every drafter shares,
where a concurrent save answers 409 (optimistic locking) and the person saves again once, as the page
asks them to. A 409 on one's own rows is an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from bench.load_forms import _encode, _get, _set, parse_form
from bench.load_seed import LoadUser, Manifest, RoadmapRows

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/petajalan_load"

# request name → kind (the figures are printed per request and per kind)
KINDS: dict[str, str] = {
    "login page": "login",
    "login": "login",
    "logout": "login",
    "matrix page": "matrix edit",
    "matrix row form": "matrix edit",
    "matrix autosave": "matrix edit",
    "matrix save and close": "matrix edit",
    "readiness panel": "matrix edit",
    "quarter page": "quarterly save",
    "quarter row form": "quarterly save",
    "quarter row save": "quarterly save",
    "city dashboard": "dashboard",
    "home": "dashboard",
    "own quarters": "dashboard",
    "road-map list": "read",
    "road-map summary": "read",
    "road-map JSON": "read",
    "evidence list": "read",
    "unit list": "read",
    "API realisation list": "API read",
    "API road-map list": "API read",
    "API actions list": "API read",
}
# whole pages (not htmx fragments, not writes): the candidates for "the heaviest page"
PAGES = [
    "matrix page",
    "quarter page",
    "city dashboard",
    "home",
    "own quarters",
    "road-map list",
    "road-map summary",
    "road-map JSON",
    "evidence list",
    "API realisation list",
]
PLAIN_PAGE = "unit list"  # every unit of the city, as a leader sees it: ~50 rows at 50 users
TOKEN = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
OK, CONFLICT, ERROR = "ok", "409", "error"


# What happened --------------------------------------------------------------------------------------


@dataclass
class Sample:
    name: str
    seconds: float
    outcome: str  # ok, 409 or error


@dataclass
class Write:
    """One save sent: the row, the unique token it wrote and the version it made (sent + 1)."""

    kind: str  # "action" or "realisation"
    key: str  # action uid or realisation id
    token: str
    version: int
    value: Decimal  # the year's target (action) or the realisation
    year: int | None = None  # the target's year (action)
    shared: bool = False


@dataclass
class Ledger:
    acked: list[Write] = field(default_factory=list)  # answered 200
    unsure: list[Write] = field(default_factory=list)  # failed without an answer: may have committed


@dataclass
class Run:
    base_url: str
    manifest: Manifest
    seconds: float
    think: float
    shared_share: float
    timeout: float = 30.0
    deadline: float = 0.0
    limit: asyncio.Semaphore | None = None
    samples: list[Sample] = field(default_factory=list)
    solo_samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong_answers: int = 0  # a 200 whose content was not what the save must answer
    ledger: Ledger = field(default_factory=Ledger)
    started: float = 0.0
    ended: float = 0.0


# One person -------------------------------------------------------------------------------------


class Person:
    """A browser session: cookies, the page's CSRF token, and the flows this role goes through."""

    def __init__(self, run: Run, spec: LoadUser, client: httpx.AsyncClient, seed: int) -> None:
        self.run, self.spec, self.client = run, spec, client
        self.rng = random.Random(seed)  # noqa: S311 (a reproducible mix, not a secret)
        self.csrf = ""
        self.sequence = 0
        self.logged_in = False
        self.gov = f"/g/{run.manifest.government}"

    # requests

    async def request(
        self,
        name: str,
        method: str,
        url: str,
        *,
        data: list[tuple[str, str]] | None = None,
        htmx: bool = False,
        api: bool = False,
        expect: int = 200,
        conflict: bool = False,
        record: bool = True,
    ) -> tuple[httpx.Response | None, str]:
        """Send one request and record its time and outcome; a 409 counts as such only when
        ``conflict`` (a shared row), else as an error."""
        headers = {"Origin": self.run.base_url.rstrip("/")} if method == "POST" else {}
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.run.base_url + url}
        if method == "POST" and self.csrf:
            headers["X-CSRFToken"] = self.csrf
        if api:  # the REST API: the person's read token, no cookies needed
            headers["Authorization"] = f"Bearer {self.spec.api_token}"
        body = _encode(data) if data is not None else None
        async with self.run.limit or contextlib.nullcontext():  # the wait for a turn is not timed
            started = time.perf_counter()
            try:
                response = await self.client.request(method, url, data=body, headers=headers)
            except httpx.HTTPError as exc:
                self._sample(name, started, ERROR, record)
                self._error(f"{name}: {method} {url}: {type(exc).__name__} {exc}")
                return None, ERROR
        if response.status_code == expect:
            outcome = OK
        elif response.status_code == 409 and conflict:
            outcome = CONFLICT
        else:
            outcome = ERROR
            where = response.headers.get("location", "")
            self._error(
                f"{name}: {method} {url}: {response.status_code} (expected {expect}) {where} "
                + " ".join(response.text[:200].split())
            )
        self._sample(name, started, outcome, record)
        if outcome == OK and not htmx and method == "GET" and (m := TOKEN.search(response.text)):
            self.csrf = m.group(1)
        return (response if outcome != ERROR else None), outcome

    def _sample(self, name: str, started: float, outcome: str, record: bool) -> None:
        into = self.run.samples if record else self.run.solo_samples
        into.append(Sample(name, time.perf_counter() - started, outcome))

    def _error(self, text: str) -> None:
        self.run.errors.append(f"{self.spec.email}: {text}")

    async def get(
        self, name: str, url: str, *, htmx: bool = False, api: bool = False, record: bool = True
    ) -> httpx.Response | None:
        response, _outcome = await self.request(name, "GET", url, htmx=htmx, api=api, record=record)
        return response

    def over(self) -> bool:
        return time.monotonic() >= self.run.deadline

    async def pause(self, factor: float = 1.0) -> None:
        """Reading or typing: a random pause around ``think`` seconds."""
        if self.run.think > 0:
            await asyncio.sleep(self.run.think * factor * self.rng.uniform(0.5, 1.5))

    def token(self) -> str:
        self.sequence += 1
        return f"u{self.spec.index:02d}-{self.sequence:05d}"

    # flows

    async def login(self) -> bool:
        page = await self.get("login page", "/akun/masuk/")
        if page is None:
            return False
        fields = _set(
            _set(parse_form(page.text), "identifier", self.spec.email), "password", self.run.manifest.password
        )
        _response, outcome = await self.request("login", "POST", "/akun/masuk/", data=fields, expect=302)
        self.csrf = ""  # logging in rotates the CSRF secret: the next page gives the new token
        self.logged_in = outcome == OK
        return self.logged_in

    async def relogin(self) -> None:
        """Log out from the page one is on, and back in (a person always logs back in)."""
        if not self.csrf and await self.get("home", f"{self.gov}/") is None:
            return
        _response, outcome = await self.request("logout", "POST", "/akun/keluar/", data=[], expect=302)
        self.logged_in = outcome != OK and self.logged_in
        await self.pause()
        await self.login()

    async def live(self) -> None:
        """Log in, then go through flows until the deadline (a failed login is tried again)."""
        flows = self.flows()
        names, weights = list(flows), list(flows.values())
        while not self.over():
            if not self.logged_in:
                if not await self.login():
                    await self.pause()
                continue
            await self.pause()
            if self.over():
                break
            flow = self.rng.choices(names, weights)[0]
            await getattr(self, flow)()

    def flows(self) -> dict[str, int]:
        if self.spec.role == "leader":
            return {"dashboard": 40, "read": 42, "api_read": 13, "relogin": 5}
        return {
            "matrix_edit": 28,
            "quarterly_save": 24,
            "read": 20,
            "dashboard": 16,
            "api_read": 7,
            "relogin": 5,
        }

    async def dashboard(self) -> None:
        if self.spec.role == "leader":
            choices = [("city dashboard", f"{self.gov}/pemantauan/"), ("home", f"{self.gov}/")]
        else:
            choices = [
                ("home", f"{self.gov}/"),
                ("own quarters", f"{self.gov}/pemantauan/roadmap/{self.spec.enacted}/"),
            ]
        await self.get(*self.rng.choice(choices))

    def read_choices(self) -> list[tuple[str, str]]:
        m = self.run.manifest
        if self.spec.role == "leader":
            summary, enacted = self.rng.choice(m.roadmaps), self.rng.choice(m.enacted)
        else:
            assert self.spec.draft is not None
            summary, enacted = self.rng.choice([self.spec.draft.uuid, self.spec.enacted]), self.spec.enacted
        choices = [
            ("road-map list", f"{self.gov}/roadmap/"),
            ("road-map summary", f"{self.gov}/roadmap/{summary}/"),
            ("road-map JSON", f"{self.gov}/dokumen/{enacted}/unduh/json/"),  # open data
            ("evidence list", f"{self.gov}/data-dukung/"),
        ]
        if self.spec.role == "leader":
            choices.append(("unit list", f"{self.gov}/unit/"))
        return choices

    async def read(self) -> None:
        await self.get(*self.rng.choice(self.read_choices()))

    async def api_read(self) -> None:
        """What another system asks the REST API: this quarter's realisation, the road maps, the
        public road maps (each list 50 rows at most)."""
        m = self.run.manifest
        base = f"/api/v1/governments/{m.government}"
        name, url = self.rng.choice(
            [
                ("API realisation list", f"{base}/realisations?year={m.year}&quarter={m.quarter}&limit=50"),
                ("API road-map list", f"{base}/roadmaps?limit=50"),
                ("API actions list", f"{base}/actions?limit=50"),
            ]
        )
        await self.request(name, "GET", url, api=True)

    def _shared(self) -> bool:
        return self.rng.random() < self.run.shared_share

    async def matrix_edit(self) -> None:
        """Open the matrix, open a row, let autosave save it 1-3 times, then "Simpan dan tutup"."""
        shared = self._shared()
        rows = self.run.manifest.shared_draft if shared else self.spec.draft
        assert rows is not None
        uid = self.rng.choice(rows.rows)
        base = f"{self.gov}/roadmap/{rows.uuid}/matriks/"
        if await self.get("matrix page", base) is None or self.over():
            return
        url = f"{base}{uid}/"
        form = await self.get("matrix row form", url, htmx=True)
        if form is None:
            return
        fields = parse_form(form.text)
        saves = self.rng.randint(1, 3)
        for n in range(saves):
            await self.pause(0.5)  # typing, then htmx's "change delay:1500ms"
            if self.over():
                return
            found = await self._save_action(rows, uid, url, fields, finish=n == saves - 1, shared=shared)
            if found is None:
                return
            fields = found

    async def _save_action(
        self,
        rows: RoadmapRows,
        uid: str,
        url: str,
        fields: list[tuple[str, str]],
        *,
        finish: bool,
        shared: bool,
        again: bool = True,
    ) -> list[tuple[str, str]] | None:
        token = self.token()
        years = sorted(k for k, _v in fields if k.startswith("target_"))
        value = Decimal(self.rng.randint(1, 999))
        data = _set(fields, "output", f"Keluaran uji beban {token}")
        if years:
            data = _set(data, years[0], str(value))
        sent = int(_get(data, "version") or 0)
        write = Write(
            "action",
            uid,
            token,
            sent + 1,
            value,
            int(years[0].removeprefix("target_")) if years else None,
            shared,
        )
        name = "matrix save and close" if finish else "matrix autosave"
        response, outcome = await self.request(
            name, "POST", url, data=data + ([("finish", "1")] if finish else []), htmx=True, conflict=shared
        )
        if response is None:
            self.run.ledger.unsure.append(write)
            return None
        if outcome == CONFLICT:  # someone saved first: the form comes back with their version
            if not again or self.over():
                return None
            await self.pause(0.5)  # reading the message, then saving again
            return await self._save_action(
                rows, uid, url, parse_form(response.text), finish=finish, shared=shared, again=False
            )
        self.run.ledger.acked.append(write)
        readiness = f"{self.gov}/klinik/roadmap/{rows.uuid}/kesiapan/?ringkas=1"
        await self.get("readiness panel", readiness, htmx=True)  # the HX-Trigger the save sent
        if finish:
            return data
        m = VERSION.search(response.text)
        if m is None or int(m.group(1)) != sent + 1:
            self.run.wrong_answers += 1
            self._error(f"matrix autosave of {uid}: answered version {m and m.group(1)}, expected {sent + 1}")
            return None
        return _set(data, "version", m.group(1))

    async def quarterly_save(self) -> None:
        """Open the quarter page, open a row, type the realisation and a note, save."""
        shared = self._shared()
        report = self.run.manifest.shared_report if shared else self.spec.report
        assert report is not None
        row = self.rng.choice(report.rows)
        detail = f"{self.gov}/pemantauan/laporan/{report.uuid}/"
        if await self.get("quarter page", detail) is None or self.over():
            return
        url = f"{detail}baris/{row}/"
        form = await self.get("quarter row form", url, htmx=True)
        if form is None:
            return
        await self.pause()
        if not self.over():
            await self._save_realisation(row, url, parse_form(form.text), shared=shared)

    async def _save_realisation(
        self, row: str, url: str, fields: list[tuple[str, str]], *, shared: bool, again: bool = True
    ) -> None:
        token = self.token()
        whole, tenth = self.rng.randint(1, 100), self.rng.randint(0, 9)
        data = _set(_set(fields, "value", f"{whole},{tenth}"), "progress_note", f"Kemajuan uji beban {token}")
        sent = int(_get(data, "version") or 0)
        write = Write("realisation", row, token, sent + 1, Decimal(f"{whole}.{tenth}"), shared=shared)
        response, outcome = await self.request(
            "quarter row save", "POST", url, data=data, htmx=True, conflict=shared
        )
        if response is None:
            self.run.ledger.unsure.append(write)
        elif outcome == CONFLICT:
            if again and not self.over():
                await self.pause(0.5)
                await self._save_realisation(row, url, parse_form(response.text), shared=shared, again=False)
        else:
            self.run.ledger.acked.append(write)


# Running ---------------------------------------------------------------------------------------------


def _client(base_url: str, timeout: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout), follow_redirects=False)


async def _mixed(run: Run, users: list[LoadUser], ramp: float) -> list[Person]:
    people: list[Person] = []
    for n, spec in enumerate(users):
        people.append(Person(run, spec, _client(run.base_url, run.timeout), seed=1000 + n))

    async def start(person: Person, delay: float) -> None:
        await asyncio.sleep(delay)
        await person.live()

    run.started = time.monotonic()
    run.deadline = run.started + run.seconds
    spread = [ramp * n / max(len(people), 1) for n in range(len(people))]
    # bounded: a flow checks the deadline before each step, so a person sends at most a few more
    # requests after it, each with its time-out
    await asyncio.wait_for(
        asyncio.gather(*(start(p, d) for p, d in zip(people, spread, strict=True))),
        run.seconds + 5 * run.timeout,
    )
    run.ended = time.monotonic()
    return people


async def _solo(
    run: Run, people: list[Person], name: str, seconds: float, concurrency: int
) -> tuple[float, float]:
    """One page alone, ``concurrency`` requests at a time without pauses: (requests/s, mean ms)."""
    able = [p for p in people if p.logged_in and any(n == name for n, _u in _page_urls(p))]
    if not able or seconds <= 0:
        return 0.0, 0.0
    times: list[float] = []
    stop = time.monotonic() + seconds

    async def loop(person: Person) -> None:
        url = next(u for n, u in _page_urls(person) if n == name)
        while time.monotonic() < stop:
            started = time.perf_counter()
            if await person.get(name, url, api=name.startswith("API "), record=False) is not None:
                times.append(time.perf_counter() - started)

    began = time.monotonic()
    await asyncio.gather(*(loop(able[n % len(able)]) for n in range(concurrency)))
    elapsed = time.monotonic() - began
    return len(times) / elapsed, 1000 * sum(times) / max(len(times), 1)


def _page_urls(person: Person) -> list[tuple[str, str]]:
    """Every whole page this person opens, with a fixed URL each (for the solo measurement)."""
    gov, m = person.gov, person.run.manifest
    api = f"/api/v1/governments/{m.government}/realisations?year={m.year}&quarter={m.quarter}&limit=50"
    found = [
        ("API realisation list", api),
        ("home", f"{gov}/"),
        ("road-map list", f"{gov}/roadmap/"),
        ("evidence list", f"{gov}/data-dukung/"),
    ]
    if person.spec.role == "leader":
        found += [
            ("city dashboard", f"{gov}/pemantauan/"),
            ("unit list", f"{gov}/unit/"),
            ("road-map summary", f"{gov}/roadmap/{person.run.manifest.roadmaps[0]}/"),
            ("road-map JSON", f"{gov}/dokumen/{person.run.manifest.enacted[0]}/unduh/json/"),
        ]
    else:
        assert person.spec.draft is not None and person.spec.report is not None
        found += [
            ("matrix page", f"{gov}/roadmap/{person.spec.draft.uuid}/matriks/"),
            ("quarter page", f"{gov}/pemantauan/laporan/{person.spec.report.uuid}/"),
            ("own quarters", f"{gov}/pemantauan/roadmap/{person.spec.enacted}/"),
            ("road-map summary", f"{gov}/roadmap/{person.spec.draft.uuid}/"),
            ("road-map JSON", f"{gov}/dokumen/{person.spec.enacted}/unduh/json/"),
        ]
    return found


@dataclass
class Solo:
    """Each page alone after the mixed run: name → (requests/s, mean ms)."""

    pages: dict[str, tuple[float, float]]
    concurrency: int
    seconds: float

    @property
    def heaviest(self) -> str:
        measured = [name for name in PAGES if self.pages.get(name, (0.0, 0.0))[0] > 0]
        return min(measured, key=lambda name: self.pages[name][0]) if measured else ""

    def ratio(self, name: str) -> float:
        """``name``'s throughput relative to the plain 50-row page's."""
        plain = self.pages.get(PLAIN_PAGE, (0.0, 0.0))[0]
        return self.pages.get(name, (0.0, 0.0))[0] / plain if plain else 0.0


async def run_async(
    base_url: str,
    manifest: Manifest,
    *,
    users: int,
    seconds: float,
    think: float = 1.0,
    shared_share: float = 0.15,
    ramp: float | None = None,
    max_in_flight: int | None = None,
    solo_seconds: float = 3.0,
    solo_concurrency: int = 4,
    timeout: float = 30.0,
) -> tuple[Run, Solo | None]:
    """The mixed run with ``users`` people for ``seconds``, then (``solo_seconds`` > 0) the heaviest
    page and the plain 50-row page measured alone."""
    if users > len(manifest.users):
        raise SystemExit(f"the database was seeded for {len(manifest.users)} users, not {users}")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    run = Run(base_url, manifest, seconds, think, shared_share, timeout)
    if max_in_flight:
        run.limit = asyncio.Semaphore(max_in_flight)
    chosen = manifest.users[:users]
    people = await _mixed(run, chosen, seconds / 6 if ramp is None else ramp)
    solo = None
    try:
        if solo_seconds > 0:
            solo = Solo({}, solo_concurrency, solo_seconds)
            for name in [PLAIN_PAGE, *PAGES]:
                solo.pages[name] = await _solo(run, people, name, solo_seconds, solo_concurrency)
    finally:
        await asyncio.gather(*(p.client.aclose() for p in people))
    return run, solo


# Checking the database afterwards -------------------------------------------------------------------


@dataclass
class Verification:
    acked: int = 0
    lost: list[str] = field(default_factory=list)
    unacknowledged_commits: int = 0  # saves that failed on the wire but did commit


def verify(ledger: Ledger) -> Verification:
    """Every save that answered 200 must be in the database: its audit event holds its token and
    version (an earlier save of a row is overwritten by the later one, legitimately); the last one of
    each row is the row's value; no two acknowledged saves of a row made the same version."""
    from petajalan.accounts.models import AuditEvent
    from petajalan.monitoring.models import Realisation
    from petajalan.roadmaps.models import Action, ActionTarget

    result = Verification(acked=len(ledger.acked))
    writes = ledger.acked + ledger.unsure
    uids = {w.key for w in writes if w.kind == "action"}
    ids = {int(w.key) for w in writes if w.kind == "realisation"}
    actions = {
        str(a["uid"]): a for a in Action.objects.filter(uid__in=uids).values("pk", "uid", "version", "output")
    }
    targets = {
        (str(uid), year): value
        for uid, year, value in ActionTarget.objects.filter(
            action__uid__in=uids, quarter__isnull=True
        ).values_list("action__uid", "year", "value")
    }
    rows = {
        str(r["pk"]): r
        for r in Realisation.objects.filter(pk__in=ids).values("pk", "version", "value", "progress_note")
    }
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_type__in=["roadmaps.action", "monitoring.realisation"]
    )
    audited: dict[str, tuple[str, dict[str, Any]]] = {}
    for object_id, after in events.values_list("object_id", "after"):
        text = str((after or {}).get("output") or (after or {}).get("progress_note") or "")
        if "uji beban " in text:
            audited[text.rsplit(" ", 1)[-1]] = (object_id, after or {})
    pk_of = {uid: str(a["pk"]) for uid, a in actions.items()}
    last: dict[tuple[str, str], Write] = {}
    versions: dict[tuple[str, str], set[int]] = defaultdict(set)
    for w in ledger.acked:
        row = (w.kind, w.key)
        if w.version in versions[row]:
            result.lost.append(f"{w.kind} {w.key}: two acknowledged saves made version {w.version}")
        versions[row].add(w.version)
        if row not in last or w.version > last[row].version:
            last[row] = w
        object_id, after = audited.get(w.token, ("", {}))
        expected_id = pk_of.get(w.key, "?") if w.kind == "action" else w.key
        if object_id != expected_id or (w.kind == "action" and after.get("version") != w.version):
            result.lost.append(
                f"{w.kind} {w.key}: acknowledged save {w.token} (version {w.version}) not in the audit log"
            )
    unsure = {w.token for w in ledger.unsure}
    for (kind, key), w in last.items():
        if kind == "action":
            a = actions.get(key)
            now_version, now_text = (a["version"], a["output"]) if a else (None, "")
            now_value = targets.get((key, w.year or 0))
        else:
            r = rows.get(key)
            now_version, now_text = (r["version"], r["progress_note"]) if r else (None, "")
            now_value = r["value"] if r else None
        now_token = now_text.rsplit(" ", 1)[-1] if now_text else ""
        if (
            now_version == w.version
            and now_token == w.token
            and ((w.year is None and kind == "action") or now_value == w.value)
        ):
            continue
        if now_version is not None and now_version > w.version and now_token in unsure:
            result.unacknowledged_commits += 1
            continue
        result.lost.append(
            f"{kind} {key}: last acknowledged save {w.token} (version {w.version}, {w.value}); "
            f"the database holds version {now_version}, {now_token or '—'}, {now_value}"
        )
    return result


# The report ---------------------------------------------------------------------------------------------


def _percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report(run: Run, solo: Solo | None, verification: Verification, header: str = "") -> tuple[str, bool]:
    """The printed figures, and whether the run passed (no error, no lost write)."""
    duration = max(run.ended - run.started, 1e-9)
    lines = [header] if header else []
    lines.append(
        f"{'request':28s} {'n':>6s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}"
        f" {'errors':>7s} {'409':>5s}"
    )

    def line(label: str, samples: list[Sample]) -> str:
        times = [1000 * s.seconds for s in samples]
        errors = sum(s.outcome == ERROR for s in samples)
        conflicts = sum(s.outcome == CONFLICT for s in samples)
        return (
            f"{label:28s} {len(samples):6d} {len(samples) / duration:7.1f} {_percentile(times, 50):8.0f} "
            f"{_percentile(times, 95):8.0f} {_percentile(times, 99):8.0f} {errors:7d} {conflicts:5d}"
        )

    by_name: dict[str, list[Sample]] = defaultdict(list)
    for s in run.samples:
        by_name[s.name].append(s)
    for kind in dict.fromkeys(KINDS.values()):
        names = [n for n in KINDS if KINDS[n] == kind and n in by_name]
        if not names:
            continue
        lines.append(line(kind, [s for n in names for s in by_name[n]]))
        lines += [line(f"  {n}", by_name[n]) for n in names]
    lines.append(line("overall", run.samples))
    errors = sum(s.outcome == ERROR for s in run.samples + run.solo_samples) + run.wrong_answers
    conflicts = sum(s.outcome == CONFLICT for s in run.samples)
    shared = sum(w.shared for w in run.ledger.acked)
    lines.append(
        f"writes acknowledged: {verification.acked} ({shared} on shared rows); 409 stale edits: {conflicts}; "
        f"lost writes: {len(verification.lost)}; failed saves that committed anyway: "
        f"{verification.unacknowledged_commits}; errors: {errors}"
    )
    if solo is not None:
        plain = f"{PLAIN_PAGE} ({run.manifest.units} rows)"
        lines.append(
            f"each page alone, {solo.concurrency} requests at a time for {solo.seconds:g} s "
            f"(throughput relative to the {plain}):"
        )
        for name, (rps, ms) in sorted(solo.pages.items(), key=lambda item: -item[1][0]):
            if not rps:
                continue
            label = plain if name == PLAIN_PAGE else name
            lines.append(f"  {label:26s} {rps:6.1f} req/s {ms:6.0f} ms  {solo.ratio(name):5.2f}")
        heavy = solo.heaviest
        lines.append(
            f"heaviest page: {heavy}, {solo.pages[heavy][0]:.1f} req/s against the {plain}'s "
            f"{solo.pages[PLAIN_PAGE][0]:.1f}: ratio {solo.ratio(heavy):.2f}"
            if heavy
            else "heaviest page: not measured"
        )
    for text in run.errors[:15]:
        lines.append(f"ERROR {text}")
    if len(run.errors) > 15:
        lines.append(f"… and {len(run.errors) - 15} more errors")
    for text in verification.lost[:15]:
        lines.append(f"LOST {text}")
    passed = errors == 0 and not verification.lost
    return "\n".join(lines), passed
