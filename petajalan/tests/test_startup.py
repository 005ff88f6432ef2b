"""The site and the command line start without the document and text engines (decision 0056):
each is imported where it is used, so ``petajalan help`` does not pay ~0.3 s for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# what the URL conf, every app's ready() and every command used to import at start
ENGINES = (
    "typst",
    "pikepdf",
    "fontTools",
    "openpyxl",
    "docx",
    "Sastrawi",
    "markdown",
    "nh3",
    "PIL",
    "pypdfium2",
    "yaml",  # the framework packs' reader: on the first pack read (frameworks/schema.py)
)
PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
import django
django.setup()
from django.core.management import get_commands, load_command_class
from django.urls import get_resolver
get_resolver().url_patterns
for name, app in get_commands().items():
    if app.startswith("petajalan"):
        load_command_class(app, name)
print(" ".join(sorted(m for m in sys.argv[1:] if m in sys.modules)))
"""


def test_start_up_imports_no_document_or_text_engine():
    root = Path(__file__).resolve().parents[2]
    probe = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE, *ENGINES], cwd=root, check=True, capture_output=True, text=True
    )
    assert probe.stdout.split() == []


SEAL_PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
import django
django.setup()
from petajalan.verification.models import Seal
from petajalan.verification.services import seal_path
print(seal_path(Seal(code="K7QM2XRD")), "ninja" in sys.modules, "petajalan.roadmaps.views" in sys.modules)
"""


def test_a_seal_address_is_made_without_loading_every_view():
    """A sealed export in a fresh process reverses the QR's address against the verification
    pages alone (0.25-0.3 s of views and API schemas before)."""
    root = Path(__file__).resolve().parents[2]
    probe = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SEAL_PROBE], cwd=root, check=True, capture_output=True, text=True
    )
    assert probe.stdout.split() == ["/verifikasi/K7QM-2XRD/", "False", "False"]


def test_the_seal_address_is_the_sites_own_route():
    from django.urls import resolve, reverse

    from petajalan.verification import views
    from petajalan.verification.models import Seal
    from petajalan.verification.services import seal_path

    path = seal_path(Seal(code="K7QM2XRD"))
    assert path == reverse("verification:seal", args=["K7QM-2XRD"])
    assert resolve(path).func == views.seal_detail
