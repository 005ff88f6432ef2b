"""The RB team and the agents of change travel in the workbook: export, import, review, bad rows."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Field
from openpyxl import load_workbook

from petajalan.clinic.services import review_roadmap
from petajalan.reports import services
from petajalan.reports import xlsx_format as fmt
from petajalan.reports.models import ReportJob
from petajalan.reports.sample import sample_roadmap
from petajalan.reports.spreadsheet import read_roadmap_xlsx
from petajalan.reports.xlsx_export import blank_template_xlsx, export_xlsx
from petajalan.roadmaps.demo import EXEMPLARY_UNIT
from petajalan.roadmaps.models import ChangeAgent, Roadmap, TeamMember
from petajalan.roadmaps.plain import PlainRoadmap, canonical_json
from petajalan.roadmaps.services import to_plain
from petajalan.testing.fixtures import client_for


def _rm(result: Any) -> PlainRoadmap:
    assert result.roadmap is not None, result.problems
    roadmap: PlainRoadmap = result.roadmap
    return roadmap


def _edit(data: bytes, change: Any) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _column(ws: Any, header: str) -> int:
    for cell in ws[fmt.HEADER_ROW]:
        if fmt.normalise_header(cell.value) == fmt.normalise_header(header):
            return int(cell.column)
    raise AssertionError(header)


@pytest.fixture
def roadmap() -> PlainRoadmap:
    return sample_roadmap()


def test_team_and_agents_are_exported_with_nip_as_text_and_read_back(roadmap: PlainRoadmap) -> None:
    data = export_xlsx(roadmap)
    wb = load_workbook(io.BytesIO(data))
    team, agents = wb["Tim RB"], wb["Agen Perubahan"]
    assert [c.value for c in team[fmt.HEADER_ROW]] == [
        "No",
        "Tim *",
        "Kedudukan *",
        "Nama *",
        "Jabatan",
        "NIP",
        "Nama Pokja",
    ]
    assert [c.value for c in team[fmt.FIRST_DATA_ROW]][:4] == [
        1,
        "Tim Pengarah",
        "Ketua",
        "Wali Kota Tanjungbalai",
    ]
    assert team.cell(7, _column(team, "Nama Pokja")).value == "Pokja Manajemen Perubahan"
    nip = agents.cell(fmt.FIRST_DATA_ROW, _column(agents, "NIP"))
    assert nip.value == "199001012015032001" and nip.data_type == "s"  # 18 digits survive Excel
    rules = {dv.formula1: str(dv.sqref) for dv in team.data_validations.dataValidation}
    assert rules["Daftar!$N$2:$N$4"].startswith("B4:")
    assert [wb["Daftar"].cell(r, 14).value for r in range(2, 5)] == list(fmt.TEAM_LABELS.values())

    alone = read_roadmap_xlsx(data)  # as the clinic reads a file: no stored road map behind it
    assert alone.ok
    assert _rm(alone).team == roadmap.team and _rm(alone).change_agents == roadmap.change_agents
    again = read_roadmap_xlsx(data, base=roadmap)
    assert again.ok and not any(again.changes.values())
    assert set(again.changes) == {"problems", "actions", "quick_wins", "team", "change_agents"}


def test_bad_team_and_agent_rows_are_named_by_sheet_row_and_column(roadmap: PlainRoadmap) -> None:
    def change(wb: Any) -> None:
        team, agents = wb["Tim RB"], wb["Agen Perubahan"]
        team.cell(4, _column(team, "Tim")).value = "Tim Hore"
        team.cell(5, _column(team, "Kedudukan")).value = None
        team.cell(6, _column(team, "NIP")).value = 196009101980031003  # typed as a number: 1.96E+17
        team.cell(7, _column(team, "Nama Pokja")).value = "P" * 151
        agents.cell(4, _column(agents, "NIP")).value = "1990 0101"
        agents.append([2, None, "Analis", None, None, "Rencana tanpa nama"])

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap)
    assert not result.ok
    text = "\n".join(map(str, result.problems))
    for expected in (
        "Tim RB, baris 4, kolom Tim: Tim “Tim Hore” tidak dikenal; pilih Tim Pengarah, Tim Pelaksana "
        "atau Kelompok Kerja.",
        "Tim RB, baris 5, kolom Kedudukan: Kedudukan belum diisi",
        "Tim RB, baris 6, kolom NIP: NIP tersimpan sebagai angka",
        "Tim RB, baris 7, kolom Nama Pokja: Isian terlalu panjang: 151 karakter; paling banyak 150.",
        "Agen Perubahan, baris 4, kolom NIP: NIP harus 18 angka.",
        "Agen Perubahan, baris 5, kolom Nama: Nama belum diisi.",
    ):
        assert expected in text, expected


def test_a_missing_people_sheet_or_column_keeps_what_is_stored(roadmap: PlainRoadmap) -> None:
    def drop_sheets(wb: Any) -> None:
        del wb["Tim RB"]
        del wb["Agen Perubahan"]

    kept = read_roadmap_xlsx(_edit(export_xlsx(roadmap), drop_sheets), base=roadmap)
    assert kept.ok and canonical_json(_rm(kept)) == canonical_json(roadmap)

    def drop_nip_and_edit(wb: Any) -> None:
        agents = wb["Agen Perubahan"]
        agents.delete_cols(_column(agents, "NIP"))
        agents.cell(4, _column(agents, "Jabatan")).value = "Perawat Ahli Muda"
        team = wb["Tim RB"]
        team.delete_rows(5)  # the steering team's secretary leaves
        team.append([3, "Kelompok Kerja", "Anggota", "Nur Aini", None, "'199203102019032002", "Pokja RB"])

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), drop_nip_and_edit), base=roadmap)
    assert result.ok, result.problems
    agent = _rm(result).change_agents[0]
    assert agent.nip == "199001012015032001" and agent.position == "Perawat Ahli Muda"
    assert result.changes["change_agents"].changed == ["Rina Marpaung, S.Kep."]
    assert result.changes["team"].removed == ["Sekretaris Daerah"]
    assert result.changes["team"].added == ["Nur Aini"]
    assert _rm(result).team[-1].nip == "199203102019032002"


def test_the_blank_template_has_empty_people_sheets(roadmap: PlainRoadmap) -> None:
    wb = load_workbook(io.BytesIO(blank_template_xlsx(roadmap)))
    assert wb["Tim RB"].max_row == 3 and wb["Agen Perubahan"].max_row == 3


def test_people_columns_are_as_long_as_the_stored_fields() -> None:
    for columns, model in ((fmt.TEAM_COLUMNS, TeamMember), (fmt.AGENT_COLUMNS, ChangeAgent)):
        for column in columns:
            if column.max_length:
                name = {"unit": "unit_name"}.get(column.key, column.key)
                field = model._meta.get_field(name)
                assert isinstance(field, Field) and field.max_length == column.max_length, column.key


@pytest.mark.django_db
def test_a_bad_team_row_is_previewed_and_a_good_agent_row_is_applied(
    drafter: Any, gov: Any, unit: Any
) -> None:
    from petajalan.roadmaps.tests.factories import make_action, make_roadmap

    r = make_roadmap(gov, unit)
    make_action(r)
    TeamMember.objects.create(roadmap=r, government=gov, team="steering", role="Ketua", name="Kepala Dinas")
    client = client_for(drafter)
    base = f"/g/{gov.slug}/dokumen/{r.uuid}/"
    exported = client.get(f"{base}unduh/xlsx/").content

    def bad(wb: Any) -> None:
        wb["Tim RB"].cell(4, 2).value = "Tim Sukses"

    client.post(f"{base}impor/", {"file": io.BytesIO(_edit(exported, bad))}, format="multipart")
    job = ReportJob.objects.get(kind=ReportJob.Kind.IMPORT)
    page = client.get(f"{base}tugas/{job.uuid}/").content.decode()
    assert "<td>Tim RB</td><td>4</td><td>Tim</td>" in page and "Tim “Tim Sukses” tidak dikenal" in page
    assert "Setujui" not in page
    client.post(f"{base}tugas/{job.uuid}/terapkan/")
    assert to_plain(r).team[0].team == "steering"

    def good(wb: Any) -> None:
        wb["Agen Perubahan"].append(
            [1, "Sari Nasution", "Pengelola Pengaduan", None, "Dinkes", "Rekap aduan"]
        )

    client.post(f"{base}impor/", {"file": io.BytesIO(_edit(exported, good))}, format="multipart")
    job = ReportJob.objects.filter(kind=ReportJob.Kind.IMPORT).latest("created_at")
    page = client.get(f"{base}tugas/{job.uuid}/").content.decode()
    assert "Agen perubahan" in page and "Setujui dan simpan semua" in page
    assert to_plain(r).change_agents == []  # nothing written before confirming
    client.post(f"{base}tugas/{job.uuid}/terapkan/")
    assert [(a.name, a.unit) for a in to_plain(r).change_agents] == [("Sari Nasution", "Dinkes")]


@pytest.mark.django_db
def test_the_clinic_finds_the_showcase_team_and_agents_in_its_exported_workbook(
    tmp_path: Path, capsys: Any
) -> None:
    call_command("load_demo", quiet_logins=True)
    roadmap = Roadmap.objects.get(government__slug="tanjungbalai", unit__short_name=EXEMPLARY_UNIT)
    stored, stored_review = review_roadmap(roadmap)
    assert stored.team and stored.change_agents
    path = tmp_path / "teladan.xlsx"
    path.write_bytes(services.export_roadmap(roadmap, "xlsx").content)

    capsys.readouterr()
    call_command("review_roadmap", str(path), format="json")
    findings = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in findings}
    assert "team.missing" not in rules and "agents.missing" not in rules
    # the file is judged as the stored road map is (the gaps its drafter explained in the clinic
    # are still reported: those explanations live in the clinic, not in the road map)
    assert sorted((f["rule"], f["location"]["row"]) for f in findings) == sorted(
        (f.rule, f.location.row) for f in stored_review.findings
    )

    again = services.read_import(roadmap, path.read_bytes())
    assert again.ok and not any(again.changes.values())
    assert canonical_json(_rm(again)) == canonical_json(stored)
