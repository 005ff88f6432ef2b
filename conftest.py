from pathlib import Path

pytest_plugins = [
    "petajalan.testing.fixtures",
    "petajalan.testing.browser",
    "petajalan.testing.s3",
    "petajalan.testing.evidence",
]


def pytest_configure(config):  # type: ignore[no-untyped-def]
    import os

    from django.conf import settings

    # Commands the tests start run in their own process; petajalan/tests/test_warm.py turns the warm
    # background process on for its own commands and ends what it started.
    os.environ.setdefault("PETAJALAN_WARM", "0")

    # WhiteNoise warns when STATIC_ROOT does not exist yet (a fresh clone before collectstatic).
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
