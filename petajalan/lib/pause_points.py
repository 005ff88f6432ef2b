"""Named points where the crash tests hold a process, to kill it there (petajalan/ops/tests/test_crashes.py).

A point does something only when the environment variable ``PETAJALAN_TEST_PAUSE`` names it
(comma-separated): the process then logs ``PETAJALAN_TEST_PAUSE: <name>`` and sleeps a minute, in
the middle of a job or inside a request's transaction. Never set it on a real site; unset, a point
costs one look-up in ``os.environ``.
"""

from __future__ import annotations

import logging
import os
import time

ENV = "PETAJALAN_TEST_PAUSE"
SECONDS = 60.0

logger = logging.getLogger(__name__)


def pause_point(name: str) -> None:
    """Hold the process here for a minute when ``PETAJALAN_TEST_PAUSE`` names this point."""
    wanted = os.environ.get(ENV)
    if not wanted or name not in wanted.split(","):
        return
    logger.warning("%s: %s", ENV, name)
    time.sleep(SECONDS)
