"""The action matrix's rows written in Python (``matrix_rows.py``) give the markup of the template
row they replaced, for rows using every branch."""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from petajalan.roadmaps.matrix_rows import prepare, row_html
from petajalan.roadmaps.views.matrix import _row_labels

# the row partial of roadmaps/action_matrix.html before it moved to Python (inside {% localize off %})
TEMPLATE_ROW = (Path(__file__).parent / "data" / "matrix_row_before.html").read_text()


def _row(**extra):
    row = {
        "number": 7,
        "uid_str": "0d422d5f-4c60-442c-8414-17401c24f691",
        "focus_key": "urn:rb:area:x",
        "focus_label": "",
        "activity": 'Baris <b>satu</b>\r\ndua & "tiga"',
        "subactivity_code": "",
        "problem_lines": [],
        "cascade_activity": "",
        "open_fixes": 0,
        "output": "",
        "indicator": "",
        "unit_of_measure": "",
        "baseline_year": None,
        "baseline_text": "",
        "years_html": mark_safe("<div>2026: <strong>50</strong></div>"),
        "no_budget_needed": False,
        "responsible_name": None,
        "supporting_names": [],
        "url": mark_safe("/g/kota/roadmap/1/matriks/0d422d5f/"),
    }
    return row | extra


FULL = {
    "focus_label": "1 Manajemen <Perubahan>",
    "subactivity_code": "1.02.01",
    "problem_lines": ["Masalah 'satu'", "Masalah & dua"],
    "cascade_activity": 'Kegiatan "kota"',
    "open_fixes": 2,
    "output": "Dokumen <SOP>",
    "indicator": "Persentase",
    "unit_of_measure": "%",
    "baseline_year": 2024,
    "baseline_text": "40,5",
    "no_budget_needed": True,
    "responsible_name": "Dinas & Kesehatan",
    "supporting_names": ["Bappeda", "BKPSDM"],
}


def _both(row, **page):
    page = {
        "labels": _row_labels(),
        "can_edit": False,
        "can_comment": False,
        "detail_url": "/g/kota/roadmap/1/",
        "csrf_input": mark_safe('<input type="hidden" name="csrfmiddlewaretoken" value="t">'),
        "saved_uid": None,
        "badge": "",
    } | page
    old = Engine.get_default().from_string(TEMPLATE_ROW).render(Context({"a": row, **page}))
    return old.strip(), str(row_html(row, prepare(page)))


def test_a_bare_row_is_the_same():
    old, new = _both(_row())
    assert new == old


def test_a_row_using_every_branch_is_the_same():
    old, new = _both(
        _row(**FULL),
        can_edit=True,
        can_comment=True,
        saved_uid=_row()["uid_str"],
        badge='<span class="b">!</span>',
    )
    assert new == old
    assert "&lt;b&gt;satu&lt;/b&gt;<br>dua &amp; &quot;tiga&quot;" in new
    assert 'class="row saved"' in new and '<span class="b">!</span>' in new


def test_read_only_rows_have_no_tools():
    old, new = _both(_row(**FULL), can_comment=True)
    assert new == old
    assert "rowtools" not in new
