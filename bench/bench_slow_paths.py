"""Slow paths a newcomer met (issue 14, decision 0056): to_plain of a 6,000-action road map, its
PDF export end to end against the render alone, the command line's start-up, and the road map's
summary page and one autosave at 300 actions that are near copies, on a throw-away database."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

CITY_UNITS, ACTIONS_PER_UNIT = 40, 150  # 6,000 actions: the city-size road map of bench_reports
SUMMARY_ACTIONS = 300
REPEAT = 3
ROOT = Path(__file__).resolve().parent.parent
# Each is imported where its feature runs; none may load while the site or a command starts.
HEAVY = (
    "typst",
    "pikepdf",
    "fontTools",
    "openpyxl",
    "docx",
    "Sastrawi",
    "markdown",
    "nh3",
    "pypdf",
    "pypdfium2",
    "PIL",
    "yaml",
)
STARTUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
import django
django.setup()
from django.core.management import get_commands, load_command_class
from django.urls import get_resolver
get_resolver().url_patterns
for name, app in get_commands().items():
    if app.startswith("petajalan"):
        load_command_class(app, name)
print(" ".join(sorted(h for h in sys.argv[1:] if h in sys.modules)))
"""


def _median(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    fn()  # warm caches, templates and imports
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _line(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<42} {seconds:7.3f} s  {note}".rstrip())


def run() -> None:
    _startup()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as tmp:
        if connection.vendor == "sqlite":  # a file, so that the command line can open it too
            connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            _city_size(Path(tmp))
            _summary_page()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


def _database_url() -> str:
    """The throw-away database as a DATABASE_URL for a ``petajalan`` subprocess."""
    d = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{d['NAME']}"
    password = f":{d['PASSWORD']}" if d["PASSWORD"] else ""
    return f"postgres://{d['USER']}{password}@{d['HOST'] or 'localhost'}:{d['PORT'] or 5432}/{d['NAME']}"


def _startup() -> None:
    """Wall time of ``petajalan help`` and ``petajalan check`` (a fresh interpreter each run)."""

    def wall(*argv: str) -> float:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([sys.executable, *argv], cwd=ROOT, check=True, capture_output=True)  # noqa: S603
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    floor = wall("-c", "import django.core.management")
    _line("python -c 'import django.core.management'", floor, "(the floor: Python and Django)")
    for command in ("help", "check"):
        seconds = wall("-m", "petajalan", command)
        _line(f"petajalan {command}", seconds, f"median of 5; ratio to the floor {seconds / floor:.1f}×")
    loaded = subprocess.run(  # noqa: S603
        [sys.executable, "-c", STARTUP, *HEAVY], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    print(f"  heavy libraries loaded by setup, URL conf and every command: {', '.join(loaded) or 'none'}")


def _city_size(tmp: Path) -> None:
    from petajalan.lib.gc_pause import gc_frozen
    from petajalan.reports import services as reports
    from petajalan.reports.pdf_render import render_pdf
    from petajalan.reports.sample import sample_roadmap
    from petajalan.roadmaps.models import Roadmap, Snapshot
    from petajalan.roadmaps.services import to_plain
    from petajalan.roadmaps.services.workflow import freeze_snapshot
    from petajalan.roadmaps.tests.test_plain_values import _orm_to_plain
    from petajalan.testing.factories import make_government

    government = make_government()
    r = store_plain(government, sample_roadmap(units=CITY_UNITS, actions_per_unit=ACTIONS_PER_UNIT))
    with CaptureQueriesContext(connection) as queries:
        plain = to_plain(r)
    values_s, _ = _median(lambda: to_plain(r))
    started = time.perf_counter()
    _orm_to_plain(r)  # the path before decision 0056, once
    objects_s = time.perf_counter() - started
    size = f"{len(plain.actions):,} actions"
    _line(f"to_plain, {size}, as values", values_s, f"{len(queries.captured_queries)} queries")
    _line("the same through model objects (before)", objects_s, f"ratio {objects_s / values_s:.1f}×")
    document, options = reports.with_signatory(plain, r), reports.document_options(government)

    def render() -> bytes:
        with gc_frozen():  # as the export renders: the road map kept out of the collector's walks
            return render_pdf(document, options)

    # the render's time moves by ±10 % between runs on a shared machine: five runs, the median
    render_s, pdf = _median(render, 5)
    export_s, _ = _median(lambda: reports.export_roadmap(r, "pdf"))
    _line("render_pdf of that plain road map", render_s, f"{len(pdf) / 1e6:.1f} MB")
    _line(
        "reports.services.export_roadmap (pdf)", export_s, f"ratio to the render {export_s / render_s:.2f}×"
    )
    command = [sys.executable, "-m", "petajalan", "export_roadmap", "--city", "--government", government.slug]
    command += ["--format", "pdf", "-o", str(tmp / "city.pdf")]
    home = tmp / "warm"  # the background processes of this bench only, ended below
    base = {**os.environ, "DATABASE_URL": _database_url(), "PETAJALAN_WARM_DIR": str(home)}
    cold_env, warm_env = base | {"PETAJALAN_WARM": "0"}, base | {"PETAJALAN_WARM": "1"}

    def once(env: dict[str, str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        return time.perf_counter() - started

    def whole(env: dict[str, str]) -> float:
        return statistics.median(once(env) for _ in range(5))

    try:
        draft_s = whole(cold_env)
        _line(
            "petajalan export_roadmap --format pdf",
            draft_s,
            f"in its own process (PETAJALAN_WARM=0); ratio to the render {draft_s / render_s:.2f}×",
        )
        first_s = once(warm_env)  # starts the background process (decision 0086)
        warm_s = whole(warm_env)
        _line("  the same, warm: first call", first_s, f"ratio to the render {first_s / render_s:.2f}×")
        _line(
            "  the same, warm: later calls", warm_s, f"ratio to the render {warm_s / render_s:.2f}× (aim 2×)"
        )
        # enacted: the sealed document, printed from the enactment snapshot with its QR code
        Roadmap.objects.filter(pk=r.pk).update(
            status=Roadmap.Status.ENACTED, enactment_number="7", enacted_on=dt.date(2025, 4, 15)
        )
        r.refresh_from_db()
        freeze_snapshot(actor=None, roadmap=r, kind=Snapshot.Kind.ENACT)
        enacted_s, enacted_warm_s = whole(cold_env), whole(warm_env)
        _line(
            "  the same road map enacted (sealed, snapshot)",
            enacted_s,
            f"ratio to the render {enacted_s / render_s:.2f}×; "
            f"to the draft's command {enacted_s / draft_s:.2f}×",
        )
        _line(
            "    enacted, warm: later calls",
            enacted_warm_s,
            f"ratio to the render {enacted_warm_s / render_s:.2f}×",
        )
    finally:
        from petajalan import warm

        warm.stop_all(home)


def _summary_page() -> None:
    from bench.bench_roadmaps import _fill
    from petajalan.accounts.models import Membership
    from petajalan.clinic import services as clinic
    from petajalan.clinic.engine import Context, review
    from petajalan.roadmaps.services import to_plain
    from petajalan.roadmaps.tests.factories import make_roadmap
    from petajalan.testing.factories import make_government, make_person, make_unit

    government = make_government()
    units = [make_unit(government) for _ in range(50)]
    r = make_roadmap(government, units[0])
    _fill(r, SUMMARY_ACTIONS)  # "Kegiatan n" / "Dokumen": every row a near copy of the others
    client = Client()
    client.force_login(make_person(government, Membership.Role.DRAFTER, units[0]))
    plain = to_plain(r)
    review_s, result = _median(lambda: review(plain, Context()))
    rule_s, _ = _median(lambda: review(plain, Context(), only=["action.duplicate"]))
    copies = [f for f in result.findings if f.rule == "action.duplicate"]
    _line(f"review of {SUMMARY_ACTIONS} actions, near copies", review_s)
    _line(
        "  the duplicate rule alone",
        rule_s,
        f"{len(copies)} finding for {sum(f.items for f in copies)} copies",
    )
    base, _ = _median(lambda: client.get(f"/g/{government.slug}/unit/"), 5)
    url = f"/g/{government.slug}/roadmap/{r.uuid}/"
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    _line("summary page, first view (reviews once)", time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        page_s, response = _median(lambda: client.get(url), 5)
    assert response.status_code == 200
    _line(
        "summary page, later views (stored review)",
        page_s,
        f"{len(queries.captured_queries) // 6} queries; ratio to the 50-row unit list {page_s / base:.1f}×",
    )
    action = r.actions.order_by("order").first()
    assert action is not None
    data = {
        "focus_key": action.focus_key,
        "activity": action.activity + " (diubah)",
        "output": action.output,
        "direction": "up",
        "indicator": action.indicator,
        "unit_of_measure": action.unit_of_measure,
        "version": str(action.version),
    }
    panel = f"/g/{government.slug}/klinik/roadmap/{r.uuid}/kesiapan/?ringkas=1"
    with mock.patch.object(clinic, "review", side_effect=clinic.review) as spy:
        started = time.perf_counter()
        saved = client.post(f"{url}matriks/{action.uid}/", data, HTTP_HX_REQUEST="true")
        client.get(panel, HTTP_HX_REQUEST="true")
        elapsed = time.perf_counter() - started
    assert saved.status_code == 200, saved.status_code
    _line("one autosave and the panel it refreshes", elapsed, f"reviews run: {spy.call_count}")


def store_plain(government: Any, plain: Any) -> Any:
    """Write a ``PlainRoadmap`` into a new city road map with bulk inserts (seconds, where
    ``apply_plain`` would take minutes at 6,000 actions): every table ``to_plain`` reads is filled."""
    from petajalan.accounts.models import Unit
    from petajalan.roadmaps import models as m
    from petajalan.roadmaps.tests.factories import make_roadmap

    g = government
    names = sorted(
        {a.responsible_unit for a in plain.actions} | {s for a in plain.actions for s in a.supporting_units}
    )
    units = {
        name: Unit.objects.create(
            government=g,
            name=name,
            short_name=name,
            kind=Unit.Kind.DINAS,
            code=f"9.{n:02d}.0.00.0.00.01.0000",
        )
        for n, name in enumerate(names, start=1)
    }
    r = make_roadmap(g, None, start_year=plain.start_year, end_year=plain.end_year)
    m.Chapter.objects.filter(roadmap=r).delete()
    m.Chapter.objects.bulk_create(
        m.Chapter(roadmap=r, government=g, key=c.key, ref=c.ref, title=c.title, body=c.body, order=c.order)
        for c in plain.chapters
    )
    problems = m.Problem.objects.bulk_create(
        m.Problem(
            roadmap=r,
            government=g,
            uid=uuid.uuid4(),
            focus_key=p.focus_key,
            statement=p.statement,
            order=p.order,
        )
        for p in plain.problems
    )
    problem_of = {p.uid: obj for p, obj in zip(plain.problems, problems, strict=True)}
    actions = m.Action.objects.bulk_create(
        m.Action(
            roadmap=r,
            government=g,
            focus_key=a.focus_key,
            activity=a.activity,
            subactivity_code=a.subactivity_code,
            output=a.output,
            indicator=a.indicator,
            unit_of_measure=a.unit_of_measure,
            baseline_year=a.baseline_year,
            baseline_value=a.baseline_value,
            responsible_unit=units.get(a.responsible_unit),
            schedule=a.schedule,
            expected_evidence=a.expected_evidence,
            order=n,
        )
        for n, a in enumerate(plain.actions)
    )
    pairs = list(zip(plain.actions, actions, strict=True))
    m.ActionTarget.objects.bulk_create(
        [
            m.ActionTarget(government=g, action=obj, year=t.year, value=t.value)
            for a, obj in pairs
            for t in a.targets
        ]
        + [  # quarterly targets of the first year
            m.ActionTarget(government=g, action=obj, year=plain.start_year, quarter=q, value=Decimal(q * 5))
            for _a, obj in pairs
            for q in (1, 2, 3, 4)
        ],
        batch_size=5000,
    )
    m.ActionBudget.objects.bulk_create(
        (
            m.ActionBudget(government=g, action=obj, year=b.year, amount=b.value)
            for a, obj in pairs
            for b in a.budgets
        ),
        batch_size=5000,
    )
    m.Action.problems.through.objects.bulk_create(
        (
            m.Action.problems.through(action_id=obj.pk, problem_id=problem_of[uid].pk)
            for a, obj in pairs
            for uid in a.problem_uids
        ),
        batch_size=5000,
    )
    m.Action.supporting_units.through.objects.bulk_create(
        (
            m.Action.supporting_units.through(action_id=obj.pk, unit_id=units[name].pk)
            for a, obj in pairs
            for name in a.supporting_units
        ),
        batch_size=5000,
    )
    m.QuickWin.objects.bulk_create(
        m.QuickWin(
            roadmap=r,
            government=g,
            title=q.title,
            change_for_citizens=q.change_for_citizens,
            owner=q.owner,
            deadline_on=q.deadline,
            order=q.order,
        )
        for q in plain.quick_wins
    )
    m.TeamMember.objects.bulk_create(
        m.TeamMember(
            roadmap=r, government=g, team=t.team, role=t.role, name=t.name, group=t.group, order=t.order
        )
        for t in plain.team
    )
    m.ChangeAgent.objects.bulk_create(
        m.ChangeAgent(roadmap=r, government=g, name=c.name, nip=c.nip, unit_name=c.unit, order=c.order)
        for c in plain.change_agents
    )
    return r
