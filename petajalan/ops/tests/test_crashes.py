"""Processes killed with SIGKILL in the middle of their work, then started again: nothing is half
written, no job stays "running", and nothing that was answered is lost.

Real processes on a real database of their own (a SQLite file, or a PostgreSQL database made for the
test and dropped after): ``petajalan db_worker`` as the task worker, granian as the web server, the
data made by the product's own services. A process is held at a named point with
``PETAJALAN_TEST_PAUSE`` (``petajalan/lib/pause_points.py``) and its whole process group is killed
with SIGKILL. After a worker dies, ``petajalan fail_lost_tasks`` runs before the worker starts
again, as the systemd unit in docs/deployment.md does (decision 0082). Each engine runs in the suite
run on that engine (CI runs the suite on both); PostgreSQL is skipped only when no server answers.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from petajalan.testing.processes import Browser, Database, Site, postgres_server, wait_until

LOST = "Pekerjaan terhenti karena proses pekerja mati; silakan ulangi."
PASSWORD = "kata-sandi-uji-123"  # the factories' password
NEW_ACTIONS = 40

SEED = """
import dataclasses, datetime as dt, json, uuid
from pathlib import Path
from django.core.management import call_command
from django.utils import timezone
from petajalan.accounts.models import Membership
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.models import Period
from petajalan.reports import services as reports
from petajalan.reports.xlsx_export import export_xlsx
from petajalan.roadmaps.models import Action, Roadmap
from petajalan.roadmaps.services import to_plain
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.factories import make_government, make_person, make_unit

call_command("migrate", verbosity=0)
R = Membership.Role
gov = make_government(slug="kota-uji", name="Kota Uji")
health = make_unit(gov, name="Dinas Kesehatan", short_name="Dinkes", code="1.02.0.00.0.00.01.0000")
school = make_unit(gov, name="Dinas Pendidikan", short_name="Disdik", code="1.01.0.00.0.00.01.0000")
make_person(gov, R.DRAFTER, health, email="penyusun.dinkes@uji.test")
make_person(gov, R.DRAFTER, school, email="penyusun.disdik@uji.test")

# an enacted road map with three actions due in 2025 TW I, whose report is open today
enacted = make_roadmap(gov, health, status=Roadmap.Status.ENACTED, title="Road Map RB Dinas Kesehatan")
for n, direction in enumerate(Action.Direction.values, start=1):
    make_action(enacted, direction=direction, activity=f"Rencana aksi {n}", unit_of_measure="%", order=n)
today = timezone.localdate()
Period.objects.create(
    government=gov, year=2025, quarter=1, due_on=today + dt.timedelta(days=7),
    locks_on=today + dt.timedelta(days=12),
)
report = monitoring.open_report(actor=None, roadmap=enacted, year=2025, quarter=1)

# a draft road map of three actions, and a workbook of it that adds NEW_ACTIONS more
draft = make_roadmap(gov, school, title="Road Map RB Dinas Pendidikan")
for n in range(3):
    make_action(draft, activity=f"Kegiatan lama {n + 1}")
plain = to_plain(draft)
added = [
    dataclasses.replace(
        plain.actions[0], uid=str(uuid.uuid4()), activity=f"Kegiatan impor {n + 1}", order=100 + n
    )
    for n in range(NEW_ACTIONS)
]
plain = dataclasses.replace(plain, actions=[*plain.actions, *added])
workbook = export_xlsx(plain, units=reports.unit_names(gov))
Path(VAR_DIR, "impor.xlsx").write_bytes(workbook)
print(json.dumps({
    "gov": gov.slug,
    "enacted": [enacted.pk, str(enacted.uuid)],
    "draft": [draft.pk, str(draft.uuid)],
    "report": str(report.uuid),
    "rows": list(report.realisations.order_by("action__order").values_list("pk", flat=True)),
}))
"""

# Queue report jobs through the product's service, as the upload and "Siapkan" buttons do.
ENQUEUE = """
import json
from pathlib import Path
from petajalan.accounts.models import User
from petajalan.reports import services
from petajalan.roadmaps.models import Roadmap

jobs = []
for kind, roadmap, email in KINDS:
    roadmap, actor = Roadmap.objects.get(pk=roadmap), User.objects.get(email=email)
    if kind == "import":
        data = Path(VAR_DIR, "impor.xlsx").read_bytes()
        job = services.start_import(actor=actor, roadmap=roadmap, upload_name="impor.xlsx", data=data)
    else:
        job = services.start_export(actor=actor, roadmap=roadmap, fmt=kind)
    jobs.append(job.pk)
print(json.dumps(jobs))
"""

CURRENT = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"


@dataclass
class Crash:
    """The site under test and what the seed made."""

    site: Site
    seeded: dict[str, Any]

    @property
    def db(self) -> Database:
        return self.site.database

    def enqueue(self, *kinds: str) -> list[int]:
        """Jobs in this order: ``import`` (the workbook, into the draft) or an export format (the
        enacted road map's)."""
        wanted = [
            (kind, self.seeded["draft"][0], "penyusun.disdik@uji.test")
            if kind == "import"
            else (kind, self.seeded["enacted"][0], "penyusun.dinkes@uji.test")
            for kind in kinds
        ]
        code = f"KINDS = {wanted!r}\nVAR_DIR = {str(self.site.var_dir)!r}\n{ENQUEUE}"
        jobs: list[int] = self.site.shell(code)
        return jobs

    def job(self, pk: int) -> dict[str, Any]:
        columns = "status, progress, message, result, result_name, parsed, changes, problems, uuid"
        row = self.db.query(f"SELECT {columns} FROM reports_reportjob WHERE id = ?", pk)[0]  # noqa: S608
        found = dict(zip(columns.split(", "), row, strict=True))
        for name in ("parsed", "changes", "problems"):
            if isinstance(found[name], str):  # SQLite gives JSON as text
                found[name] = json.loads(found[name])
        found["uuid"] = str(uuid.UUID(str(found["uuid"])))  # SQLite keeps it as 32 hex digits
        return found

    def task_of(self, pk: int) -> tuple[str, str]:
        """(status, exception class) of the task that runs job ``pk``."""
        wanted = self.job(pk)["uuid"]
        for status, error, arguments in self.db.query(
            f"SELECT status, exception_class_path, args_kwargs FROM {DBTaskResult._meta.db_table}"  # noqa: S608
        ):
            arguments = json.loads(arguments) if isinstance(arguments, str) else arguments
            if arguments["args"][0] == wanted:
                return status, error
        raise AssertionError(f"no task for job {pk}")

    def wait_for_job(self, pk: int, timeout: float = 90) -> dict[str, Any]:
        def finished() -> dict[str, Any] | None:
            job = self.job(pk)
            return job if job["status"] in ("done", "failed") else None

        return wait_until(finished, timeout, f"job {pk} to finish")

    def actions(self) -> list[str]:
        """The draft road map's actions, by activity."""
        rows = self.db.query(
            "SELECT activity FROM roadmaps_action WHERE roadmap_id = ?", self.seeded["draft"][0]
        )
        return sorted(row[0] for row in rows)

    def recover(self, worker_id: str) -> str:
        done = self.site.run("fail_lost_tasks", "--worker-id", worker_id)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def url(self, server: str, tail: str) -> str:
        return f"{server}/g/{self.seeded['gov']}/{tail}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crash]:
    """The site of one engine, seeded once for the module (each test uses rows of its own)."""
    if request.param != CURRENT:
        pytest.skip(f"runs in the suite run on {request.param}")
    server = None
    if request.param == "postgresql":
        server = postgres_server()
        if server is None:
            pytest.skip("no PostgreSQL server answers (DATABASE_URL's, or 127.0.0.1:5432)")
    folder = tmp_path_factory.mktemp(f"crash-{request.param}")
    database = Database.create(request.param, folder, server)
    site = Site(database, folder)
    try:
        seed = f"NEW_ACTIONS = {NEW_ACTIONS}\nVAR_DIR = {str(folder)!r}\n{SEED}"
        yield Crash(site, site.shell(seed))
    finally:
        site.stop_all()
        database.drop()


@pytest.fixture
def crash(seeded: Crash) -> Iterator[Crash]:
    """The seeded site; every process a test started is ended after it, pass or fail."""
    yield seeded
    seeded.site.stop_all()


def test_a_worker_killed_while_checking_an_import_writes_nothing_and_its_job_ends_failed(
    crash: Crash,
) -> None:
    before = crash.actions()
    worker = crash.site.start_worker("pekerja-a", PETAJALAN_TEST_PAUSE="import-check")
    checked, queued = crash.enqueue("import", "xlsx")
    worker.wait_for_output("PETAJALAN_TEST_PAUSE: import-check")
    assert crash.job(checked)["status"] == "running" and crash.job(checked)["progress"] == 30
    worker.kill()

    # django-tasks-db alone would leave the job "running" for ever
    assert crash.job(checked)["status"] == "running"
    assert crash.task_of(checked)[0] == "RUNNING"
    recovered = crash.recover("pekerja-a")
    assert "1 tugas yang terhenti ditandai gagal." in recovered

    job = crash.job(checked)
    assert (job["status"], job["message"], job["progress"]) == ("failed", LOST, 100)
    assert job["parsed"] is None and job["changes"] == {}  # nothing to apply from a half check
    assert crash.task_of(checked) == ("FAILED", "petajalan.ops.lost_tasks.WorkerLost")
    assert crash.actions() == before

    # the restarted worker runs the job that was waiting behind, and the upload done again
    crash.site.start_worker("pekerja-a")
    assert crash.wait_for_job(queued)["status"] == "done"
    again = crash.wait_for_job(crash.enqueue("import")[0])
    assert again["status"] == "done" and again["problems"] == []
    assert len(again["changes"]["actions"]["added"]) == NEW_ACTIONS
    assert crash.actions() == before  # checked, not applied: applying waits for the person


def test_a_worker_killed_while_typesetting_a_pdf_leaves_no_file_and_the_job_failed(crash: Crash) -> None:
    worker = crash.site.start_worker("pekerja-b", PETAJALAN_TEST_PAUSE="pdf-render")
    (job_pk,) = crash.enqueue("pdf")
    worker.wait_for_output("PETAJALAN_TEST_PAUSE: pdf-render")
    assert crash.job(job_pk)["status"] == "running"
    assert worker.children_running("typst_child.py")  # the Typst compiler has started
    worker.kill()  # the compiler with it: kill() waits until no process of the group is left

    assert "1 tugas yang terhenti ditandai gagal." in crash.recover("pekerja-b")
    job = crash.job(job_pk)
    assert (job["status"], job["message"]) == ("failed", LOST)
    assert job["result"] is None and job["result_name"] == ""  # no download is offered

    crash.site.start_worker("pekerja-b")
    again = crash.wait_for_job(crash.enqueue("pdf")[0])
    assert again["status"] == "done" and bytes(again["result"]).startswith(b"%PDF")


def _row(crash: Crash, pk: int) -> tuple[Any, ...]:
    """(value, achievement, version, audit events) of a realisation row."""
    value, achievement, version = crash.db.query(
        "SELECT value, achievement, version FROM monitoring_realisation WHERE id = ?", pk
    )[0]
    events = crash.db.query(
        "SELECT COUNT(*) FROM accounts_auditevent "
        "WHERE object_type = 'monitoring.realisation' AND object_id = ?",
        str(pk),
    )[0][0]
    return _number(value), _number(achievement), version, events


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def test_a_server_killed_during_a_quarterly_save_keeps_every_answered_save_and_no_half_row(
    crash: Crash,
) -> None:
    first, second, third = crash.seeded["rows"]
    page = f"pemantauan/laporan/{crash.seeded['report']}/"
    server = crash.site.start_server()
    browser = Browser()
    browser.log_in(server.url, "penyusun.dinkes@uji.test", PASSWORD)

    def save(url: str, row: int, value: str, version: int) -> int:
        form = {"value": value, "progress_note": f"Realisasi {value}", "version": str(version)}
        return browser.post(crash.url(url, f"{page}baris/{row}/"), form, htmx=True)[0]

    assert save(server.url, first, "8", 1) == 200
    assert save(server.url, second, "12", 1) == 200
    answered = {first: (8.0, 80.0, 2, 1), second: (12.0, 80.0, 2, 1)}  # up 8 of 10; down 12 for 10
    assert {pk: _row(crash, pk) for pk in answered} == answered
    server.process.kill()  # idle: the saves answered are committed

    held = crash.site.start_server(PETAJALAN_TEST_PAUSE="save-realisation")
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(save, held.url, third, "9", 1)
        held.process.wait_for_output("PETAJALAN_TEST_PAUSE: save-realisation")
        held.process.kill()  # the row is written, the audit event not yet, nothing committed
        with pytest.raises(OSError):  # the browser gets no answer
            in_flight.result(timeout=30)

    server = crash.site.start_server()
    assert _row(crash, third) == (None, None, 1, 0)  # nothing of the save that got no answer
    assert {pk: _row(crash, pk) for pk in answered} == answered
    status, html = browser.get(crash.url(server.url, page))  # the session outlived both servers
    assert status == 200 and "Realisasi 8" in html and "Realisasi 12" in html and "Realisasi 9" not in html
    # the row is not left locked: the same save, made again, goes through at once
    assert save(server.url, third, "9", 1) == 200
    assert _row(crash, third) == (9.0, 90.0, 2, 1)  # keep 10: 9 is 90 %


def test_a_server_killed_while_applying_an_import_writes_none_of_it(crash: Crash) -> None:
    before = crash.actions()
    version = crash.db.query("SELECT version FROM roadmaps_roadmap WHERE id = ?", crash.seeded["draft"][0])
    worker = crash.site.start_worker("pekerja-d")
    job_pk = crash.enqueue("import")[0]
    job = crash.wait_for_job(job_pk)
    assert job["status"] == "done" and job["problems"] == []
    worker.stop()

    job_url = f"dokumen/{crash.seeded['draft'][1]}/tugas/{job['uuid']}/"
    held = crash.site.start_server(PETAJALAN_TEST_PAUSE="import-apply")
    browser = Browser()
    browser.log_in(held.url, "penyusun.disdik@uji.test", PASSWORD)
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(
            browser.post,
            crash.url(held.url, f"{job_url}terapkan/"),
            {},
            form_url=crash.url(held.url, job_url),
        )
        held.process.wait_for_output("PETAJALAN_TEST_PAUSE: import-apply")
        held.process.kill()  # every action written inside the transaction, none committed
        with pytest.raises(OSError):
            in_flight.result(timeout=30)

    assert crash.actions() == before
    assert crash.job(job_pk)["status"] == "done"  # not applied: it can be applied again
    assert (
        crash.db.query("SELECT version FROM roadmaps_roadmap WHERE id = ?", crash.seeded["draft"][0])
        == version
    )

    server = crash.site.start_server()
    status, html = browser.post(
        crash.url(server.url, f"{job_url}terapkan/"), {}, form_url=crash.url(server.url, job_url)
    )
    assert status == 200 and f"{NEW_ACTIONS} rencana aksi baru" in html
    assert crash.job(job_pk)["status"] == "applied"
    assert crash.actions() == sorted([*before, *(f"Kegiatan impor {n + 1}" for n in range(NEW_ACTIONS))])


@pytest.mark.django_db
def test_fail_lost_tasks_takes_only_the_named_workers_tasks_unless_all(gov: Any, unit: Any) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import get_date_max

    from petajalan.reports.models import ReportJob
    from petajalan.reports.tasks import run_report_job
    from petajalan.roadmaps.tests.factories import make_roadmap

    roadmap = make_roadmap(gov, unit)

    def running(worker_id: str) -> tuple[ReportJob, DBTaskResult]:
        job = ReportJob.objects.create(
            government=gov, roadmap=roadmap, kind=ReportJob.Kind.EXPORT, status=ReportJob.Status.RUNNING
        )
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [str(job.uuid)], "kwargs": {}},
            task_path=run_report_job.module_path,
            backend_name="default",
            run_after=get_date_max(),
        )
        task.claim(worker_id)
        return job, task

    mine, theirs = running("pekerja-1"), running("pekerja-2")
    out = io.StringIO()
    call_command("fail_lost_tasks", "--worker-id", "pekerja-1", stdout=out)
    assert f"pekerjaan {mine[0].uuid}" in out.getvalue() and "1 tugas yang terhenti" in out.getvalue()
    for (job, task), status in ((mine, "failed"), (theirs, "running")):
        job.refresh_from_db()
        task.refresh_from_db()
        assert (job.status, task.status) == (status, status.upper())
    assert mine[0].message == LOST and theirs[0].message == ""

    again = io.StringIO()
    call_command("fail_lost_tasks", "--worker-id", "pekerja-1", stdout=again)  # on every start: harmless
    assert again.getvalue().strip() == "Tidak ada tugas yang terhenti."

    call_command("fail_lost_tasks", "--all", stdout=out)
    theirs[0].refresh_from_db()
    assert (theirs[0].status, theirs[0].message) == ("failed", LOST)
