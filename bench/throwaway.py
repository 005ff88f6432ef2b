"""What the benches share: a throw-away test database around a measurement, and the table of
figures with their ratio to the plain 50-row page."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


def on_throwaway_database[T](measure: Callable[[], T]) -> T:
    """``measure()`` on a fresh test database of the configured engine, dropped afterwards."""
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def print_ratios(
    figures: dict[str, tuple[float, int]],
    *,
    repeat: int,
    reference: str = "unit list of 50 units",
    digits: int = 1,
) -> None:
    """One line per figure: milliseconds, queries and the ratio to ``figures["plain_50_rows"]``."""
    base = figures["plain_50_rows"][0]
    print(f"engine: {connection.vendor}; median of {repeat}; reference = {reference}")
    for key, (seconds, queries) in figures.items():
        print(
            f"  {key:34s} {seconds * 1000:8.1f} ms  {queries:4d} queries"
            f"  ratio to 50-row page {seconds / base:6.{digits}f}"
        )
