from pathlib import Path

pytest_plugins = [
    "petajalan.testing.fixtures",
    "petajalan.testing.browser",
    "petajalan.testing.s3",
    "petajalan.testing.evidence",
]


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # WhiteNoise warns when STATIC_ROOT does not exist yet (a fresh clone before collectstatic).
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
