"""Road-map tests run without the checks, panels and badges other apps register (each test that
needs one registers it itself)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from petajalan.roadmaps import hooks


@pytest.fixture(autouse=True)
def _isolated_hooks() -> Iterator[None]:
    registries: tuple[list[Any], ...] = (
        hooks._submit_checks,
        hooks._panels,
        hooks._row_badges,
        hooks._matrix_panels,
        hooks._focus_hints,
        hooks._changed,
    )
    saved = [registry[:] for registry in registries]
    for registry in registries:
        registry.clear()
    yield
    for registry, before in zip(registries, saved, strict=True):
        registry[:] = before
