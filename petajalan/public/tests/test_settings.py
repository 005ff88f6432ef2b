"""The admin's settings page: the switch needs its confirmation, cycles are chosen, both audited."""

from __future__ import annotations

import pytest

from petajalan.accounts.models import AuditEvent
from petajalan.evaluations.models import Cycle
from petajalan.public.tests.public_city import make_cycle
from petajalan.testing.fixtures import client_for

URL = "/g/kota-uji/publik/pengaturan/"


@pytest.mark.django_db
def test_switching_on_needs_the_confirmation_and_shows_the_address(gov, admin):
    client = client_for(admin)
    page = client.get(URL).content.decode()
    assert "http://testserver/publik/kota-uji/" in page and "Tidak aktif" in page
    refused = client.post(URL, {"form": "switch", "enabled": "1"})
    assert refused.status_code == 400
    assert "Centang pernyataan ini" in refused.content.decode()
    gov.refresh_from_db()
    assert not gov.public_enabled
    done = client.post(URL, {"form": "switch", "enabled": "1", "confirm": "on"}, follow=True)
    assert "Halaman publik diaktifkan." in done.content.decode()
    gov.refresh_from_db()
    assert gov.public_enabled
    assert client_for(None).get("/publik/kota-uji/").status_code == 200
    client.post(URL, {"form": "switch", "enabled": "0"})
    assert client_for(None).get("/publik/kota-uji/").status_code == 404
    assert AuditEvent.objects.filter(government=gov, object_type="public.page").count() == 2


@pytest.mark.django_db
def test_the_admin_chooses_the_published_cycles(gov, admin, packs):
    first = make_cycle(gov, 2023, phase="closed", checked=2, published=False)
    second = make_cycle(gov, 2024, phase="closed", checked=2, published=True)
    client = client_for(admin)
    client.post(URL, {"form": "cycles", "published": [str(first.pk)]})
    assert set(Cycle.objects.filter(is_published=True).values_list("year", flat=True)) == {2023}
    published = AuditEvent.objects.filter(government=gov, object_type="evaluations.cycle", actor=admin)
    assert published.count() == 2
    second.refresh_from_db()
    assert second.version == 2
    bad = client.post(URL, {"form": "cycles", "published": ["999999"]})
    assert bad.status_code == 400
    assert "2023" in client.get(URL).content.decode()
