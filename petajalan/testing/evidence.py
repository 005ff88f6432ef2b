"""Small real files and a private evidence storage for tests of the evidence bank."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from petajalan.lib.simplepdf import LINES_PER_PAGE, simple_pdf


def pdf_bytes(text: str = "Surat Keputusan Tim Reformasi Birokrasi", pages: int = 1) -> bytes:
    """A valid PDF of ``pages`` pages with ``text`` as a real text layer."""
    return simple_pdf(
        [text] + [""] * (LINES_PER_PAGE - 1) * (pages - 1) + ([f"Halaman {pages}"] if pages > 1 else [])
    )


def png_bytes(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """A real PNG picture."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def evidence_dir(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """The evidence storage in a fresh folder (Django resets its storage cache on the change)."""
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    yield location
