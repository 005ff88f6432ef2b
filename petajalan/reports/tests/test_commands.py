"""export_roadmap and import_roadmap on the command line (the same services as the web)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import to_plain

pytestmark = pytest.mark.django_db
CODE = "1.02.0.00.0.00.01.0000"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "template", "csv", "json"])
def test_export_writes_every_format(roadmap: Roadmap, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    assert "bita" in _run("export_roadmap", "--unit", CODE, "--format", fmt, "-o", str(target))
    data = target.read_bytes()
    if fmt == "docx":
        assert Document(io.BytesIO(data)).paragraphs
    elif fmt == "pdf":
        assert len(PdfReader(io.BytesIO(data)).pages) > 3
    elif fmt in ("xlsx", "template"):
        assert "Info" in load_workbook(io.BytesIO(data)).sheetnames
    elif fmt == "csv":
        assert data.decode().startswith("pemerintah_daerah,perangkat_daerah,")
    else:
        assert roadmap.title in data.decode()


def test_export_of_an_unknown_unit_is_an_error(roadmap: Roadmap, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _run(
            "export_roadmap", "--unit", "9.99.0.00.0.00.01.0000", "--format", "pdf", "-o", str(tmp_path / "x")
        )


def test_import_dry_run_then_apply(roadmap: Roadmap, tmp_path: Path) -> None:
    path = tmp_path / "rencana.xlsx"
    _run("export_roadmap", "--unit", CODE, "--format", "xlsx", "-o", str(path))
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[3]]
    ws.cell(4, 5).value = "Kegiatan dari baris perintah"
    wb.save(path)
    output = _run("import_roadmap", str(path), "--unit", CODE, "--dry-run")
    assert "Rencana aksi: 0 baru, 1 diubah, 0 dihapus" in output and "Uji coba" in output
    assert "Kegiatan dari baris perintah" not in {a.activity for a in to_plain(roadmap).actions}
    assert "Impor diterapkan." in _run("import_roadmap", str(path), "--unit", CODE)
    assert "Kegiatan dari baris perintah" in {a.activity for a in to_plain(roadmap).actions}


def test_import_with_problems_prints_them_and_exits_1(roadmap: Roadmap, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"ini bukan excel")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_roadmap", str(path), "--unit", CODE, stdout=out)
    assert error.value.returncode == 1
    assert "bukan lembar kerja Excel" in out.getvalue()
