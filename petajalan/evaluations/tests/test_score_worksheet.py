"""``petajalan score_worksheet``: scores a CSV of answers without storing anything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from petajalan.evaluations.models import Cycle
from petajalan.evaluations.tests.test_scoring import HAND_2023


def write(tmp_path: Path, rows: list[tuple[str, str]], header: str = "ref,value") -> Path:
    path = tmp_path / "jawaban.csv"
    lines = [header] + [f'{ref},"{value}"' for ref, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_gives_the_hand_worked_index(tmp_path: Path, db: None, capsys: pytest.CaptureFixture) -> None:
    path = write(tmp_path, [*HAND_2023.items(), ("K", "-0,5")])
    call_command(
        "score_worksheet", str(path), "--pack", "lke:2023", "--bands", "rb-bands:2020", "--format", "json"
    )
    result = json.loads(capsys.readouterr().out)
    assert (result["rb_general"], result["rb_tematik"], result["index"], result["band"]) == (
        66.99,
        4.51,
        71.5,
        "BB",
    )
    assert "2B.5" in result["missing"] and "1A.1" not in result["missing"]
    nodes = {n["ref"]: n for n in result["nodes"]}
    assert nodes["1C.H.3"] == {"ref": "1C.H.3", "points": 5.04, "weight": 8.0}
    assert nodes["1"]["points"] == 67.49
    assert Cycle.objects.count() == 0


def test_text_lists_nodes_and_totals(tmp_path: Path, db: None, capsys: pytest.CaptureFixture) -> None:
    call_command("score_worksheet", str(write(tmp_path, [("1A.1", "3"), ("1C.H.4", "WDP")])))
    out = capsys.readouterr().out
    assert "1C.H.4" in out and "3.33 /    5.00" in out
    assert "Indeks RB  : 6.33 (D)" in out
    assert "Belum dijawab" in out


def test_bad_rows_are_reported_with_their_line(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture
) -> None:
    path = write(
        tmp_path,
        [("1A.1", "2"), ("9Z.1", "3"), ("1B.H.3", "6"), ("1C.H.4", "TMP"), ("1A.1", "1"), ("K", "5")],
    )
    with pytest.raises(CommandError) as caught:
        call_command("score_worksheet", str(path))
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert "baris 3 (9Z.1): nomor kriteria tidak dikenal" in err
    assert "baris 4 (1B.H.3): Jawaban 1B.H.3 harus antara 1 dan 5" in err
    assert "baris 5 (1C.H.4): Pilihan 'TMP' tidak dikenal" in err
    assert "baris 6 (1A.1): nomor ini sudah ada di baris 2" in err
    assert "baris 7 (K): Koefisien harus antara -10 dan 1" in err


def test_a_wrong_header_or_pack_is_refused(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="ref,value"):
        call_command("score_worksheet", str(write(tmp_path, [("1A.1", "2")], header="kode;nilai")))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("score_worksheet", str(write(tmp_path, [("1A.1", "2")])), "--pack", "lke:1999")


def test_every_shipped_worksheet_scores_from_the_command_line(tmp_path: Path) -> None:
    """The real process, exit status and all (the 2014 items are answered as points)."""
    for pack, rows in (
        ("lke:2014", [("A.1.1", "1")]),
        ("lke:2020", [("B.1", "7,5")]),
        ("lke:2023", [("1A.1", "3")]),
    ):
        path = write(tmp_path, rows)
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "petajalan",
                "score_worksheet",
                str(path),
                "--pack",
                pack,
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["index"] > 0
    bad = write(tmp_path, [("1A.1", "tiga")])
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "petajalan", "score_worksheet", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "harus berupa angka" in done.stderr
