"""Views: the action matrix with htmx, inline edit, bad input, stale saves, wizard, workflow pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from petajalan.accounts.models import AuditEvent
from petajalan.roadmaps.models import Action, Roadmap
from petajalan.roadmaps.services import freeze_snapshot, save_row
from petajalan.roadmaps.tests.factories import (
    AREAS,
    make_action,
    make_packs,
    make_problem,
    make_quick_win,
    make_roadmap,
)
from petajalan.testing.fixtures import client_for

HX = {"HX-Request": "true"}


@pytest.fixture
def roadmap(gov, unit):
    return make_roadmap(gov, unit)


def _url(r, tail=""):
    return f"/g/{r.government.slug}/roadmap/{r.uuid}/{tail}"


def _row_data(r, **extra):
    data = {
        "focus_key": AREAS[0][0],
        "activity": "Digitalisasi antrean puskesmas",
        "direction": "up",
        "subactivity_code": "1.02.02.2.01.0001",
        "indicator": "Waktu tunggu",
        "unit_of_measure": "menit",
        "target_2025": "45",
        "target_2026": "40,5",
        "budget_2025": "1.250.000",
        "q1": "10",
    }
    data.update(extra)
    return data


def test_matrix_page_and_fragment(roadmap, drafter):
    make_action(roadmap, activity="Baris pertama")
    client = client_for(drafter)
    full = client.get(_url(roadmap, "matriks/"))
    assert full.status_code == 200
    html = full.content.decode()
    assert "<html" in html and "Baris pertama" in html and "Rp125.000.000" in html  # 5 × Rp25.000.000
    fragment = client.get(_url(roadmap, "matriks/"), headers=HX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and 'id="matrix"' in body


def test_new_row_form_loads_when_opened_and_works_without_javascript(roadmap, drafter, reviewer):
    client = client_for(drafter)
    page = client.get(_url(roadmap, "matriks/"), {"fokus": AREAS[1][0]}).content.decode()
    create = _url(roadmap, "matriks/tambah/")
    # the page holds no form fields, only what loads them: htmx when opened, else the link
    assert 'id="new_activity"' not in page
    assert f'hx-get="{create}?fokus={AREAS[1][0]}"' in page.replace("%3A", ":")
    assert 'hx-trigger="toggle once from:closest details"' in page
    assert f'<a href="{create}?fokus=' in page and "Buka formulir rencana aksi baru" in page
    loaded = client.get(create, {"fokus": AREAS[1][0]}, headers=HX).content.decode()
    assert "<html" not in loaded and 'id="new_activity"' in loaded and f'hx-post="{create}"' in loaded
    assert f'<option value="{AREAS[1][0]}" selected>' in loaded  # the filtered focus is preselected
    # without JavaScript: a page of its own, posting as an ordinary form back to the matrix
    standalone = client.get(create)
    html = standalone.content.decode()
    assert standalone.status_code == 200 and "<html" in html and 'id="new_activity"' in html
    assert "hx-post" not in html.split('id="new_activity"')[0].rsplit("<form", 1)[1]
    saved = client.post(create, _row_data(roadmap))
    assert saved.status_code == 302 and saved["Location"] == _url(roadmap, "matriks/")
    assert roadmap.actions.count() == 1
    # a reviewer may read the matrix but not open the form
    assert client_for(reviewer).get(create).status_code == 403


def test_filter_by_focus(roadmap, drafter):
    make_action(roadmap, activity="Area satu", focus_key=AREAS[0][0])
    make_action(roadmap, activity="Area dua", focus_key=AREAS[1][0])
    body = (
        client_for(drafter)
        .get(_url(roadmap, "matriks/"), {"fokus": AREAS[1][0]}, headers=HX)
        .content.decode()
    )
    assert "Area dua" in body and "Area satu" not in body


def test_add_row_with_indonesian_numbers(roadmap, drafter):
    response = client_for(drafter).post(_url(roadmap, "matriks/tambah/"), _row_data(roadmap), headers=HX)
    assert response.status_code == 200
    action = roadmap.actions.get()
    assert action.targets.get(year=2026, quarter=None).value == Decimal("40.5")
    assert action.targets.filter(quarter=1).get().value == Decimal("10")
    assert action.budgets.get(year=2025).amount == Decimal("1250000")
    assert AuditEvent.objects.filter(object_type="roadmaps.action", action="create").exists()


def test_bad_input_gets_messages_at_the_field_and_keeps_the_text(roadmap, drafter):
    data = _row_data(
        roadmap,
        target_2027="tujuh puluh",
        subactivity_code="1.02.2",
        baseline_year="2031",
        activity="A" * 4100,
    )
    response = client_for(drafter).post(_url(roadmap, "matriks/tambah/"), data, headers=HX)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Target 2027 harus berupa angka" in body and "tujuh puluh" in body
    assert "Kode sub-kegiatan harus berbentuk Permendagri 90/2019" in body
    assert "Tahun data dasar harus antara" in body
    assert "Teks terlalu panjang" in body
    assert not roadmap.actions.exists()


def test_unknown_unit_is_refused(roadmap, drafter):
    data = _row_data(roadmap, responsible_unit="00000000-0000-0000-0000-000000000000")
    response = client_for(drafter).post(_url(roadmap, "matriks/tambah/"), data, headers=HX)
    assert response.status_code == 422
    assert "Perangkat daerah 00000000-0000-0000-0000-000000000000 tidak dikenal" in response.content.decode()


def test_inline_edit_fragment_save_and_autosave(roadmap, drafter):
    action = make_action(roadmap)
    client = client_for(drafter)
    url = _url(roadmap, f"matriks/{action.uid}/")
    form = client.get(url, headers=HX)
    assert (
        form.status_code == 200
        and "<html" not in form.content.decode()
        and "edit-row" in form.content.decode()
    )
    assert client.get(url).status_code == 200  # full page without htmx
    auto = client.post(url, _row_data(roadmap, version="1", output="Aplikasi antrean"), headers=HX)
    assert auto.status_code == 200 and auto["HX-Reswap"] == "none" and 'value="2"' in auto.content.decode()
    done = client.post(url, _row_data(roadmap, version="2", finish="1"), headers=HX)
    assert done.status_code == 200 and "Digitalisasi antrean puskesmas" in done.content.decode()
    action.refresh_from_db()
    assert action.version == 3


def test_stale_save_is_refused_showing_the_other_change(roadmap, drafter, unit_head):
    action = make_action(roadmap)
    save_row(
        actor=unit_head,
        roadmap=roadmap,
        model=Action,
        row=action,
        values={"indicator": "Versi kepala"},
        expected_version=1,
    )
    response = client_for(drafter).post(
        _url(roadmap, f"matriks/{action.uid}/"),
        _row_data(roadmap, version="1", indicator="Versi penyusun"),
        headers=HX,
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Versi kepala" in body and "Versi penyusun" in body and "Kepala Dinkes" in body
    action.refresh_from_db()
    assert action.indicator == "Versi kepala"


def test_duplicate_move_delete_return_the_table(roadmap, drafter):
    a = make_action(roadmap, activity="Satu")
    make_action(roadmap, activity="Dua")
    client = client_for(drafter)
    r = client.post(_url(roadmap, f"matriks/{a.uid}/duplikat/"), headers=HX)
    assert r.status_code == 200 and r.content.decode().count("Satu") >= 2
    assert (
        client.post(_url(roadmap, f"matriks/{a.uid}/pindah/"), {"arah": "turun"}, headers=HX).status_code
        == 200
    )
    assert client.post(_url(roadmap, f"matriks/{a.uid}/hapus/"), headers=HX).status_code == 200
    assert roadmap.actions.count() == 2


@pytest.mark.parametrize("size", [10, 300])
def test_matrix_runs_a_constant_number_of_queries(gov, unit, drafter, size, django_assert_max_num_queries):
    r = make_roadmap(gov, unit)
    problem = make_problem(r)
    for n in range(size):
        a = make_action(r, activity=f"Kegiatan {n}")
        if n % 3 == 0:
            a.problems.add(problem)
    client = client_for(drafter)
    with django_assert_max_num_queries(32):
        response = client.get(_url(r, "matriks/"))
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="row') == size


def test_wizard_creates_a_roadmap_with_chapters(gov, unit, drafter):
    make_packs()
    client = client_for(drafter)
    response = client.post(
        f"/g/{gov.slug}/roadmap/baru/",
        {"unit": str(unit.uuid), "start_year": "2025", "end_year": "2029", "start_from": "empty"},
    )
    r = Roadmap.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(r)
    assert r.chapters.count() == 2 and r.unit == unit
    again = client.post(
        f"/g/{gov.slug}/roadmap/baru/",
        {"unit": str(unit.uuid), "start_year": "2025", "end_year": "2024", "start_from": "empty"},
    )
    assert "Tahun akhir tidak boleh sebelum tahun awal" in again.content.decode()


def test_submit_page_shows_blockers_and_refuses(roadmap, unit_head):
    client = client_for(unit_head)
    page = client.get(_url(roadmap, "alur/submit/"))
    assert "Belum ada rencana aksi" in page.content.decode()
    response = client.post(_url(roadmap, "alur/submit/"))
    assert response.status_code == 422
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.DRAFT


def test_submit_then_reviewer_comments_and_flags(roadmap, unit_head, reviewer, drafter):
    action = make_action(roadmap)
    assert client_for(unit_head).post(_url(roadmap, "alur/submit/")).status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.SUBMITTED
    detail = client_for(drafter).get(_url(roadmap)).content.decode()
    assert roadmap.snapshots.get().sha256 in detail
    client_for(reviewer).post(
        _url(roadmap, "komentar/"),
        {
            "body": "Indikator **belum** terukur <script>x</script>",
            "needs_fix": "on",
            "action": str(action.uid),
        },
    )
    comment = roadmap.comments.get()
    assert comment.needs_fix and comment.action == action
    page = client_for(drafter).get(_url(roadmap)).content.decode()
    assert "<strong>belum</strong>" in page and "<script>x" not in page
    client_for(drafter).post(
        _url(roadmap, "komentar/"), {"body": "Sudah kami ganti", "parent": str(comment.uuid)}
    )
    assert comment.replies.count() == 1
    assert drafter.roadmap_notifications.exists() or reviewer.roadmap_notifications.exists()


def test_drafter_cannot_flag_needs_fix(roadmap, drafter):
    client_for(drafter).post(_url(roadmap, "komentar/"), {"body": "catatan", "needs_fix": "on"})
    assert not roadmap.comments.exists()


def test_diff_page_between_snapshot_and_now(roadmap, drafter):
    action = make_action(roadmap)
    snap = freeze_snapshot(actor=None, roadmap=roadmap, kind="submit")
    save_row(
        actor=drafter,
        roadmap=roadmap,
        model=Action,
        row=action,
        values={"output": "Keluaran baru"},
        expected_version=1,
    )
    body = (
        client_for(drafter)
        .get(_url(roadmap, "riwayat/"), {"dari": str(snap.uuid), "ke": "kini"})
        .content.decode()
    )
    assert "Keluaran baru" in body and "Dokumen SOP" in body and snap.sha256 in body
    raw = client_for(drafter).get(_url(roadmap, f"riwayat/{snap.uuid}.json"))
    assert raw.content.decode() == snap.canonical_json


def test_gantt_svg_and_page(roadmap, drafter):
    make_action(roadmap, activity="Jadwal <b>uji</b>", schedule=["2025-Q1", "2025-Q2"])
    client = client_for(drafter)
    svg = client.get(_url(roadmap, "jadwal/"), {"format": "svg"})
    assert svg["Content-Type"].startswith("image/svg+xml")
    text = svg.content.decode()
    assert text.startswith("<svg") and "Jadwal &lt;b&gt;uji&lt;/b&gt;" in text and text.count('rx="3"') == 2
    assert client.get(_url(roadmap, "jadwal/")).status_code == 200


def test_chapter_markdown_is_sanitised_and_stale_save_kept(roadmap, drafter, unit_head):
    chapter = roadmap.chapters.first()
    client = client_for(drafter)
    url = _url(roadmap, f"bab/{chapter.uid}/")
    client.post(
        url, {"body": "# Judul\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>", "version": "1"}
    )
    page = client.get(_url(roadmap)).content.decode()
    assert "javascript:" not in page and "onerror" not in page
    stale = client_for(unit_head).post(url, {"body": "Versi kepala", "version": "1"})
    assert stale.status_code == 409 and "Versi kepala" in stale.content.decode()


def test_city_view_lists_units_and_gaps(gov, unit, other_unit, admin, leader):
    r = make_roadmap(gov, unit, status=Roadmap.Status.APPROVED)
    make_action(r, focus_key=AREAS[0][0])
    city = make_roadmap(gov, None)
    body = client_for(leader).get(f"/g/{gov.slug}/roadmap/kota/").content.decode()
    assert "Dinas Kesehatan" in body and "Dinas Pendidikan" in body and "belum mulai" in body
    assert "belum digarap" in body
    response = client_for(admin).post(f"/g/{gov.slug}/roadmap/{city.uuid}/konsolidasi/")
    assert response.status_code == 302 and city.actions.count() == 1


def test_home_page_shows_roadmap_steps_per_role(gov, unit, drafter, unit_head, reviewer, admin):
    r = make_roadmap(gov, unit)
    assert "Lanjutkan road map" in client_for(drafter).get(f"/g/{gov.slug}/").content.decode()
    assert "Ajukan road map" in client_for(unit_head).get(f"/g/{gov.slug}/").content.decode()
    assert "Pantau pengajuan" in client_for(admin).get(f"/g/{gov.slug}/").content.decode()
    Roadmap.objects.filter(pk=r.pk).update(status=Roadmap.Status.SUBMITTED)
    home = client_for(reviewer).get(f"/g/{gov.slug}/").content.decode()
    assert "Reviu antrean" in home and "1 road map menunggu reviu" in home


def test_matrix_queries_do_not_grow_with_rows(gov, unit, drafter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    r = make_roadmap(gov, unit)
    client = client_for(drafter)
    client.get(_url(r, "matriks/"))  # the process reads a pack version's focus nodes once
    counts = []
    for size in (10, 300):
        while r.actions.count() < size:
            make_action(r)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(r, "matriks/")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_clinic_hooks_show_a_panel_and_a_row_badge_refreshed_on_save(roadmap, drafter):
    from petajalan.roadmaps import hooks

    action = make_action(roadmap)
    seen = []

    def panel(request, r):
        seen.append((request.user, r))
        return ("roadmaps/_head.html", {"roadmap": r})

    hooks.register_panel(panel)
    hooks.register_row_badge(lambda r, uid: f'<span class="badge">cek {r.actions.count()}:{uid[:4]}</span>')
    client = client_for(drafter)
    page = client.get(_url(roadmap)).content.decode()
    assert page.count('aria-label="Bagian road map"') == 2 and seen == [(drafter, roadmap)]
    url = _url(roadmap, f"matriks/{action.uid}/")
    assert f"cek 1:{str(action.uid)[:4]}" in client.get(url, headers=HX).content.decode()
    auto = client.post(url, _row_data(roadmap, version="1"), headers=HX).content.decode()
    assert 'id="badge-' in auto and "cek 1" in auto
    done = client.post(url, _row_data(roadmap, version="2", finish="1"), headers=HX).content.decode()
    assert "cek 1" in done


def test_every_content_write_tells_the_registered_hooks_once(roadmap, drafter):
    from petajalan.roadmaps import hooks

    changed: list[int] = []
    hooks.register_changed(lambda r: changed.append(r.pk))
    a = make_action(roadmap, activity="Satu")
    win = make_quick_win(roadmap)
    chapter = roadmap.chapters.first()
    client = client_for(drafter)
    writes = [
        (_url(roadmap, "matriks/tambah/"), _row_data(roadmap)),
        (_url(roadmap, f"matriks/{a.uid}/"), _row_data(roadmap, version="1")),  # autosave
        (_url(roadmap, f"matriks/{a.uid}/"), _row_data(roadmap, version="2", finish="1")),
        (_url(roadmap, f"matriks/{a.uid}/duplikat/"), {}),
        (_url(roadmap, f"matriks/{a.uid}/pindah/"), {"arah": "turun"}),
        (_url(roadmap, f"matriks/{a.uid}/hapus/"), {}),
        (_url(roadmap, f"bab/{chapter.uid}/"), {"body": "Isi bab", "version": "1"}),
        (_url(roadmap, f"quick-win/{win.uid}/hapus/"), {}),
    ]
    for n, (url, data) in enumerate(writes, start=1):
        assert client.post(url, data, headers=HX).status_code in (200, 302), url
        assert changed == [roadmap.pk] * n, url
    client.get(_url(roadmap))
    client.get(_url(roadmap, "matriks/"))
    assert len(changed) == len(writes)  # reading changes nothing


def test_reviewer_comments_on_a_row_and_the_matrix_shows_the_flag(roadmap, reviewer, drafter):
    action = make_action(roadmap, activity="Baris yang direviu")
    coach = client_for(reviewer)
    matrix = coach.get(_url(roadmap, "matriks/")).content.decode()
    assert f"?baris={action.uid}#komentar-baru" in matrix
    page = coach.get(_url(roadmap), {"baris": str(action.uid)}).content.decode()
    assert "Komentar untuk baris: Baris yang direviu" in page and f'value="{action.uid}"' in page
    coach.post(
        _url(roadmap, "komentar/"), {"body": "Indikator?", "needs_fix": "on", "action": str(action.uid)}
    )
    assert "perlu perbaikan (1)" in client_for(drafter).get(_url(roadmap, "matriks/")).content.decode()
    assert client_for(drafter).get(_url(roadmap), {"baris": "bukan-uuid"}).status_code == 200


def test_chapter_comment_is_filed_on_the_chapter(roadmap, reviewer):
    chapter = roadmap.chapters.get(key="urn:outline:bab-1")
    coach = client_for(reviewer)
    assert (
        "Komentar untuk BAB I Pendahuluan" in coach.get(_url(roadmap), {"bab": chapter.key}).content.decode()
    )
    coach.post(_url(roadmap, "komentar/"), {"body": "Dasar hukum belum ada", "chapter": chapter.key})
    assert roadmap.comments.get().chapter == chapter


def test_unit_action_can_point_at_the_city_action_it_serves(gov, unit, roadmap, drafter):
    city = make_roadmap(gov, None)
    city_action = make_action(city, activity="Aksi kota")
    client = client_for(drafter)
    assert "Aksi kota" in client.get(_url(roadmap, "matriks/tambah/"), headers=HX).content.decode()
    client.post(
        _url(roadmap, "matriks/tambah/"), _row_data(roadmap, cascade=str(city_action.uid)), headers=HX
    )
    assert roadmap.actions.get().cascade == city_action
    bad = client.post(_url(roadmap, "matriks/tambah/"), _row_data(roadmap, cascade="x"), headers=HX)
    assert "Rencana aksi kota x tidak dikenal" in bad.content.decode()


def test_every_htmx_row_write_tells_listening_panels_the_roadmap_changed(roadmap, drafter):
    action = make_action(roadmap)
    client = client_for(drafter)
    url = _url(roadmap, f"matriks/{action.uid}/")
    assert "HX-Trigger" not in client.get(url, headers=HX)  # opening the form changes nothing
    autosave = client.post(url, _row_data(roadmap, version="1"), headers=HX)
    assert autosave["HX-Trigger"] == "roadmap-changed" and autosave["HX-Reswap"] == "none"
    finish = client.post(url, _row_data(roadmap, version="2", finish="1"), headers=HX)
    assert finish["HX-Trigger"] == "roadmap-changed"
    created = client.post(_url(roadmap, "matriks/tambah/"), _row_data(roadmap), headers=HX)
    assert created.status_code == 200 and created["HX-Trigger"] == "roadmap-changed"
    for tail, data in (("duplikat/", {}), ("pindah/", {"arah": "turun"}), ("hapus/", {})):
        response = client.post(url + tail, data, headers=HX)
        assert response["HX-Trigger"] == "roadmap-changed", tail
    bad = client.post(_url(roadmap, "matriks/tambah/"), _row_data(roadmap, target_2025="banyak"), headers=HX)
    assert bad.status_code == 422 and "HX-Trigger" not in bad  # nothing saved, nothing to refresh
    stale = client.post(url, _row_data(roadmap, version="1"), headers=HX)  # deleted above: 404
    assert "HX-Trigger" not in stale


def test_matrix_panel_and_focus_hints_hooks_wire_into_the_matrix(roadmap, drafter):
    from petajalan.roadmaps import hooks

    action = make_action(roadmap)
    hooks.register_matrix_panel(lambda request, r: ("roadmaps/_head.html", {"roadmap": r}))
    hooks.register_focus_hints(lambda r, keys: f"/saran/?paket=x{len(keys)}")
    client = client_for(drafter)
    page = client.get(_url(roadmap, "matriks/")).content.decode()
    assert page.count('aria-label="Bagian road map"') == 2  # the page's head and the panel
    assert "roadmaps/focus_hints.js" in page  # applies a hint in the form loaded below
    new_form = client.get(_url(roadmap, "matriks/tambah/"), headers=HX).content.decode()
    assert 'hx-get="/saran/?paket=x' in new_form and "pilih=new_focus_key" in new_form
    assert 'id="new_focus_key_saran"' in new_form
    row = client.get(_url(roadmap, f"matriks/{action.uid}/"), headers=HX).content.decode()
    assert f"pilih=a{action.uid.hex}_focus_key" in row and f'id="a{action.uid.hex}_focus_key_saran"' in row
    table = client.get(_url(roadmap, "matriks/"), headers=HX).content.decode()
    assert 'aria-label="Bagian road map"' not in table  # a fragment does not repeat the panel


def test_without_focus_hints_the_activity_field_is_plain(roadmap, drafter):
    page = client_for(drafter).get(_url(roadmap, "matriks/")).content.decode()
    assert "_saran" not in page and 'hx-trigger="input changed' not in page
