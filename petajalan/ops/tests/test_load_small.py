"""The load test's client (``bench/load.py``), small: three people for five seconds against the live
server, on the database the suite runs on.

It asserts what must hold under any load, no error and no lost write, never a timing (``make load``
prints those, docs/deployment.md). On SQLite the live server's threads share the test's one in-memory
connection, so the client sends one request at a time there; the three sessions still interleave.
A forged acknowledgement shows that the check of lost writes can fail.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from bench.load import Ledger, report, run_async, verify
from bench.load_seed import seed


@pytest.mark.django_db(transaction=True)
def test_three_people_for_five_seconds_meet_no_error_and_lose_no_write(
    live_server: Any, evidence_dir: Any
) -> None:
    call_command("load_frameworks", verbosity=0)
    manifest = seed(users=3, actions=4, shared_rows=2)
    shared_connection = connection.vendor == "sqlite"  # the suite's in-memory test database

    # in a thread of its own: a browser test earlier in the run may leave this thread's event loop
    # running (Playwright's sync API), and asyncio.run refuses to start inside a running loop
    with ThreadPoolExecutor(1) as pool:
        run, _solo = pool.submit(
            asyncio.run,
            run_async(
                live_server.url,
                manifest,
                users=3,
                seconds=5,
                think=0.2,
                shared_share=0.3,
                ramp=0.3,
                max_in_flight=1 if shared_connection else None,
                solo_seconds=0,
            ),
        ).result()
    verification = verify(run.ledger)
    text, passed = report(run, None, verification)
    print(text)  # the figures, shown with -s or when an assertion fails

    assert "login" in {s.name for s in run.samples}, text
    assert run.ledger.acked, text
    assert passed, text
    forged = replace(run.ledger.acked[-1], token="u99-99999")  # a save the server never saw
    assert len(verify(Ledger(acked=[*run.ledger.acked, forged])).lost) == 2  # not audited, not the value
