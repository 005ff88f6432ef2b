"""A browser showing a file (a PDF, an SVG chart) asks for /favicon.ico: it gets the site's logo."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_leads_to_the_logo_for_anyone():
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/petajalan/logo.svg")
    assert finders.find("petajalan/logo.svg")  # a file the static files serve
    assert Client().post("/favicon.ico").status_code == 405
