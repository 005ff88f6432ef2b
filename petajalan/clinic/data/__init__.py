"""The clinic's data: thresholds, word lists, sources and examples (YAML), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent


@cache
def load_config() -> dict[str, Any]:
    """``review.yaml``: everything the rules read that is not logic."""
    import yaml  # on the first review, not while the app starts

    with (DATA_DIR / "review.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_focus_data() -> dict[str, Any]:
    """``focus_examples.yaml``: labelled example actions and node titles for the focus hints."""
    import yaml

    with (DATA_DIR / "focus_examples.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
