"""The throughput bench (``bench/bench_throughput.py``), small: it seeds its own SQLite file, serves it
with granian and prints requests per second and the ratio for each page. Asserts that it runs and
reports every page with a 200 answer, never a figure (``make bench`` prints those)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection

from bench import bench_throughput


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the bench uses a SQLite file of its own: once per CI run"
)
def test_the_throughput_bench_serves_each_page_and_prints_its_ratio(capsys: Any) -> None:
    bench_throughput.run(seconds=0.3)  # raises SystemExit when a page answers anything but 200
    out = capsys.readouterr().out
    names = ["plain 50-row page", f"action matrix, {bench_throughput.ACTIONS} actions", "quarter page, "]
    for name in names:
        line = next(line for line in out.splitlines() if line.strip().startswith(name))
        assert re.search(r"\d+\.\d req/s .* ratio +\d+\.\d\d$", line), line
