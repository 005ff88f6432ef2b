"""Real processes for the crash tests: a database of their own, the ``petajalan`` commands, the task
worker and the granian server, started as in production and killed with SIGKILL.

The child processes must see committed data, so they never use the test database: ``Database`` makes
a SQLite file or a PostgreSQL database named ``crash_…`` and drops it afterwards. Each long-running
process gets a process group of its own, so one ``killpg`` takes it down with every child it started
(granian's workers, the Typst compiler of a PDF).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Settings the child processes must not inherit from the test run or the machine.
CLEARED = (
    "DATABASE_URL",
    "EVIDENCE_STORAGE",
    "EVIDENCE_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "PETAJALAN_ENV",
    "PETAJALAN_TEST_PAUSE",
    "TASK_BACKEND",
    "DEBUG",
    "LOG_LEVEL",
)
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"


def program(name: str) -> str:
    """A console script of this virtual environment (``petajalan``, ``granian``)."""
    command = Path(sys.executable).with_name(name)
    return str(command if command.exists() else ROOT / ".venv" / "bin" / name)


def wait_until[T](check: Callable[[], T | None], timeout: float, what: str, step: float = 0.05) -> T:
    """Poll ``check`` until it returns something true (not None, False or empty); fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(step)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Databases


def postgres_server() -> str | None:
    """The PostgreSQL server to make databases on (the suite's own when DATABASE_URL names one, else
    127.0.0.1:5432), as a URL without a database name; None when it does not answer."""
    configured = os.environ.get("DATABASE_URL", "")
    server = configured.rsplit("/", 1)[0] if configured.startswith("postgres") else DEFAULT_POSTGRES
    import psycopg

    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return server
    except psycopg.Error:
        return None


@dataclass
class Database:
    """A database of its own: a SQLite file, or a PostgreSQL database made here and dropped by ``drop``."""

    engine: str
    url: str
    server: str = ""
    name: str = ""

    @classmethod
    def create(cls, engine: str, folder: Path, server: str | None = None) -> Database:
        if engine == "sqlite":
            return cls(engine, f"sqlite:///{folder / 'crash.sqlite3'}")
        assert server is not None
        name = f"crash_{os.getpid()}_{time.monotonic_ns() % 1_000_000}"
        _postgres_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        return cls(engine, f"{server}/{name}", server, name)

    def drop(self) -> None:
        if self.engine == "postgresql":
            _postgres_admin(self.server, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of one read, on a connection of its own (``?`` placeholders on both engines)."""
        if self.engine == "sqlite":
            db = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20)
            try:
                return db.execute(sql, params).fetchall()
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as server:
            return server.execute(sql.replace("?", "%s"), params).fetchall()  # type: ignore[arg-type]


def _postgres_admin(server: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
        for statement in statements:
            db.execute(statement)  # type: ignore[arg-type]  # names made here, not input


# Processes


@dataclass
class Process:
    """A long-running child in a process group of its own, its output in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_output(self, text: str, timeout: float = 30) -> None:
        """Until ``text`` appears in the output; fails early when the process ends first."""

        def seen() -> bool:
            if text in self.output:
                return True
            if self.popen.poll() is not None:
                raise AssertionError(
                    f"{self.name} ended ({self.popen.returncode}) before {text!r}:\n{self.output}"
                )
            return False

        wait_until(seen, timeout, f"{text!r} from {self.name}")

    def group(self) -> list[int]:
        """The live (not zombie) processes of this process group."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == self.popen.pid:
                found.append(int(entry.name))
        return found

    def children_running(self, script: str) -> list[int]:
        """Processes of the group whose command line mentions ``script``."""
        running = []
        for pid in self.group():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if script in command and pid != self.popen.pid:
                running.append(pid)
        return running

    def kill(self) -> None:
        """SIGKILL to the whole group, as the kernel's OOM killer or a power cut would end it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        wait_until(lambda: not self.group(), 10, f"every process of {self.name} to end")

    def stop(self) -> None:
        """Gracefully if it listens (SIGTERM), else as ``kill``; for clean-up."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        if self.group():
            self.kill()


@dataclass
class Site:
    """One installation on its own database and var/ folder, driven by the real commands."""

    database: Database
    var_dir: Path
    processes: list[Process] = field(default_factory=list)

    def environment(self, **extra: str) -> dict[str, str]:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("S3_", *CLEARED)) and name.removesuffix("_FILE") not in CLEARED
        }
        return environment | {
            "DJANGO_SETTINGS_MODULE": "petajalan.settings",
            "PETAJALAN_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": self.database.url,
            "TASK_BACKEND": "database",  # as in production: tasks wait in the database for the worker
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """A ``petajalan`` command run to its end."""
        return subprocess.run(  # noqa: S603 (our own command)
            [program("petajalan"), *args],
            cwd=ROOT,
            env=self.environment(**env),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def shell(self, code: str, **env: str) -> Any:
        """Run ``code`` in ``petajalan shell``; the JSON it prints last is the answer."""
        done = self.run("shell", "--no-imports", "-c", code, **env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self, name: str, command: list[str], **env: str) -> Process:
        """A long-running process in a new process group, its output (both streams) in var/NAME-N.log."""
        log = self.var_dir / f"{name}-{len(self.processes)}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(  # noqa: S603 (our own commands)
                command,
                cwd=ROOT,
                env=self.environment(**env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_worker(self, worker_id: str, **env: str) -> Process:
        """``petajalan db_worker`` as in production, polling every 0.1 s instead of every second."""
        command = [program("petajalan"), "db_worker", "--worker-id", worker_id, "--interval", "0.1"]
        return self.start("worker", [*command, "--no-startup-delay", "--no-reload"], **env)

    def start_server(self, **env: str) -> Server:
        """granian as ``make serve`` runs it (two workers, one blocking thread each), once it answers."""
        port = free_port()
        command = [program("granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--workers", "2", "--blocking-threads", "1", "petajalan.wsgi:application"]
        process = self.start("granian", command, **env)
        server = Server(process, f"http://127.0.0.1:{port}")
        wait_until(server.is_up, 60, "granian to answer /healthz", step=0.1)
        return server

    def stop_all(self) -> None:
        for process in self.processes:
            process.stop()


@dataclass
class Server:
    process: Process
    url: str

    def is_up(self) -> bool:
        if self.process.popen.poll() is not None:
            raise AssertionError(f"granian ended ({self.process.popen.returncode}):\n{self.process.output}")
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310 (local)
                return bool(response.status == 200)
        except (OSError, urllib.error.URLError):
            return False


class Browser:
    """A person's browser, reduced to cookies and forms: the session survives a server restart."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (the local test server)

    def post(
        self, url: str, data: dict[str, str], *, form_url: str | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        """POST a form to ``url`` with the CSRF token of the page it is on (``form_url``, by default
        ``url`` itself), read just before, as a person opens the page and then submits."""
        status, page = self.get(form_url or url)
        assert status == 200, (form_url or url, status)
        form = {"csrfmiddlewaretoken": csrf_token(page), **data}
        body = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (the local test server)
        if htmx:
            request.add_header("HX-Request", "true")
        return self._open(request)

    def log_in(self, server_url: str, identifier: str, password: str) -> None:
        status, page = self.post(
            f"{server_url}/akun/masuk/", {"identifier": identifier, "password": password}
        )
        assert status == 200 and "akun/keluar" in page, page[:2000]

    def _open(self, request: urllib.request.Request, timeout: float = 30) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return int(response.status), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode("utf-8", "replace")


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) or re.search(
        r'"X-CSRFToken":\s*"([^"]+)"', page
    )
    assert found, "no CSRF token on the page"
    return found.group(1)
