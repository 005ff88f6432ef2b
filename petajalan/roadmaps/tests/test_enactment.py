"""How a road map names the regulation that enacted it: "Peraturan Wali Kota Nomor 7 Tahun 2025"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from petajalan.accounts.models import Government
from petajalan.reports.layout import annex_heading
from petajalan.reports.services import document_options
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import to_plain
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.fixtures import client_for


def _enacted(gov: Government, unit: Any, number: str) -> Roadmap:
    r = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    Roadmap.objects.filter(pk=r.pk).update(enactment_number=number, enacted_on=dt.date(2025, 4, 15))
    r.refresh_from_db()
    return r


def test_summary_page_names_the_regulation_with_number_year_and_date(personas, gov, unit):
    r = _enacted(gov, unit, "7")
    html = client_for(personas["leader"]).get(f"/g/{gov.slug}/roadmap/{r.uuid}/").content.decode()
    assert "<dd>Peraturan Wali Kota Nomor 7 Tahun 2025, 15 April 2025</dd>" in html
    assert "7, 15 April 2025" not in html.replace("Nomor 7 Tahun 2025, 15 April 2025", "")


@pytest.mark.parametrize(
    ("kind", "typed", "title"),
    [
        (Government.Kind.KOTA, "7", "Peraturan Wali Kota Nomor 7 Tahun 2025"),
        (Government.Kind.KABUPATEN, "Perbup Nomor 12 Tahun 2025", "Peraturan Bupati Nomor 12 Tahun 2025"),
        (Government.Kind.PROVINSI, "Pergub 3/2025", "Peraturan Gubernur Nomor 3 Tahun 2025"),
        (Government.Kind.KOTA, "", ""),
    ],
)
def test_enactment_title_from_the_government_kind_and_the_enactment_year(gov, unit, kind, typed, title):
    Government.objects.filter(pk=gov.pk).update(kind=kind)
    r = make_roadmap(Government.objects.get(pk=gov.pk), unit)
    r.enactment_number, r.enacted_on = typed, dt.date(2025, 4, 15)
    assert r.enactment_title == title


def test_summary_and_annex_heading_cite_the_same_regulation(gov, unit):
    r = _enacted(gov, unit, "Perwal 7/2025")
    heading = annex_heading(to_plain(r), document_options(gov))
    assert r.enactment_title.upper() == f"{heading[1].rsplit(' ', 1)[0]} {heading[2]}"
    assert heading[1:3] == ["PERATURAN WALI KOTA UJI", "NOMOR 7 TAHUN 2025"]


def test_enact_form_asks_for_the_number_of_this_governments_regulation(personas, gov, unit):
    r = make_roadmap(gov, unit, status=Roadmap.Status.APPROVED)
    html = client_for(personas["admin"]).get(f"/g/{gov.slug}/roadmap/{r.uuid}/alur/enact/").content.decode()
    assert "Nomor Peraturan Wali Kota" in html and "Wali Kota/Bupati" not in html
