"""``petajalan export_evaluation`` and ``petajalan import_evaluation``: the web's code path from the
command line; one line per problem and exit status 1, nothing written, refused out of phase."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from petajalan.evaluations.models import Cycle, Phase
from petajalan.evaluations.tests.conftest import move_to
from petajalan.evaluations.tests.test_documents import fresh
from petajalan.evaluations.tests.test_spreadsheet import HEADERS, row_of

ARGS = ["--government", "kota-uji", "--year", "2025"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_export_evaluation_writes_each_format(cycle: Cycle, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"evaluasi.{fmt}"
    out = run("export_evaluation", *ARGS, "-o", str(target))
    assert str(target) in out and "bita" in out and "Kota Uji" in out
    content = target.read_bytes()
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Jawaban"]
        assert sheet.max_row == 3 + cycle.answers.count() and sheet.max_column == len(HEADERS)
    elif fmt == "docx":
        assert "LAPORAN HASIL EVALUASI INTERNAL" in [p.text for p in Document(io.BytesIO(content)).paragraphs]
    else:
        assert content.startswith(b"%PDF")


def test_export_evaluation_names_what_is_missing(cycle: Cycle, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="belum dibuka"):
        run("export_evaluation", "--government", "kota-uji", "--year", "2030", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="tidak ada"):
        run("export_evaluation", "--government", "entah", "--year", "2025", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="tidak dikenal"):
        run("export_evaluation", *ARGS, "-o", str(tmp_path / "x.csv"))


def _filled(cycle: Cycle, tmp_path: Path, **answers: Any) -> Path:
    path = tmp_path / "jawaban.xlsx"
    run("export_evaluation", *ARGS, "-o", str(path))
    wb = openpyxl.load_workbook(path)
    ws = wb["Jawaban"]
    for ref, value in answers.items():
        ws.cell(row_of(ws, ref.replace("_", ".")), HEADERS.index("Jawaban Mandiri") + 1, value)
    wb.save(path)
    return path


def test_import_evaluation_writes_every_answer_for_the_actor(
    cycle: Cycle, drafter: Any, tmp_path: Path
) -> None:
    path = _filled(cycle, tmp_path, **{"1B_H_5": "82,5", "1C_H_2": 95})
    out = run("import_evaluation", str(path), *ARGS, "--actor", drafter.email)
    assert "2 jawaban diubah dari" in out and "Impor diterapkan." in out
    assert "Baris" in out and "Jawaban Mandiri: — → 82,5" in out
    assert fresh(cycle, "1B.H.5").self_value == "82.5" and fresh(cycle, "1B.H.5").answered_by == drafter


def test_import_evaluation_dry_run_writes_nothing(cycle: Cycle, tmp_path: Path) -> None:
    path = _filled(cycle, tmp_path, **{"1A_1": 3})
    out = run("import_evaluation", str(path), *ARGS, "--dry-run")
    assert "Uji coba: tidak ada yang disimpan." in out
    assert fresh(cycle, "1A.1").self_value == ""


def test_import_evaluation_exits_1_with_one_line_per_problem(
    cycle: Cycle, drafter: Any, tmp_path: Path
) -> None:
    path = _filled(cycle, tmp_path, **{"1A_2": 120, "1B_H_5": "tinggi", "1A_1": 3})
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_evaluation", str(path), *ARGS, "--actor", drafter.email, stdout=out)
    assert refused.value.returncode == 1
    assert "3 masalah; tidak ada yang disimpan." in str(refused.value)
    ws = openpyxl.load_workbook(path)["Jawaban"]
    lines = out.getvalue().splitlines()
    assert lines == [
        f"Jawaban, baris {row_of(ws, '1A.1')}, kolom Nomor: Kriteria 1A.1 dijawab oleh Bagian Organisasi; "
        "Anda tidak dapat mengubah jawabannya.",
        f"Jawaban, baris {row_of(ws, '1A.2')}, kolom Jawaban Mandiri: Jawaban 1A.2 harus antara 0 dan 100; "
        "tertulis 120.",
        f"Jawaban, baris {row_of(ws, '1B.H.5')}, kolom Jawaban Mandiri: Jawaban 1B.H.5 harus berupa angka, "
        "bukan 'tinggi'.",
    ]
    assert not cycle.answers.exclude(self_value="").exists()


def test_import_evaluation_is_refused_out_of_phase(cycle: Cycle, tmp_path: Path) -> None:
    path = _filled(cycle, tmp_path, **{"1A_1": 3})
    move_to(cycle, Phase.VERIFICATION)
    with pytest.raises(CommandError, match="Verifikasi Inspektorat") as refused:
        run("import_evaluation", str(path), *ARGS)
    assert refused.value.returncode == 1
    assert fresh(cycle, "1A.1").self_value == ""


def test_import_evaluation_names_a_missing_file_or_person(cycle: Cycle, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        run("import_evaluation", str(tmp_path / "entah.xlsx"), *ARGS)
    path = _filled(cycle, tmp_path)
    with pytest.raises(CommandError, match=r"Pengguna siapa@uji\.test tidak ada"):
        run("import_evaluation", str(path), *ARGS, "--actor", "siapa@uji.test")
