"""Throughput under concurrency (issue 14): granian with 2 workers on a SQLite file, 4 clients at a
time, the plain 50-row page against the action matrix and the quarter page of a 300-action road map.

The measurement of the issue's aim ("the matrix page of a 300-action road map at ≥ 50 % of the unit
list's requests per second"): each page alone for a few seconds, as many requests as the server
answers, in production settings (DEBUG off, bytecode compiled, static files from the manifest).
``python -m bench.bench_throughput --seconds 10`` runs it longer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = 300
CLIENTS = 4
SECONDS = 4.0


def run(seconds: float = SECONDS) -> None:
    from bench.load_make import _free_port, _stop, _wait_for, server_environment, start_server

    with tempfile.TemporaryDirectory() as tmp:
        env = server_environment(f"sqlite:///{Path(tmp) / 'throughput.sqlite3'}", Path(tmp))
        env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
        for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            # (production settings over plain HTTP on SQLite: the deployment checks' warnings are expected)
            command = [sys.executable, "-m", "petajalan", *command]
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.bench_throughput", "--seed"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        pages = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = start_server(port, env, subprocess.DEVNULL)
        try:
            _wait_for(url, server)
            figures = {name: _solo(url + path, cookie, seconds) for name, (path, cookie) in pages.items()}
        finally:
            _stop(server)
    base = figures["plain 50-row page"][0]
    print(f"granian 2 workers, SQLite, {CLIENTS} clients at a time, {seconds:g} s per page")
    for name, (rps, ms, n) in figures.items():
        print(f"  {name:34s} {rps:6.1f} req/s  {ms:6.1f} ms mean  {n:5d} requests  ratio {rps / base:5.2f}")
    print("  aim: the matrix page of 300 actions ≥ 0.50 of the plain page (printed, not asserted)")


def _solo(url: str, cookie: str, seconds: float) -> tuple[float, float, int]:
    """``CLIENTS`` threads asking for ``url`` back to back: (requests/s, mean ms, requests)."""
    import httpx

    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def loop() -> None:
        with httpx.Client(cookies={"sessionid": cookie}, timeout=30) as client:
            client.get(url)  # each worker's first answer (templates, caches) is not measured
            stop = time.monotonic() + seconds
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = client.get(url)
                with lock:
                    if response.status_code == 200:
                        times.append(time.perf_counter() - started)
                    else:
                        failures.append(f"{response.status_code} {url}")

    began = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"the page did not answer 200: {failures[:3]}")
    elapsed = time.monotonic() - began
    return len(times) / elapsed, 1000 * sum(times) / max(len(times), 1), len(times)


def _seed() -> dict[str, Any]:
    """A fictional government with 50 units, a 300-action draft road map (its drafter opens the
    matrix) and an enacted one with its first quarter open (the quarter page); session cookies."""
    from django.test import Client

    from bench.bench_roadmaps import _fill
    from petajalan.accounts.models import Membership
    from petajalan.monitoring import services
    from petajalan.monitoring.models import Realisation
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.tests.factories import make_roadmap
    from petajalan.testing.factories import make_government, make_person, make_unit

    government = make_government()
    units = [make_unit(government) for _ in range(50)]
    admin = make_person(government, Membership.Role.ADMIN)
    draft = make_roadmap(government, units[0])
    _fill(draft, ACTIONS)
    drafter = make_person(government, Membership.Role.DRAFTER, units[0])
    enacted = make_roadmap(government, units[1], status=Roadmap.Status.ENACTED)
    _fill(enacted, ACTIONS)
    reporter = make_person(government, Membership.Role.DRAFTER, units[1])
    report = services.open_report(actor=reporter, roadmap=enacted, year=2025, quarter=1)
    Realisation.objects.filter(report=report).update(value=40, budget_spent=5_000_000, achievement=80)

    def cookie(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return str(client.cookies["sessionid"].value)

    gov = f"/g/{government.slug}"
    return {
        "plain 50-row page": (f"{gov}/unit/", cookie(admin)),
        f"action matrix, {ACTIONS} actions": (f"{gov}/roadmap/{draft.uuid}/matriks/", cookie(drafter)),
        f"quarter page, {report.realisations.count()} rows": (
            f"{gov}/pemantauan/laporan/{report.uuid}/",
            cookie(reporter),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    if args.seed:
        import django

        django.setup()
        print(json.dumps(_seed()))
        return
    run(args.seconds)


if __name__ == "__main__":
    main()
