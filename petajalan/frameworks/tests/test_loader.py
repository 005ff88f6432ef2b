"""Loading packs: shipped packs load, reloads are no-ops, versions never overwrite each other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from petajalan.accounts.models import AuditEvent
from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.frameworks.models import Adoption, CrosswalkLink, Node, PackVersion
from petajalan.frameworks.schema import validate
from petajalan.frameworks.services import (
    PackConflict,
    activate_version,
    focus_nodes_in_force,
    outline_in_force,
    store_pack,
    version_in_force,
)

EXPECTED = {
    ("rb-roadmap", "2020"),
    ("rb-roadmap", "2023"),
    ("rb-outline", "2013"),
    ("lke", "2014"),
    ("lke", "2020"),
    ("lke", "2023"),
    ("rb-bands", "2020"),
    ("crosswalk-area-general", "2023"),
    ("crosswalk-lke-2020", "2023"),
}


def test_every_shipped_pack_is_valid():
    results = read_paths(shipped_paths())
    assert [str(p) for r in results for p in r.problems] == []
    assert {(r.doc["pack"], r.doc["version"]) for r in results} == EXPECTED


def test_every_shipped_node_names_its_source():
    for result in read_paths(shipped_paths()):
        assert all(node["source"] for node in result.doc["nodes"]), result.file
        assert result.doc["sources"], result.file


def test_every_shipped_pack_loads(shipped):
    assert set(PackVersion.objects.values_list("pack__key", "version")) == EXPECTED
    assert (
        Node.objects.filter(
            version__pack__key="rb-roadmap", version__version="2023", kind="main_activity"
        ).count()
        == 21
    )
    areas = CrosswalkLink.objects.filter(crosswalk__pack__key="crosswalk-area-general")
    assert areas.count() == 22
    # every RB General main activity is reached from some area
    assert areas.values("target").distinct().count() == 21
    lke = PackVersion.objects.get(pack__key="lke", version="2023")
    assert lke.verified is False
    assert str(lke.nodes.get(key="urn:lke:rb-general").weight) == "100.000"


def test_reload_is_idempotent(shipped):
    before = list(Node.objects.order_by("pk").values_list("pk", "key", "version_id"))
    call_command("load_frameworks", verbosity=0)
    assert list(Node.objects.order_by("pk").values_list("pk", "key", "version_id")) == before
    assert PackVersion.objects.count() == len(EXPECTED)


def test_same_version_with_other_content_is_refused_and_nothing_changes(shipped, tmp_path):
    source = next(p for p in shipped_paths() if p.name == "rb-bands-2020.yaml")
    changed = tmp_path / "bands.yaml"
    changed.write_text(source.read_text().replace("Sangat Memuaskan", "Istimewa"))
    count = Node.objects.count()
    with pytest.raises(CommandError, match="sudah tersimpan dengan isi yang berbeda"):
        call_command("load_frameworks", str(changed), verbosity=0)
    assert Node.objects.count() == count
    assert not Node.objects.filter(title__contains="Istimewa").exists()


def test_new_version_never_touches_rows_of_the_old_one(shipped):
    old = PackVersion.objects.get(pack__key="rb-bands", version="2020")
    old_rows = list(old.nodes.order_by("pk").values())
    doc = dict(old.document, version="2025", title="Kategori baru")
    doc["nodes"] = [dict(n, title=n["title"] + " (baru)") for n in doc["nodes"]]
    new, created = store_pack(validate(doc, "baru.yaml"))
    assert created and new.pk != old.pk
    assert list(old.nodes.order_by("pk").values()) == old_rows
    assert new.nodes.count() == len(old_rows)


def test_check_exits_zero_on_shipped_packs(shipped, capsys):
    call_command("load_frameworks", "--check")
    assert "9 paket sah" in capsys.readouterr().out


def test_check_on_a_broken_copy_prints_a_precise_line_and_exits_non_zero(tmp_path, capsys, db):
    broken = tmp_path / "lke-2023.yaml"
    shutil.copy(next(p for p in shipped_paths() if p.name == "lke-2023.yaml"), broken)
    broken.write_text(broken.read_text().replace("weight: 9\n", "weight: 8\n", 1))
    with pytest.raises(CommandError) as exc:
        call_command("load_frameworks", "--check", str(broken))
    assert exc.value.returncode == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "lke-2023.yaml: baris " in err[0]
    assert "urn:lke:rb-general:1c:hard: weight: bobot butir di bawahnya berjumlah 27, bukan 28" in err[0]
    assert not PackVersion.objects.exists()


def test_a_broken_file_in_a_batch_stores_nothing(tmp_path, db):
    broken = tmp_path / "rusak.yaml"
    broken.write_text("pack: rusak\n  - : [\n")
    with pytest.raises(CommandError):
        call_command("load_frameworks", *[str(p) for p in shipped_paths()], str(broken), verbosity=0)
    assert not PackVersion.objects.exists()


def test_versions_in_force_default_to_the_newest_shipped(shipped, gov):
    assert _in_force(gov, "rb-roadmap") == "2023"
    assert _in_force(gov, "lke") == "2023"
    assert version_in_force(gov, "tidak-ada") is None
    keys = [node.key for node in focus_nodes_in_force(gov)]
    assert keys[0] == "urn:rb:general:01" and "urn:rb:tematik:inflasi" in keys
    assert all(node.kind in Node.FOCUS_KINDS for node in focus_nodes_in_force(gov))
    chapters = outline_in_force(gov)
    assert [c.key for c in chapters] == [f"urn:outline:bab-{n}" for n in range(1, 8)]
    assert chapters[0].guidance and next(s.key for s in chapters[0].children.all()) == "urn:outline:bab-1:a"


def test_activate_version_switches_and_is_audited(shipped, gov, other_gov, admin):
    old = PackVersion.objects.get(pack__key="rb-roadmap", version="2020")
    activate_version(actor=admin, government=gov, version=old)
    assert version_in_force(gov, "rb-roadmap") == old
    assert _in_force(other_gov, "rb-roadmap") == "2023"
    assert next(n.key for n in focus_nodes_in_force(gov)) == "urn:rb:area:manajemen-perubahan"
    assert AuditEvent.objects.filter(government=gov, action=AuditEvent.Action.ACTIVATE).count() == 1
    newer = PackVersion.objects.get(pack__key="rb-roadmap", version="2023")
    activate_version(actor=admin, government=gov, version=newer)
    assert Adoption.objects.filter(government=gov, pack=newer.pack).count() == 1
    assert version_in_force(gov, "rb-roadmap") == newer


def test_a_government_cannot_adopt_another_governments_upload(shipped, gov, other_gov, admin):
    doc = dict(PackVersion.objects.get(pack__key="rb-bands").document, version="lain-1")
    theirs, _created = store_pack(validate(doc, "x.yaml"), actor=admin, owner=other_gov)
    with pytest.raises(PackConflict):
        activate_version(actor=admin, government=gov, version=theirs)


def test_catalog_folder_holds_only_pack_files():
    folder = Path(shipped_paths()[0]).parent
    assert sorted(p.suffix for p in folder.iterdir() if p.is_file()) == [".yaml"] * len(EXPECTED)


def _in_force(government, pack_key: str) -> str:
    version = version_in_force(government, pack_key)
    assert version is not None
    return version.version
