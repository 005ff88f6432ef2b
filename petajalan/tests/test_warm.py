"""The warm command line (petajalan/warm.py, decision 0086): ``petajalan export_roadmap`` served by
a background process gives what the command gives on its own (files, messages, exit codes), and a
background process never serves other code or other settings than the command would load itself.

The end-to-end tests run the real ``petajalan`` console script on a database of their own (a
SQLite file, or a PostgreSQL database made and dropped here) and end every background process they
started. The rest of the suite runs commands in their own process (``PETAJALAN_WARM=0``, conftest).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from petajalan import warm
from petajalan.testing.processes import Database, Site, postgres_server, wait_until

CURRENT = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"
SEED = """
import json
from django.core.management import call_command
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.factories import make_government, make_unit

call_command("migrate", verbosity=0)
gov = make_government(slug="kota-uji", name="Kota Uji")
unit = make_unit(gov, name="Dinas Kesehatan", short_name="Dinkes", code="1.02.0.00.0.00.01.0000")
roadmap = make_roadmap(gov, unit, title="Road Map RB Dinas Kesehatan")
for n in range(3):
    make_action(roadmap, activity=f"Kegiatan {n + 1}", order=n + 1)
print(json.dumps({"unit": unit.code}))
"""


# What goes warm, and under which name -----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["petajalan", "export_roadmap", "--city"], {}, True),
        (["petajalan", "export_roadmap", "--city"], {"PETAJALAN_WARM": "0"}, False),
        (["petajalan", "export_roadmap", "--city"], {"WARMPY": "0"}, False),
        (["petajalan", "export_roadmap", "--settings=other"], {}, False),
        (["petajalan", "export_roadmap", "--pythonpath", "lib"], {}, False),
        (["petajalan", "migrate"], {}, False),
        (["petajalan", "runserver"], {}, False),
        (["petajalan"], {}, False),
    ],
)
def test_only_the_document_exports_go_warm(argv, environ, expected):
    assert warm.wanted(argv, environ) is expected


def test_the_code_stamp_changes_with_any_file_of_the_package(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text("<p>halo</p>")
    first = warm.code_stamp(tmp_path)
    assert warm.code_stamp(tmp_path) == first
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-312.pyc").write_bytes(b"\0")
    assert warm.code_stamp(tmp_path) == first  # compiled copies are not the code
    (tmp_path / "templates" / "t.html").write_text("<p>halo, dunia</p>")  # changed
    changed = warm.code_stamp(tmp_path)
    assert changed != first
    (tmp_path / "b.py").write_text("")  # added
    added = warm.code_stamp(tmp_path)
    assert added not in (first, changed)
    (tmp_path / "b.py").unlink()  # removed again
    assert warm.code_stamp(tmp_path) != added


def test_the_fingerprint_follows_settings_not_the_shell():
    base = {"DATABASE_URL": "sqlite:///a.sqlite3", "PWD": "/srv", "SHLVL": "1"}
    same = warm.fingerprint(base, "stamp")
    assert warm.fingerprint(base | {"PWD": "/home", "SHLVL": "2", "OLDPWD": "/srv"}, "stamp") == same
    assert warm.fingerprint(base | {"DATABASE_URL": "sqlite:///b.sqlite3"}, "stamp") != same
    assert warm.fingerprint(base | {"EVIDENCE_STORAGE": "s3"}, "stamp") != same
    assert warm.fingerprint(base, "other code") != same


def test_the_sockets_live_in_a_private_place(tmp_path, monkeypatch):
    assert warm.home({"PETAJALAN_WARM_DIR": str(tmp_path)}) == tmp_path
    assert warm.home({"XDG_RUNTIME_DIR": "/run/user/1000"}) == Path("/run/user/1000/petajalan-warm")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert warm.home({}) == tmp_path / ".cache" / "petajalan" / "warm"


# End to end: the real console script ------------------------------------------------------------


@dataclass
class Warm:
    """A seeded site, the environment of warm commands on it, and the trace of serving processes."""

    site: Site
    env: dict[str, str]
    trace: Path
    unit: str

    @property
    def home(self) -> Path:
        return Path(self.env["PETAJALAN_WARM_DIR"])

    def served(self) -> list[int]:
        return [int(line) for line in self.trace.read_text().split()] if self.trace.exists() else []

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return self.site.run(*args, **(self.env | env))

    def export(self, fmt: str, output: Path, **env: str) -> subprocess.CompletedProcess[str]:
        args = ("export_roadmap", "--unit", self.unit, "--government", "kota-uji", "--format", fmt)
        return self.run(*args, "-o", str(output), **env)


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warm]:
    server = None
    if CURRENT == "postgresql":
        server = postgres_server()
        if server is None:
            pytest.skip("no PostgreSQL server answers (DATABASE_URL's, or 127.0.0.1:5432)")
    folder = tmp_path_factory.mktemp("warm")
    database = Database.create(CURRENT, folder, server)
    site = Site(database, folder)
    home = folder / "warm-home"
    env = {"PETAJALAN_WARM": "1", "PETAJALAN_WARM_DIR": str(home), "PETAJALAN_WARM_TRACE": str(folder / "t")}
    try:
        seeded = site.shell(SEED)
        yield Warm(site, env, folder / "t", seeded["unit"])
    finally:
        warm.stop_all(home)
        wait_until(lambda: not list(home.glob("*/*.sock")), 20, "the background processes to end")
        database.drop()


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_a_warm_export_gives_what_the_command_gives_on_its_own(warmed, tmp_path):
    before = warmed.served()
    alone = warmed.export("json", tmp_path / "alone.json", PETAJALAN_WARM="0")
    assert alone.returncode == 0, alone.stderr
    assert warmed.served() == before  # ran in its own process
    first = warmed.export("json", tmp_path / "first.json")
    second = warmed.export("json", tmp_path / "second.json")
    assert first.returncode == 0 and second.returncode == 0, (first.stderr, second.stderr)
    served = warmed.served()[len(before) :]
    assert len(served) == 2 and served[0] == served[1]  # one background process served both
    assert "warmpy --worker petajalan.warm:serve" in _command_line(served[0])
    expected = json.loads((tmp_path / "alone.json").read_text())
    for name in ("first", "second"):
        assert json.loads((tmp_path / f"{name}.json").read_text()) == expected
    assert "first.json" in first.stdout and first.stdout.replace("first", "alone") == alone.stdout
    # the document engines run in the background process too
    pdf = warmed.export("pdf", tmp_path / "booklet.pdf")
    assert pdf.returncode == 0, pdf.stderr
    assert warmed.served()[-1] == served[0]
    assert "DINAS KESEHATAN\nKOTA UJI" in PdfReader(tmp_path / "booklet.pdf").pages[0].extract_text()


def test_a_warm_export_refuses_as_the_command_would(warmed, tmp_path):
    args = (
        "export_roadmap",
        "--city",
        "--government",
        "tidak-ada",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "x"),
    )
    alone = warmed.run(*args, PETAJALAN_WARM="0")
    served = warmed.run(*args)
    assert alone.returncode == served.returncode == 1
    assert "Road map tidak ditemukan" in alone.stderr and served.stderr == alone.stderr
    assert not (tmp_path / "x").exists()
    missing = warmed.run("export_roadmap", "--city")  # argparse: exit 2 and its message
    assert missing.returncode == 2 and "-o/--output" in missing.stderr


def test_other_settings_get_another_background_process(warmed, tmp_path):
    assert warmed.export("csv", tmp_path / "a.csv").returncode == 0
    usual = warmed.served()[-1]
    assert warmed.export("csv", tmp_path / "b.csv", LOG_LEVEL="WARNING").returncode == 0
    assert warmed.served()[-1] != usual
    assert warmed.export("csv", tmp_path / "c.csv").returncode == 0
    assert warmed.served()[-1] == usual  # the first still serves its own settings
    homes = {p.parent for p in warmed.home.glob("*/*.sock")}
    assert len(homes) >= 2 and all(oct(h.stat().st_mode)[-3:] == "700" for h in homes)


def test_stop_warm_ends_them(warmed):
    assert list(warmed.home.glob("*/*.sock"))
    done = warmed.run("stop_warm")
    assert done.returncode == 0 and "proses latar diminta berhenti" in done.stdout, done.stderr
    wait_until(lambda: not list(warmed.home.glob("*/*.sock")), 20, "the background processes to end")
