"""The quarter page's rows written in Python (``report_rows.py``) give the markup of the template row
they replaced, for rows using every branch."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Engine
from django.utils.safestring import mark_safe

from petajalan.monitoring.report_rows import prepare, row_html
from petajalan.monitoring.views.reports import _labels

# the row partial of monitoring/report_detail.html before it moved to Python
TEMPLATE_ROW = (Path(__file__).parent / "data" / "report_row_before.html").read_text()


def _row(**extra):
    row = {
        "id": 41,
        "number": 3,
        "action_id": 977,
        "focus_label": "1 Manajemen <Perubahan>",
        "activity": 'Sosialisasi "zona integritas" & <i>SOP</i>',
        "indicator": "",
        "direction_label": "Naik",
        "uom": "",
        "target_text": "25",
        "budget_planned_text": "Rp5.000.000",
        "value_text": "",
        "verified_value_text": "",
        "budget_spent_text": "",
        "verified_budget_text": "",
        "absorption_text": "",
        "achievement_text": "—",
        "rag": "grey",
        "rag_label": "Belum ada data",
        "weight_text": "1",
        "evidence": [],
        "evidence_count": 0,
        "has_notes": False,
        "progress_note": "",
        "supporting_factors": "",
        "inhibiting_factors": "",
        "follow_up": "",
        "verifier_note": "",
    }
    return row | extra


FULL = {
    "indicator": "Persentase <pegawai>",
    "uom": "%",
    "value_text": "22,5",
    "verified_value_text": "20",
    "budget_spent_text": "Rp4.000.000",
    "verified_budget_text": "Rp3.500.000",
    "absorption_text": "70 %",
    "achievement_text": "80 %",
    "rag": "amber",
    "rag_label": "Kuning",
    "evidence": [
        {"title": "Daftar hadir <rapat>", "kind": "pdf", "thumb": "/t/1/", "url": "/i/1/"},
        {"title": "Foto 'kegiatan'", "kind": "jpg", "thumb": "", "url": "/i/2/"},
    ],
    "evidence_count": 2,
    "has_notes": True,
    "progress_note": "Baris satu\r\nbaris <dua>",
    "inhibiting_factors": "Anggaran & waktu",
    "verifier_note": "Cek lagi",
}


def _both(row, **page):
    page = {
        "labels": _labels(),
        "access": SimpleNamespace(admin=False, write=False),
        "may_type": False,
        "may_verify_rows": False,
        "saved": False,
        "weight_base": "/g/kota/pemantauan/bobot/",
        "csrf_input": mark_safe('<input type="hidden" name="csrfmiddlewaretoken" value="t">'),
        "detail_url": "/g/kota/pemantauan/laporan/1/",
        "attach_base": "/g/kota/pemantauan/laporan/1/bukti/",
        "row_base": "/g/kota/pemantauan/laporan/1/baris/",
    } | page
    old = Engine.get_default().from_string(TEMPLATE_ROW).render(Context({"r": row, **page}))
    return old.strip(), str(row_html(row, prepare(page)))


@pytest.mark.parametrize(
    "row",
    [_row(), _row(**FULL), _row(**FULL | {"verified_value_text": "", "verified_budget_text": ""})],
    ids=["bare", "full", "unit figures only"],
)
@pytest.mark.parametrize(
    "page",
    [
        {},
        {"access": SimpleNamespace(admin=True, write=True), "may_type": True, "may_verify_rows": True},
        {"access": SimpleNamespace(admin=False, write=True), "may_type": True, "saved": True},
    ],
    ids=["reader", "admin", "drafter"],
)
def test_rows_are_the_same_as_the_template_made_them(row, page):
    old, new = _both(row, **page)
    assert new == old


def test_text_is_escaped():
    _old, new = _both(_row(**FULL), access=SimpleNamespace(admin=True, write=True))
    assert "&lt;i&gt;SOP&lt;/i&gt;" in new and "baris &lt;dua&gt;" in new and "<br>baris" in new
    assert "<rapat>" not in new and 'name="weight"' in new
