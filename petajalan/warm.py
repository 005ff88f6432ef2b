"""Warm command line (decision 0086): ``petajalan export_roadmap …`` runs in a background process
that has Django and the document engines loaded, through warmpy.

The command typed stays a small program: it hands its arguments, working directory, environment
and its own stdin, stdout and stderr to the background process, which runs the command exactly as
``manage.py`` would and answers with the exit code. The start-up (~0.3 s of Django before any work)
is paid once per background process instead of once per command. If anything about the background
process fails, warmpy runs the command here instead: the worst outcome is a slow one.

What must never happen is a background process serving other code or other settings than the
command would have loaded itself. So each background process is found through a directory named
after a fingerprint of

- the code: every file of the ``petajalan`` package (count, total size, newest change) and the
  site-packages directory (changes when a package is installed, upgraded or removed), and
- the environment (every variable but those a shell changes on its own), which is what the
  settings are read from.

Edit a file, deploy, or run with another ``DATABASE_URL`` and the command gets a new background
process; the old one ends after ``IDLE_SECONDS`` without calls. ``PETAJALAN_WARM=0`` (or warmpy's
own ``WARMPY=0``) runs in the command's own process, as the test suite does.

Only the commands in ``WARM_COMMANDS`` go this way: commands that read the database and write a
file, safe to run again if a background process dies half-way (warmpy then runs the command here).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

WARM_COMMANDS = frozenset({"export_roadmap"})
IDLE_SECONDS = 300  # a background process (~150 MB) ends after five minutes without calls
WORKERS = 2  # at most two commands at once; a third waits for one of them
# Variables a shell or terminal changes on its own: they never reach the settings
VOLATILE = frozenset(
    {"_", "PWD", "OLDPWD", "SHLVL", "COLUMNS", "LINES", "TERM_SESSION_ID", "SSH_CLIENT", "SSH_CONNECTION"}
    | {"SSH_TTY", "WINDOWID", "XDG_RUNTIME_DIR", "WARMPY"}
)
PACKAGE = Path(__file__).resolve().parent


def wanted(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Whether this command line goes to a background process (never with ``--settings`` or
    ``--pythonpath``: they choose the settings, which a background process has read already)."""
    return (
        len(argv) > 1
        and argv[1] in WARM_COMMANDS
        and not any(a.startswith(("--settings", "--pythonpath")) for a in argv)
        and environ.get("PETAJALAN_WARM", "1") != "0"
        and environ.get("WARMPY", "1") != "0"
        and hasattr(socket, "send_fds")  # Linux and macOS
    )


def code_stamp(root: Path = PACKAGE) -> str:
    """Changes whenever a file under ``root`` is added, removed or changed, or a package is
    installed or removed (~5 ms for the package's ~700 files)."""
    count = size = newest = 0
    for path, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            st = os.stat(os.path.join(path, name))
            count, size, newest = count + 1, size + st.st_size, max(newest, st.st_mtime_ns)
    import sysconfig

    packages = os.stat(sysconfig.get_path("purelib")).st_mtime_ns
    return f"{count}:{size}:{newest}:{packages}:{sys.executable}"


def fingerprint(environ: Mapping[str, str], stamp: str) -> str:
    """The code stamp and the environment the settings would be read from, as one short name."""
    settled = sorted((k, v) for k, v in environ.items() if k not in VOLATILE)
    return hashlib.sha256(json.dumps([stamp, settled]).encode()).hexdigest()[:20]


def home(environ: Mapping[str, str]) -> Path:
    """Where the background processes' sockets live: ``PETAJALAN_WARM_DIR``, else the user's
    runtime directory (private, emptied at logout), else ``~/.cache/petajalan/warm``."""
    if environ.get("PETAJALAN_WARM_DIR"):
        return Path(environ["PETAJALAN_WARM_DIR"])
    if environ.get("XDG_RUNTIME_DIR"):
        return Path(environ["XDG_RUNTIME_DIR"]) / "petajalan-warm"
    return Path.home() / ".cache" / "petajalan" / "warm"


def run(argv: list[str]) -> int | None:
    """Run ``argv`` through a background process (started when missing); the exit code, or None
    when this machine or user cannot have one (then the caller runs the command itself)."""
    try:
        where = home(os.environ) / fingerprint(os.environ, code_stamp())
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # no home directory, a read-only one: run here
        return None
    try:
        served = _served()
    except ImportError:  # an environment installed before warmpy was a dependency
        return None
    _prune(where.parent, keep=where)
    os.environ["XDG_RUNTIME_DIR"] = str(where)  # warmpy keeps its socket there: one per fingerprint
    return int(served(json.dumps([os.path.basename(argv[0]) or "petajalan", *argv[1:]])) or 0)


def stop_all(root: Path) -> int:
    """End every background process under ``root`` (warmpy's ``--warmpy-stop`` for each
    fingerprint); how many directories were asked. The next command starts afresh."""
    asked = 0
    saved_argv, saved_dir = sys.argv, os.environ.get("XDG_RUNTIME_DIR")
    try:
        for where in sorted(root.glob("*/")) if root.is_dir() else []:
            if any(where.glob("*.sock")):
                os.environ["XDG_RUNTIME_DIR"] = str(where)
                sys.argv = [saved_argv[0], "--warmpy-stop"]
                _served(raw=True)()
                asked += 1
    finally:
        sys.argv = saved_argv
        if saved_dir is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = saved_dir
    return asked


def _prune(root: Path, keep: Path) -> None:
    """Directories of fingerprints no longer served (no socket) and untouched for a day: removed."""
    import shutil
    import time

    for old in root.iterdir():
        try:
            idle = time.time() - old.stat().st_mtime > 86_400
            if old != keep and old.is_dir() and idle and not any(old.glob("*.sock")):
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


def serve(command: str) -> int:
    """One command line (a JSON list, as ``sys.argv``) run here: Django is set up on the first
    call of this process, and every call closes its database connections when it ends."""
    import django
    from django.apps import apps

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    if not apps.ready:
        django.setup()
    if os.environ.get("PETAJALAN_WARM_TRACE"):  # tests and diagnosis: which process served a call
        with open(os.environ["PETAJALAN_WARM_TRACE"], "a", encoding="utf-8") as trace:
            trace.write(f"{os.getpid()}\n")
    from django.core.management import execute_from_command_line
    from django.db import connections

    try:
        execute_from_command_line(json.loads(command))
    finally:
        connections.close_all()
    return 0


def _served(raw: bool = False):  # type: ignore[no-untyped-def]
    """``serve`` behind warmpy (imported only on this path: ~0.09 s with fastcore); ``raw``: the
    wrapper itself, which reads warmpy's own flags from sys.argv."""
    from warmpy import warm_parse

    wrapped = warm_parse(serve, idle=IDLE_SECONDS, workers=WORKERS, pos=["command"])
    if raw:
        return wrapped

    def call(command: str) -> int:
        sys.argv = [sys.argv[0], command]  # warmpy reads the arguments of ``serve`` from sys.argv
        return wrapped()  # type: ignore[no-any-return]

    return call
