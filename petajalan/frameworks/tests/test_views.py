"""The Pedoman pages: reading, search (full page and htmx), compare, upload, activate, export."""

from __future__ import annotations

import io

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from petajalan.accounts.models import AuditEvent
from petajalan.frameworks.models import Adoption, Node, PackVersion
from petajalan.frameworks.schema import parse_yaml, validate
from petajalan.frameworks.services import store_pack, version_in_force
from petajalan.frameworks.xlsx import read_xlsx
from petajalan.testing.fixtures import client_for


def test_pack_list_shows_every_shipped_pack_and_what_is_in_force(shipped, gov, leader):
    html = client_for(leader).get(f"/g/{gov.slug}/pedoman/").content.decode()
    for version in PackVersion.objects.select_related("pack"):
        assert f"/g/{gov.slug}/pedoman/{version.pack.key}/{version.version}/" in html
    assert html.count("berlaku di sini") == 6  # one per pack
    assert "belum terverifikasi" in html
    assert "Unggah versi baru" not in html  # leaders read only


def test_version_page_shows_weights_answers_evidence_guidance_sources_and_badges(shipped, gov, drafter):
    html = client_for(drafter).get(f"/g/{gov.slug}/pedoman/lke/2023/").content.decode()
    assert "Kualitas rencana aksi" in html and "bobot 3" in html
    assert "rentang 0–3, dikonversi proporsional" in html
    assert "Surat pernyataan keabsahan rencana aksi" in html  # expected evidence
    assert "Rubrik 2024" in html  # guidance
    assert 'href="https://github.com/HanaDewi/portalrb-indv"' in html  # sources as links
    assert "belum terverifikasi" in html and "belum lengkap" in html
    assert 'id="urn:lke:rb-general:1b:hard:maturitas-spip"' in html


def test_search_works_without_javascript_and_keeps_ancestors(shipped, gov, drafter):
    response = client_for(drafter).get(f"/g/{gov.slug}/pedoman/lke/2023/", {"q": "spip"})
    html = response.content.decode()
    assert "<html" in html
    assert "Maturitas SPIP" in html
    assert "Elemen hard" in html  # the parent stays, as context
    assert "Indeks SPBE" not in html
    assert "1 butir cocok" in html


def test_search_as_htmx_returns_only_the_tree(shipped, gov, drafter):
    response = client_for(drafter).get(
        f"/g/{gov.slug}/pedoman/lke/2023/", {"q": "integritas"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and html.strip().startswith('<div id="tree"')
    assert "Survei Penilaian Integritas" in html and "Zona Integritas" in html


def test_crosswalk_can_be_followed_both_ways(shipped, gov, reviewer):
    client = client_for(reviewer)
    table = client.get(f"/g/{gov.slug}/pedoman/crosswalk-area-general/2023/").content.decode()
    assert "Manajemen Perubahan" in table and "#urn:rb:general:20" in table
    area = client.get(f"/g/{gov.slug}/pedoman/rb-roadmap/2020/").content.decode()
    assert "/pedoman/rb-roadmap/2023/#urn:rb:general:19" in area  # SDM → merit system
    general = client.get(f"/g/{gov.slug}/pedoman/rb-roadmap/2023/").content.decode()
    assert "/pedoman/rb-roadmap/2020/#urn:rb:area:penataan-sdm-aparatur" in general


def test_compare_lists_changed_fields(shipped, gov, leader):
    html = (
        client_for(leader)
        .get(f"/g/{gov.slug}/pedoman/banding/", {"a": "lke:2014", "b": "lke:2020"})
        .content.decode()
    )
    assert "ditambah" in html and "dihapus" in html and "diubah" in html
    assert "urn:lke:hasil:akuntabilitas" in html
    assert "Berlakukan versi" not in html


def _upload(client, gov, name, content):
    return client.post(f"/g/{gov.slug}/pedoman/unggah/", {"file": SimpleUploadedFile(name, content)})


def _new_bands_yaml():
    doc = dict(
        PackVersion.objects.get(pack__key="rb-bands", version="2020").document,
        version="2025",
        title="Kategori 2025",
    )
    doc["nodes"] = [dict(n) for n in doc["nodes"]]
    doc["nodes"][0]["title"] = "AA — Istimewa"
    return yaml.safe_dump(doc, allow_unicode=True).encode()


def test_admin_uploads_sees_diff_and_activates(shipped, gov, admin):
    client = client_for(admin)
    response = _upload(client, gov, "kategori-2025.yaml", _new_bands_yaml())
    assert response.status_code == 302
    assert response["Location"].endswith("?a=rb-bands:2020&b=rb-bands:2025")
    new = PackVersion.objects.get(pack__key="rb-bands", version="2025")
    assert new.owner == gov and new.loaded_by == admin
    diff = client.get(response["Location"]).content.decode()
    assert "AA — Istimewa" in diff and "Berlakukan versi 2025" in diff
    assert _in_force(gov, "rb-bands") == "2020"  # not before activation
    activated = client.post(f"/g/{gov.slug}/pedoman/rb-bands/2025/aktifkan/")
    assert activated.status_code == 302
    assert version_in_force(gov, "rb-bands") == new
    assert AuditEvent.objects.filter(government=gov, action=AuditEvent.Action.IMPORT).count() == 1
    assert AuditEvent.objects.filter(government=gov, action=AuditEvent.Action.ACTIVATE).count() == 1


def test_uploading_the_same_content_again_is_a_no_op(shipped, gov, admin):
    client = client_for(admin)
    _upload(client, gov, "a.yaml", _new_bands_yaml())
    again = _upload(client, gov, "a.yaml", _new_bands_yaml())
    assert again.status_code == 302
    assert PackVersion.objects.filter(pack__key="rb-bands").count() == 2


def test_invalid_upload_lists_every_problem_and_stores_nothing(shipped, gov, admin):
    text = _new_bands_yaml().decode().replace("min: 80", "min: 85").replace("kind: band", "kind: pita", 1)
    response = _upload(client_for(admin), gov, "rusak.yaml", text.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "masalah ditemukan; tidak ada yang disimpan" in html
    assert "jenis tidak dikenal" in html
    assert not PackVersion.objects.filter(version="2025").exists()


def test_upload_with_a_used_version_number_is_refused_with_a_clear_message(shipped, gov, admin):
    text = _new_bands_yaml().decode().replace("version: '2025'", "version: '2020'")
    html = _upload(client_for(admin), gov, "k.yaml", text.encode()).content.decode()
    assert "sudah tersimpan dengan isi yang berbeda" in html


def test_bad_files_never_give_a_500(shipped, gov, admin):
    client = client_for(admin)
    cases = {
        "palsu.xlsx": (b"ini bukan excel", "bukan XLSX"),
        "gambar.png": (b"\x89PNG", "Jenis berkas tidak dikenal"),
        "kosong.yaml": (b"", "kosong"),
        "daftar.yaml": (b"- a\n- b\n", "pemetaan"),
        "rusak.yaml": (b"pack: [", "YAML tidak dapat dibaca"),
    }
    for name, (content, expected) in cases.items():
        response = _upload(client, gov, name, content)
        assert response.status_code == 200, name
        assert expected in response.content.decode(), name
    assert PackVersion.objects.filter(owner=gov).count() == 0


def test_xlsx_upload_of_an_exported_pack_with_a_new_version_number(shipped, gov, admin):
    client = client_for(admin)
    exported = client.get(f"/g/{gov.slug}/pedoman/lke/2023/unduh/xlsx/").content
    wb = load_workbook(io.BytesIO(exported))
    row = next(r for r in wb["Paket"].iter_rows() if r[0].value == "version")
    row[1].value = "2024-draf"
    buffer = io.BytesIO()
    wb.save(buffer)
    response = _upload(client, gov, "lke-2024.xlsx", buffer.getvalue())
    assert response.status_code == 302
    new = PackVersion.objects.get(pack__key="lke", version="2024-draf")
    old = PackVersion.objects.get(pack__key="lke", version="2023")
    assert new.nodes.count() == old.nodes.count()


def test_exports_round_trip_to_the_stored_checksum(shipped, gov, leader):
    client = client_for(leader)
    for version in PackVersion.objects.select_related("pack"):
        base = f"/g/{gov.slug}/pedoman/{version.pack.key}/{version.version}/unduh"
        xlsx = client.get(f"{base}/xlsx/")
        assert (
            xlsx["Content-Disposition"] == f'attachment; filename="{version.pack.key}-{version.version}.xlsx"'
        )
        assert read_xlsx(xlsx.content, "x.xlsx").checksum == version.checksum
        yaml_text = client.get(f"{base}/yaml/").content
        assert parse_yaml(yaml_text, "x.yaml").checksum == version.checksum


def _large_pack(n: int) -> PackVersion:
    nodes = []
    for c in range(n // 10):
        nodes.append({"key": f"urn:besar:{c}", "kind": "component", "title": f"Komponen {c}", "weight": 10})
        for k in range(9):
            nodes.append(
                {
                    "key": f"urn:besar:{c}:{k}",
                    "parent": f"urn:besar:{c}",
                    "kind": "criterion",
                    "title": f"Kriteria {c}.{k}",
                    "weight": "1.111" if k < 8 else "1.112",
                    "answer_type": "abcd",
                    "expected_evidence": ["Dokumen"],
                }
            )
    raw = {
        "pack": f"besar-{n}",
        "purpose": "worksheet",
        "version": "1",
        "title": "Paket besar",
        "nodes": nodes,
    }
    return store_pack(validate(raw, "besar.yaml"))[0]


def test_tree_page_runs_a_constant_number_of_queries(db, gov, drafter, django_assert_max_num_queries):
    client = client_for(drafter)
    small, large = _large_pack(20), _large_pack(2000)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(f"/g/{gov.slug}/pedoman/{small.pack.key}/1/").status_code == 200
    assert 3 < len(small_queries) < 15
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(f"/g/{gov.slug}/pedoman/{large.pack.key}/1/")
    assert response.content.decode().count('class="tree-node') == 2000
    assert Node.objects.filter(version=large).count() == 2000


def test_pack_list_runs_a_constant_number_of_queries(shipped, gov, admin, django_assert_max_num_queries):
    client = client_for(admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(f"/g/{gov.slug}/pedoman/")
    for n in range(5):
        _large_pack(10 + n * 10)
    Adoption.objects.create(
        government=gov,
        pack=PackVersion.objects.get(pack__key="lke", version="2020").pack,
        version=PackVersion.objects.get(pack__key="lke", version="2020"),
    )
    with django_assert_max_num_queries(len(before)):
        client.get(f"/g/{gov.slug}/pedoman/")


def _in_force(government, pack_key: str) -> str:
    version = version_in_force(government, pack_key)
    assert version is not None
    return version.version
