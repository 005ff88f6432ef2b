"""``make load``: a fresh PostgreSQL database, the seed, granian with 2 workers, the load run of
``bench/load.py`` against it, the server stopped, the figures printed; exit 1 on any error or lost
write (docs/deployment.md, "Load test"). ``--url`` and ``--manifest`` run the client against a
server started by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import (
    DEFAULT_DATABASE_URL,
    ROOT,
    Ledger,
    Run,
    Solo,
    Verification,
    report,
    run_async,
    verify,
)
from bench.load_seed import Manifest

# make load: database, seed, server, run, stop --------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _reset_database(url: str) -> None:
    """Drop and create the load database (its name must say "load": this drops a database)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if "load" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the load database's name must contain 'load'")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """Production settings (DEBUG off, persistent connections, manifest static files, database task
    queue) over plain HTTP on the loopback: secure cookies, the HTTPS redirect and HSTS are off,
    since nothing terminates TLS here."""
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("PETAJALAN_", "DATABASE_URL", "SECURE_"))
    }
    return keep | {
        "PETAJALAN_ENV": "production",
        "PETAJALAN_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        # the run measures capacity: the per-token API limit (tested in the suite) would refuse the
        # pages-alone loop, which sends one person's token as fast as the server answers
        "API_RATE_PER_MINUTE": "1000000",
    }


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped at start-up (exit {server.returncode})")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url}/healthz within {seconds:.0f} s")


def start_server(port: int, environment: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    """granian with 2 workers on the loopback, as ``make serve`` runs it; output to ``log``."""
    return subprocess.Popen(  # noqa: S603 (the venv's granian)
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "petajalan.wsgi:application",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def managed(args: argparse.Namespace) -> int:
    """``make load``: reset and seed the database, serve it, run the load, stop, verify, print."""
    var_dir = ROOT / "var" / "load"
    var_dir.mkdir(parents=True, exist_ok=True)
    environment = server_environment(args.database_url, var_dir)
    bin_dir = Path(sys.executable).parent
    started = time.perf_counter()
    print(f"Resetting {args.database_url} and seeding {args.users} users …", flush=True)
    _reset_database(args.database_url)
    manifest_path = var_dir / "manifest.json"
    subprocess.run(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "bench.load_seed",
            "--users",
            str(args.users),
            "--shared-rows",
            str(args.shared_rows),
            "--manifest",
            str(manifest_path),
        ],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    subprocess.run(  # noqa: S603 (the venv's own command)
        [str(bin_dir / "petajalan"), "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    port = args.port or _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = var_dir / "server.log"
    print(
        f"Seeded in {time.perf_counter() - started:.0f} s; starting granian (2 workers) at {url} …",
        flush=True,
    )
    with log_path.open("wb") as log:
        server = start_server(port, environment, log)
        try:
            _wait_for(url, server)
            print(f"Running {args.users} users for {args.seconds:.0f} s …", flush=True)
            load_before, cpu_before = os.getloadavg()[0], time.process_time()
            run, solo = asyncio.run(_run_from_args(args, url, Manifest.from_json(manifest_path.read_text())))
            load_after, client_cpu = os.getloadavg()[0], time.process_time() - cpu_before
        finally:
            _stop(server)
    verification = _verify_in(args.database_url, run.ledger)
    header = (
        f"Load test: {args.users} users ({_roles(run.manifest, args.users)}) for {args.seconds:.0f} s, "
        f"think time ~{args.think:g} s, time-out {args.timeout:g} s, "
        f"{args.shared_share:.0%} of saves on {len(run.manifest.shared_draft.rows)} shared matrix rows and "
        f"{len(run.manifest.shared_report.rows)} shared quarter rows; granian 2 workers × 1 thread, "
        f"PostgreSQL ({args.database_url.rsplit('/', 1)[-1]}); server log {log_path.relative_to(ROOT)}\n"
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before and {load_after:.1f} after; "
        f"this client used {client_cpu:.1f} s of CPU over the mixed run ({run.ended - run.started:.0f} s) "
        "and the pages alone"
    )
    text, passed = report(run, solo, verification, header)
    print(text)
    print("PASSED: no error, no lost write" if passed else "FAILED: errors or lost writes (above)")
    return 0 if passed else 1


def _roles(manifest: Manifest, users: int) -> str:
    leaders = sum(u.role == "leader" for u in manifest.users[:users])
    return f"{users - leaders} drafters, {leaders} leader{'' if leaders == 1 else 's'}"


def _verify_in(database_url: str, ledger: Ledger) -> Verification:
    """Read the load database through the ORM (the server has stopped, or is read only)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    import django

    django.setup()
    return verify(ledger)


async def _run_from_args(args: argparse.Namespace, url: str, manifest: Manifest) -> tuple[Run, Solo | None]:
    return await run_async(
        url,
        manifest,
        users=args.users,
        seconds=args.seconds,
        think=args.think,
        shared_share=args.shared_share,
        ramp=args.ramp,
        solo_seconds=args.solo_seconds,
        solo_concurrency=args.solo_concurrency,
        timeout=args.timeout,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between steps, seconds")
    parser.add_argument("--shared-share", type=float, default=0.15, help="share of saves on shared rows")
    parser.add_argument("--shared-rows", type=int, default=2, help="shared rows per kind (seeding)")
    parser.add_argument("--ramp", type=float, default=None, help="seconds over which users start")
    parser.add_argument("--solo-seconds", type=float, default=3, help="each page alone; 0 skips")
    parser.add_argument("--solo-concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request is an error")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--url", help="a running server instead (with --manifest; no reset, no seed)")
    parser.add_argument("--manifest", type=Path)
    args = parser.parse_args(argv)
    if args.url:
        if not args.manifest:
            parser.error("--url needs --manifest")
        manifest = Manifest.from_json(args.manifest.read_text())
        run, solo = asyncio.run(_run_from_args(args, args.url.rstrip("/"), manifest))
        text, passed = report(run, solo, _verify_in(args.database_url, run.ledger))
        print(text)
        sys.exit(0 if passed else 1)
    sys.exit(managed(args))


if __name__ == "__main__":
    main()
