"""Road-map tests run without the checks, panels and badges other apps register (each test that
needs one registers it itself)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from petajalan.roadmaps import hooks


@pytest.fixture(autouse=True)
def _isolated_hooks() -> Iterator[None]:
    saved = (hooks._submit_checks[:], hooks._panels[:], hooks._row_badges[:])
    hooks._submit_checks.clear()
    hooks._panels.clear()
    hooks._row_badges.clear()
    yield
    hooks._submit_checks[:], hooks._panels[:], hooks._row_badges[:] = saved
