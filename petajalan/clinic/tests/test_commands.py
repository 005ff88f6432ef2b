"""The command line: review_roadmap on a stored road map and on an XLSX; suggest_focus."""

from __future__ import annotations

import importlib.util
import io
import json

import pytest
from django.core.management import CommandError, call_command

from petajalan.clinic.tests.helpers import ready_roadmap


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue()


def test_review_stored_roadmap_json_exits_1_with_blocking_findings(roadmap, unit):
    code, out = _run("review_roadmap", "--unit", unit.code, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert {"rule", "severity", "location", "message", "source"} <= set(data[0])
    assert any(f["rule"] == "action.output-missing" and f["severity"] == "blocking" for f in data)


def test_review_stored_ready_roadmap_exits_0_in_text(gov, unit):
    ready_roadmap(gov, unit)
    code, out = _run("review_roadmap", "--unit", unit.short_name, "--government", gov.slug)
    assert code == 0
    assert "Kesiapan" in out and "0 menghambat" in out


def test_review_city_roadmap_reports_uninvolved_units(gov, unit, other_unit):
    ready_roadmap(gov, None)
    _code, out = _run("review_roadmap", "--government", gov.slug, "--format", "json")
    rules = {(f["rule"], f["location"]["row"]) for f in json.loads(out)}
    assert ("city.unit-not-involved", other_unit.short_name) in rules


def test_review_unknown_unit_is_a_clear_error(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("review_roadmap", "--unit", "9.99.0.00.0.00.99.9999")


def test_review_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("review_roadmap", str(tmp_path / "tidak-ada.xlsx"))


@pytest.mark.skipif(
    importlib.util.find_spec("petajalan.reports.xlsx_export") is None,
    reason="the documents slice's XLSX export is not there yet",
)
def test_review_xlsx_in_the_import_layout_without_storing(gov, unit, tmp_path):
    from petajalan.reports.xlsx_export import export_xlsx
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.services import to_plain

    r = ready_roadmap(gov, unit)
    action = r.actions.order_by("order")[0]
    action.output = ""
    action.save()
    path = tmp_path / "roadmap.xlsx"
    path.write_bytes(export_xlsx(to_plain(r), units=[unit.short_name]))
    count = Roadmap.objects.count()
    code, out = _run("review_roadmap", str(path), "--format", "json")
    rules = [f["rule"] for f in json.loads(out)]
    assert "action.output-missing" in rules
    assert code == 1
    assert Roadmap.objects.count() == count


def test_review_broken_xlsx_is_a_clear_error(db, tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"bukan excel")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("review_roadmap", str(path))


def test_suggest_focus_json_and_text():
    code, out = _run(
        "suggest_focus", "Pengelolaan pengaduan masyarakat melalui SP4N-LAPOR", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and len(data) == 3
    assert data[0]["key"] == "urn:rb:general:08" and set(data[0]) == {"key", "title", "confidence"}
    code, out = _run("suggest_focus", "Seleksi terbuka jabatan pimpinan tinggi", "--pack", "rb-roadmap:2020")
    assert out.startswith("1. Penataan Sistem Manajemen SDM Aparatur")


def test_suggest_focus_unknown_pack_is_a_clear_error():
    with pytest.raises(CommandError, match="Paket tidak dikenal"):
        call_command("suggest_focus", "SOP", "--pack", "lke:2023")
