from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def shipped(db: None) -> None:
    """Every shipped pack, loaded as ``make run`` loads them."""
    call_command("load_frameworks", verbosity=0)
