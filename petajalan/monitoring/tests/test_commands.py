"""``petajalan export_monitoring`` and ``petajalan import_realisation``: the web's code path from the
command line; one line per problem and exit status 1, nothing written, refused when locked."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from petajalan.monitoring import documents
from petajalan.monitoring.models import Period, Realisation
from petajalan.monitoring.tests.city_data import seed_city

UNIT = "1.02.0.00.0.00.01.0000"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def quarter_args(gov, *, unit: str | None = UNIT, year: int = 2025, quarter: int = 1) -> list[str]:  # type: ignore[no-untyped-def]
    which = ["--unit", unit] if unit else ["--city"]
    return [*which, "--government", gov.slug, "--year", str(year), "--quarter", str(quarter)]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv", "portal"])
def test_export_monitoring_writes_each_format(gov, report, fmt, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{fmt}"
    out = run("export_monitoring", *quarter_args(gov), "--format", fmt, "-o", str(target))
    assert str(target) in out and "bita" in out
    content = target.read_bytes()
    if fmt == "pdf":
        assert "LAPORAN PEMANTAUAN" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    elif fmt == "docx":
        assert Document(io.BytesIO(content)).paragraphs[4].text == "LAPORAN PEMANTAUAN"
    elif fmt == "csv":
        assert content.decode("utf-8").splitlines()[0].startswith("pemerintah_daerah,tahun,triwulan")
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["Realisasi"]
        assert (sheet.max_row, sheet.max_column) == (3 + 3, 15)
    else:
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        assert (sheet.max_row, sheet.max_column) == (1 + 3, 35)


def test_export_monitoring_for_the_city(gov, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed_city(gov, units=2, actions=3, quarters=[(2026, 1)])
    target = tmp_path / "kota.csv"
    run("export_monitoring", *quarter_args(gov, unit=None, year=2026), "--format", "csv", "-o", str(target))
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1 + 2 * 3 + 3


def test_export_monitoring_names_what_is_missing(gov, report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="belum ada"):
        run("export_monitoring", *quarter_args(gov, quarter=3), "--format", "pdf", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="tidak ada"):
        run("export_monitoring", "--city", "--government", "entah", "--year", "2025", "--quarter", "1",
            "--format", "pdf", "-o", str(tmp_path / "x"))  # fmt: skip


def _filled_file(report, tmp_path, **cells: object):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(documents.export_report(report, "xlsx").content))
    ws = wb["Realisasi"]
    for ref, value in cells.items():
        ws[ref] = value
    path = tmp_path / "realisasi.xlsx"
    wb.save(path)
    return path


def test_import_realisation_writes_all_rows(gov, report, rows, drafter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _filled_file(report, tmp_path, J4="7", J5="8,5", K5="Rp 2.000.000")
    out = run("import_realisation", str(path), *quarter_args(gov), "--as", drafter.email)
    assert "2 baris diubah dari 3 baris terbaca." in out and "Impor diterapkan." in out
    values = sorted(v for v in Realisation.objects.filter(report=report).values_list("value", flat=True) if v)
    assert values == [Decimal(7), Decimal("8.5")]
    assert Realisation.objects.filter(report=report, updated_by=drafter).count() == 2


def test_import_realisation_dry_run_writes_nothing(gov, report, rows, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _filled_file(report, tmp_path, J4="7")
    out = run("import_realisation", str(path), *quarter_args(gov), "--dry-run")
    assert "Baris 4" in out and "Uji coba: tidak ada yang disimpan." in out
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()


def test_import_realisation_exits_1_with_one_line_per_problem(gov, report, rows, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _filled_file(report, tmp_path, J4="tujuh", J5="=2*3", B6="bukan-id")
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_realisation", str(path), *quarter_args(gov), stdout=out)
    assert refused.value.returncode == 1
    assert "3 masalah; tidak ada yang disimpan." in str(refused.value)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Realisasi, baris 4, kolom Realisasi: “tujuh” bukan angka.")
    assert lines[1] == "Realisasi, baris 5, kolom Realisasi: Sel J5 berisi rumus; ketik nilainya saja."
    assert lines[2].startswith("Realisasi, baris 6, kolom ID: ID “bukan-id” tidak dikenal")
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()


def test_import_realisation_is_refused_when_the_quarter_is_locked(
    gov, report, rows, period, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = _filled_file(report, tmp_path, J4="7")
    today = timezone.localdate()
    Period.objects.filter(pk=period.pk).update(due_on=today, locks_on=today)
    with pytest.raises(CommandError, match="sudah dikunci") as refused:
        run("import_realisation", str(path), *quarter_args(gov))
    assert refused.value.returncode == 1
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()


def test_import_realisation_into_the_city_road_map(gov, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from petajalan.monitoring import services
    from petajalan.monitoring.tests.conftest import open_period
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.tests.factories import make_action, make_roadmap

    city = make_roadmap(gov, None, status=Roadmap.Status.ENACTED, title="Road Map RB Kota Uji")
    make_action(city, activity="Kegiatan kota")
    open_period(gov, 2025, 1)
    report = services.open_report(actor=admin, roadmap=city, year=2025, quarter=1)
    path = _filled_file(report, tmp_path, J4="6")
    run("import_realisation", str(path), *quarter_args(gov, unit=None))
    assert report.realisations.get().value == Decimal(6)
