"""The self-assessment pages a person walks through (views/cycles.py, views/answers.py): the list of
cycles and opening one, the cycle page with its score table, the admin's controls, the assignment
page, one item's page with its answer, verification, evaluator and objection forms.

Every refused POST is checked for its Indonesian message and for what was typed still being there.
URLs are literal: they protect bookmarks.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petajalan.accounts.models import AuditEvent
from petajalan.evaluations import scoring, services
from petajalan.evaluations.forms import AnswerForm, VerifyForm
from petajalan.evaluations.models import Answer, Cycle, Phase, Window
from petajalan.evaluations.tests.conftest import lke, move_to
from petajalan.evaluations.views import answers as answer_views
from petajalan.evidence import services as evidence
from petajalan.evidence import targets
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

E = "/g/kota-uji/evaluasi"


def page(cycle: Cycle) -> str:
    return f"{E}/siklus/{cycle.uuid}/"


def item(answer: Answer) -> str:
    return f"{E}/jawaban/{answer.pk}/"


def text(response) -> str:
    return response.content.decode()


def answer(actor, row: Answer, value: str, **extra) -> Answer:
    row.refresh_from_db()
    return services.answer_self(actor=actor, answer=row, value=value, version=row.version, **extra)


# The list of cycles and opening one --------------------------------------------------------------


def test_the_list_shows_each_cycle_with_its_predicted_index(cycle, answers, admin, leader):
    answer(admin, answers["1B.H.5"], "80")
    body = text(client_for(leader).get(f"{E}/"))
    assert "Evaluasi RB 2025" in body
    assert "lke:2023" in body
    assert "1 / 40" in body  # answered / total
    index = services.scores(Cycle.objects.get()).verified.index
    assert f"{index:.2f}".replace(".", ",") in body
    assert "Buka evaluasi baru" not in body  # only the admin opens cycles


def test_the_admin_opens_a_cycle_on_the_worksheet_in_force(packs, gov, unit, admin):
    client = client_for(admin)
    form = text(client.get(f"{E}/"))
    default = services.default_worksheet(gov, timezone.localdate().year - 1)
    assert default is not None and f'<option value="{default.pk}" selected>' in form
    response = client.post(f"{E}/", {"year": "2024", "worksheet": lke("2023").pk, "bands": ""})
    made = Cycle.objects.get(year=2024)
    assert response.status_code == 302
    assert response["Location"] == f"{E}/siklus/{made.uuid}/penugasan/"
    assert made.answers.count() == 40
    assert made.bands == services.default_bands(gov)  # the bands in force when none is chosen
    assert AuditEvent.objects.filter(object_type="evaluations.cycle", action="create").count() == 1


@pytest.mark.parametrize("version", ["2014", "2020"])
def test_older_packs_open_and_their_items_are_answered_as_points(packs, gov, admin, version):
    client = client_for(admin)
    client.post(f"{E}/", {"year": "2019", "worksheet": lke(version).pk})
    made = Cycle.objects.get(year=2019)
    body = text(client.get(page(made)))
    assert "dijawab sebagai poin: jenis jawaban belum ada di paket" in body
    first = made.answers.order_by("order")[0]
    form = text(client.get(item(first)))
    assert "Dijawab sebagai poin" in form


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"year": "2025"}, "Evaluasi tahun 2025 sudah dibuka."),
        ({"year": "dua ribu"}, "Tahun harus berupa angka, misalnya 2025."),
        ({"year": "2024", "worksheet": "999999"}, "Pilih lembar kerja dari daftar."),
    ],
)
def test_opening_refused_keeps_the_form_with_the_message(cycle, admin, data, field_message):
    payload = {"worksheet": lke("2023").pk, **data}
    response = client_for(admin).post(f"{E}/", payload)
    assert response.status_code == 422
    assert field_message in text(response)
    assert f'value="{data["year"]}"' in text(response)
    assert Cycle.objects.count() == 1


# The cycle page ----------------------------------------------------------------------------------


def test_the_cycle_page_shows_every_item_with_its_three_columns(cycle, answers, admin, drafter, leader):
    answer(drafter, answers["1B.H.5"], "80", note="LHE SAKIP 2025")
    answer(admin, answers["1A.1"], "NA", na_reason="Rencana aksi belum dinilai tim nasional")
    body = text(client_for(leader).get(page(cycle)))
    assert "Prediksi Indeks RB" in body
    assert "Pengisian oleh perangkat daerah" in body
    # the SAKIP item: 80 % of 4 points, answered by the unit
    row = body.split(f'id="k-{answers["1B.H.5"].pk}"')[1].split("</tr>")[0]
    assert "Nilai SAKIP" in row and "<strong>80%</strong>" in row and row.count("3,20") == 2
    assert "Dinkes" in row
    na_row = body.split(f'id="k-{answers["1A.1"].pk}"')[1].split("</tr>")[0]
    assert "tidak berlaku" in na_row and "Rencana aksi belum dinilai tim nasional" in na_row
    missing_row = body.split(f'id="k-{answers["1C.H.5"].pk}"')[1].split("</tr>")[0]
    assert "belum dijawab (0 poin)" in missing_row
    assert "38 dari 40 kriteria belum dijawab" in body
    # headings in tree order with their depth, before their items
    assert body.index("Capaian Pelaksanaan Kebijakan RB") < body.index("1B.H.5") < body.index("1C.H.5")
    assert 'class="heading depth-2"' in body
    assert "Dinas Kesehatan" in body and "1 / 3" in body  # progress of the unit
    assert "Kelola evaluasi" not in body


def test_the_filters_keep_a_unit_s_unanswered_items(cycle, answers, unit, drafter):
    answer(drafter, answers["1B.H.5"], "80")
    body = text(client_for(drafter).get(page(cycle) + f"?unit={unit.uuid}&belum=1"))
    assert f'id="k-{answers["1C.H.2"].pk}"' in body
    assert f'id="k-{answers["1C.H.3"].pk}"' in body
    assert f'id="k-{answers["1B.H.5"].pk}"' not in body  # answered
    assert f'id="k-{answers["1A.1"].pk}"' not in body  # another unit's
    assert "Yang belum dijawab Dinas Kesehatan" in body
    organisasi = text(client_for(drafter).get(page(cycle) + "?unit=organisasi"))
    assert f'id="k-{answers["1A.1"].pk}"' in organisasi and f'id="k-{answers["1C.H.2"].pk}"' not in organisasi


def _grow(cycle: Cycle, gov, admin, count: int) -> None:
    """Spread the items over ``count`` new units, answer them all and verify half."""
    units = [make_unit(gov) for _n in range(count)]
    rows = list(cycle.answers.order_by("order"))
    for number, row in enumerate(rows):
        node = services.worksheet_of(cycle.worksheet).nodes[row.node_key]
        Answer.objects.filter(pk=row.pk).update(
            unit=units[number % count],
            self_value=scoring.best_answer(node),
            check_state=Answer.Check.AGREED if number % 2 else "",
        )


def test_the_cycle_page_runs_a_constant_number_of_queries(cycle, gov, admin):
    client = client_for(admin)
    client.get(page(cycle))  # the worksheet is read once and cached

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(cycle)).status_code == 200
        return len(queries)

    small = count()
    _grow(cycle, gov, admin, 30)
    big = count()
    assert big == small <= 16


# The admin's controls ------------------------------------------------------------------------------


def test_advancing_needs_the_confirmation(cycle, admin):
    client = client_for(admin)
    refused = client.post(page(cycle) + "lanjut/", {"version": cycle.version})
    assert refused.status_code == 422
    assert "Centang konfirmasi untuk melanjutkan ke tahap berikutnya." in text(refused)
    assert Cycle.objects.get().phase == Phase.ANSWERING
    done = client.post(page(cycle) + "lanjut/", {"version": cycle.version, "confirm": "on"})
    assert done.status_code == 302
    assert Cycle.objects.get().phase == Phase.COMPILING


def test_advancing_from_an_old_page_is_stale(cycle, admin):
    client = client_for(admin)
    client.post(page(cycle) + "lanjut/", {"version": cycle.version, "confirm": "on"})
    stale = client.post(page(cycle) + "lanjut/", {"version": cycle.version, "confirm": "on"})
    assert stale.status_code == 409
    assert "diubah orang lain lebih dulu (kini tahap Kompilasi oleh Bagian Organisasi)" in text(stale)
    assert Cycle.objects.get().phase == Phase.COMPILING


def test_reopening_needs_a_reason_and_keeps_what_was_typed(cycle, admin):
    move_to(cycle, Phase.VERIFICATION)
    client = client_for(admin)
    until = timezone.localdate() + dt.timedelta(days=5)
    data = {
        "rk-phase": Phase.ANSWERING,
        "rk-until": until.isoformat(),
        "rk-reason": " ",
        "rk-version": cycle.version,
    }
    refused = client.post(page(cycle) + "buka-kembali/", data)
    assert refused.status_code == 422
    assert "Tuliskan alasan membuka kembali." in text(refused)
    assert f'value="{until.isoformat()}"' in text(refused)
    data["rk-reason"] = "Dinkes terlambat mengunggah LHE SAKIP"
    assert client.post(page(cycle) + "buka-kembali/", data).status_code == 302
    cycle.refresh_from_db()
    assert cycle.phase == Phase.ANSWERING
    assert Window.objects.get(cycle=cycle, phase=Phase.ANSWERING).closes_on == until
    event = AuditEvent.objects.filter(action="transition").latest("created_at")
    assert event.summary == "Dinkes terlambat mengunggah LHE SAKIP"


def test_the_windows_are_edited_on_one_form(cycle, admin):
    client = client_for(admin)
    data = {}
    for window in cycle.windows.all():
        data[f"j-{window.phase}_opens"] = window.opens_on.isoformat()
        data[f"j-{window.phase}_closes"] = window.closes_on.isoformat()
    data["j-objection_opens"], data["j-objection_closes"] = "2026-11-20", "2026-11-03"
    refused = client.post(page(cycle) + "jadwal/", data)
    assert refused.status_code == 422
    assert "Tanggal ditutup tidak boleh sebelum tanggal dibuka." in text(refused)
    assert 'value="2026-11-20"' in text(refused)
    data["j-objection_closes"] = "2026-12-04"
    assert client.post(page(cycle) + "jadwal/", data).status_code == 302
    window = Window.objects.get(cycle=cycle, phase=Phase.OBJECTION)
    assert (window.opens_on, window.closes_on) == (dt.date(2026, 11, 20), dt.date(2026, 12, 4))
    assert (
        AuditEvent.objects.filter(summary__startswith="Jadwal Sanggah").count() == 1
    )  # only the changed one


def test_the_coefficient_is_checked_against_the_pack(cycle, admin):
    client = client_for(admin)
    data = {"k-column": "self", "k-value": "5", "k-version": cycle.version}
    refused = client.post(page(cycle) + "koefisien/", data)
    assert refused.status_code == 422
    assert "Koefisien harus antara -10 dan 1." in text(refused)
    assert 'value="5"' in text(refused)
    data["k-value"] = "-1,5"
    assert client.post(page(cycle) + "koefisien/", data).status_code == 302
    assert Cycle.objects.get().coefficient_self == Decimal("-1.5")


def test_the_official_result_waits_for_the_evaluator_phase(cycle, admin):
    client = client_for(admin)
    data = {"h-index": "64,12", "h-predicate": "b", "h-version": cycle.version}
    refused = client.post(page(cycle) + "hasil-resmi/", data)
    assert refused.status_code == 422
    assert "isian tahap Hasil evaluator tidak dapat diubah" in text(refused)
    move_to(cycle, Phase.EVALUATOR)
    bad = client.post(page(cycle) + "hasil-resmi/", {**data, "h-index": "enam puluh"})
    assert bad.status_code == 422 and "bukan angka" in text(bad)
    assert client.post(page(cycle) + "hasil-resmi/", data).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.evaluator_index, cycle.evaluator_predicate) == (Decimal("64.12"), "B")
    assert "Hasil resmi KemenPAN-RB" in text(client.get(page(cycle)))


# Assignment -----------------------------------------------------------------------------------------


def _assignment_post(rows: list[Answer], **changes: tuple[str, str]) -> dict[str, str]:
    """The page's form as posted: every row as shown, with ``changes`` by ref (unit id, due)."""
    data = {}
    for row in rows:
        shown = (str(row.unit_id or ""), row.due_on.isoformat() if row.due_on else "")
        unit, due = changes.get(row.ref.replace(".", "_"), shown)
        data[f"unit-{row.pk}"] = unit
        data[f"due-{row.pk}"] = due
        data[f"was-{row.pk}"] = f"{row.unit_id or ''}|{row.due_on.isoformat() if row.due_on else ''}"
    return data


def test_one_post_saves_every_changed_assignment(cycle, answers, admin, unit, other_unit):
    client = client_for(admin)
    body = text(client.get(page(cycle) + "penugasan/"))
    assert body.count('<select id="unit-') == 40
    assert "Dinas Pendidikan" in body
    rows = list(cycle.answers.order_by("order"))
    data = _assignment_post(
        rows, **{"1A_1": (str(other_unit.pk), "2026-02-01"), "1B_H_5": ("", "2026-02-10")}
    )
    response = client.post(page(cycle) + "penugasan/", data)
    assert response.status_code == 302
    assert Answer.objects.get(ref="1A.1").unit == other_unit
    moved = Answer.objects.get(ref="1B.H.5")
    assert (moved.unit, moved.due_on) == (None, dt.date(2026, 2, 10))
    assert AuditEvent.objects.filter(summary__startswith="Penanggung jawab").count() == 2


def test_assignments_changed_meanwhile_are_reported_and_nothing_is_saved(cycle, answers, admin, other_unit):
    client = client_for(admin)
    rows = list(cycle.answers.order_by("order"))
    data = _assignment_post(
        rows, **{"1A_1": (str(other_unit.pk), "2026-02-01"), "1A_2": (str(other_unit.pk), "")}
    )
    services.assign(
        actor=admin, answer=answers["1A.1"], unit=None, due_on=dt.date(2026, 3, 1)
    )  # someone else
    response = client.post(page(cycle) + "penugasan/", data)
    assert response.status_code == 409
    body = text(response)
    assert "diubah orang lain sejak halaman ini dibuka" in body
    assert "Diubah orang lain menjadi: Bagian Organisasi, batas 1 Maret 2026." in body
    assert Answer.objects.get(ref="1A.2").unit is None  # all or nothing
    assert f'<option value="{other_unit.pk}" selected>' in body  # what was chosen stays
    assert 'value="|2026-03-01"' in body  # saving again overwrites knowingly


def test_an_unknown_unit_or_date_refuses_the_whole_page(cycle, admin, foreign_unit):
    rows = list(cycle.answers.order_by("order"))
    data = _assignment_post(
        rows, **{"1A_1": (str(foreign_unit.pk), "2026-02-01"), "1A_2": ("", "14/13/2026")}
    )
    response = client_for(admin).post(page(cycle) + "penugasan/", data)
    assert response.status_code == 422
    assert "Perangkat daerah tidak dikenal; pilih dari daftar." in text(response)
    assert "Tanggal «14/13/2026» tidak dikenal" in text(response)
    assert not AuditEvent.objects.filter(summary__startswith="Penanggung jawab").exists()


# One item: the unit's answer --------------------------------------------------------------------


def test_the_drafter_answers_the_indonesian_way(cycle, answers, drafter):
    row = answers["1B.H.5"]
    client = client_for(drafter)
    response = client.post(item(row) + "isi/", {"value": "85,5", "note": "LHE SAKIP", "version": row.version})
    assert response.status_code == 302 and response["Location"] == item(row)
    row.refresh_from_db()
    assert (row.self_value, row.note, row.answered_by) == ("85.5", "LHE SAKIP", drafter)
    body = text(client.get(item(row)))
    assert "Jawaban 1B.H.5 disimpan." in body
    assert "<strong>85,5%</strong>" in body and "3,42" in body  # 85.5 % of 4 points


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("banyak", "Jawaban 1B.H.5 harus berupa angka, bukan &#x27;banyak&#x27;."),
        ("120", "Jawaban 1B.H.5 harus antara 0 dan 100; tertulis 120."),
        ("", "Pilih atau isi jawaban, atau centang «Tidak berlaku» dengan alasannya."),
    ],
)
def test_a_bad_answer_comes_back_with_its_message_and_the_note(cycle, answers, drafter, value, message):
    row = answers["1B.H.5"]
    data = {"value": value, "note": "Angka dari LHE SAKIP 2025", "version": row.version}
    response = client_for(drafter).post(item(row) + "isi/", data)
    assert response.status_code == 422
    assert message in text(response)
    assert "Angka dari LHE SAKIP 2025</textarea>" in text(response)
    assert Answer.objects.get(pk=row.pk).self_value == ""


def test_not_applicable_needs_a_reason(cycle, answers, drafter):
    row = answers["1C.H.2"]
    client = client_for(drafter)
    refused = client.post(item(row) + "isi/", {"not_applicable": "on", "version": row.version})
    assert refused.status_code == 422
    assert "Tuliskan alasan kriteria ini tidak berlaku." in text(refused)
    data = {"not_applicable": "on", "na_reason": "IKU makro tidak ditetapkan", "version": row.version}
    assert client.post(item(row) + "isi/", data).status_code == 302
    row.refresh_from_db()
    assert (row.self_value, row.na_reason) == ("NA", "IKU makro tidak ditetapkan")


def test_a_closed_window_refuses_the_answer_and_keeps_it(cycle, answers, drafter):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, phase=Phase.ANSWERING).update(
        opens_on=yesterday - dt.timedelta(days=30), closes_on=yesterday
    )
    row = answers["1B.H.5"]
    client = client_for(drafter)
    assert "hari ini di luar jadwal" in text(client.get(item(row)))  # no form, the reason instead
    response = client.post(item(row) + "isi/", {"value": "90", "note": "terlambat", "version": row.version})
    assert response.status_code == 422
    assert "hari ini di luar jadwal. Minta Bagian Organisasi membuka kembali." in text(response)
    assert 'value="90"' in text(response) and "terlambat</textarea>" in text(response)
    assert Answer.objects.get(pk=row.pk).self_value == ""


def test_a_stale_answer_shows_the_other_person_s_answer(cycle, answers, drafter, unit_head):
    row = answers["1B.H.5"]
    version = row.version
    client_for(unit_head).post(
        item(row) + "isi/", {"value": "70", "note": "versi kepala", "version": version}
    )
    response = client_for(drafter).post(item(row) + "isi/", {"value": "90", "version": version})
    assert response.status_code == 409
    body = text(response)
    assert "Kepala Dinkes menyimpan jawaban kriteria ini lebih dulu" in body
    assert "Jawaban terbaru: 70% · versi kepala" in body
    assert 'value="90"' in body and f'name="version" value="{version + 1}"' in body
    assert Answer.objects.get(pk=row.pk).self_value == "70"


def test_the_admin_answers_the_city_s_items_while_compiling(cycle, answers, admin):
    move_to(cycle, Phase.COMPILING)
    past = timezone.localdate() - dt.timedelta(days=3)
    Window.objects.filter(cycle=cycle, phase=Phase.ANSWERING).update(opens_on=past, closes_on=past)
    row = answers["1A.1"]
    response = client_for(admin).post(item(row) + "isi/", {"value": "2,5", "version": row.version})
    assert response.status_code == 302
    assert Answer.objects.get(pk=row.pk).self_value == "2.5"


def test_choice_items_are_radio_buttons_with_their_points():
    worksheet = scoring.build(
        [
            {"key": "r", "kind": "component", "ref": "A", "title": "Pengungkit", "weight": 2},
            {
                "key": "r:1",
                "parent": "r",
                "kind": "criterion",
                "ref": "A.1",
                "title": "Tim RB",
                "weight": 2,
                "answer_type": "abc",
                "conversion": {"A": 1, "B": 0.5, "C": 0},
            },
        ]
    )
    node = worksheet.nodes["r:1"]
    form = AnswerForm(node=node)
    html = str(form["value"])
    assert 'type="radio"' in html and "B (1,00 poin)" in html and "A (2,00 poin)" in html
    assert form["value"].use_fieldset
    bound = AnswerForm({"value": "B", "version": "1"}, node=node)
    assert bound.is_valid() and bound.cleaned_data["stored"] == "B"
    assert not VerifyForm({"v-decision": "change", "v-value": "D", "v-version": "1"}, node=node).is_valid()


def test_the_category_item_is_a_list(cycle, answers, admin):
    body = text(client_for(admin).get(item(answers["1C.H.4"])))
    assert '<select name="value"' in body and "WDP (3,33 poin)" in body


# One item: verification, evaluator, objection -------------------------------------------------


def test_the_reviewer_verifies_with_a_different_score_and_a_note(cycle, answers, drafter, reviewer, leader):
    row = answer(drafter, answers["1B.H.5"], "80")
    move_to(cycle, Phase.VERIFICATION)
    client = client_for(reviewer)
    assert "Simpan verifikasi" in text(client.get(item(row)))
    data = {"v-decision": "change", "v-value": "65", "v-note": "", "v-version": row.version}
    refused = client.post(item(row) + "verifikasi/", data)
    assert refused.status_code == 422
    assert "Jelaskan alasan nilai verifikasi berbeda." in text(refused)
    assert 'value="65"' in text(refused)
    data["v-note"] = "LHE SAKIP menyebut 65,00"
    assert client.post(item(row) + "verifikasi/", data).status_code == 302
    row.refresh_from_db()
    assert (row.check_state, row.verified_value, row.verified_by) == ("changed", "65", reviewer)
    body = text(client_for(leader).get(page(cycle)))
    line = body.split(f'id="k-{row.pk}"')[1].split("</tr>")[0]
    assert "<strong>80%</strong>" in line and "verifikasi: <strong>65%</strong>" in line
    assert "3,20" in line and "2,60" in line  # self and verified points side by side


def test_agreeing_copies_the_unit_s_answer(cycle, answers, drafter, admin):
    row = answer(drafter, answers["1B.H.5"], "80")
    move_to(cycle, Phase.VERIFICATION)
    response = client_for(admin).post(
        item(row) + "verifikasi/", {"v-decision": "agree", "v-version": row.version}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.check_state, row.verified_value) == ("agreed", "80")


def test_verifying_before_the_verification_phase_is_refused(cycle, answers, reviewer):
    row = answers["1B.H.5"]
    response = client_for(reviewer).post(
        item(row) + "verifikasi/", {"v-decision": "agree", "v-version": row.version}
    )
    assert response.status_code == 422
    assert "isian tahap Verifikasi Inspektorat tidak dapat diubah" in text(response)


def test_the_evaluator_s_answer_and_the_objection(cycle, answers, drafter, admin, leader):
    row = answer(drafter, answers["1B.H.5"], "80")
    move_to(cycle, Phase.EVALUATOR)
    client = client_for(admin)
    bad = client.post(item(row) + "evaluator/", {"e-value": "80,5,1", "e-version": row.version})
    assert bad.status_code == 422
    data = {"e-value": "60", "e-note": "LHE 2025 hal. 12", "e-version": row.version}
    assert client.post(item(row) + "evaluator/", data).status_code == 302
    assert Answer.objects.get(pk=row.pk).evaluator_value == "60"
    body = text(client_for(leader).get(page(cycle)))
    assert "evaluator: <strong>60%</strong>" in body and "2,40" in body
    move_to(cycle, Phase.OBJECTION)
    row.refresh_from_db()
    empty = client.post(item(row) + "sanggah/", {"s-objection": "", "s-version": row.version})
    assert empty.status_code == 422 and "Tuliskan isi sanggahan." in text(empty)
    data = {"s-objection": "Nilai SAKIP 2025 adalah 80 (LHE terlampir).", "s-version": row.version}
    assert client.post(item(row) + "sanggah/", data).status_code == 302
    assert Answer.objects.get(pk=row.pk).objection.startswith("Nilai SAKIP 2025 adalah 80")


# Suggestions and evidence -------------------------------------------------------------------------


@dataclass
class FakeSuggestion:
    value: str
    label: str
    reasons: list[str]
    source_url: str


def test_a_suggestion_is_offered_and_never_saved(cycle, answers, admin, monkeypatch):
    row = answers["1A.1"]
    found = FakeSuggestion("2.25", "2,25 dari 3", ["Rubrik klinik: bagian 1 = 0,75"], "/klinik/x/")
    monkeypatch.setattr(answer_views, "suggestion_for", lambda a: found if a.pk == row.pk else None)
    client = client_for(admin)
    body = text(client.get(item(row)))
    assert "Saran: 2,25 dari 3" in body and "Rubrik klinik: bagian 1 = 0,75" in body
    assert 'data-fill-value="2,25"' in body
    assert Answer.objects.get(pk=row.pk).self_value == ""
    prefilled = text(client.get(item(row) + "?saran=1"))
    assert 'name="value" value="2,25"' in prefilled
    assert Answer.objects.get(pk=row.pk).self_value == ""


def test_an_answer_is_a_target_of_the_evidence_bank_foldered_by_the_worksheet(cycle, answers, drafter, rf):
    from petajalan.evidence import targets

    row = answers["1B.H.5"]
    request = rf.get("/")
    request.user = drafter
    found = targets.find(request, cycle.government, "criterion_answer", str(row.pk))
    assert found.folder == "1B.H.5 Nilai SAKIP"
    assert found.url == item(row) and found.unit_id == row.unit_id and found.year == 2025
    assert (
        client_for(drafter).get(f"/g/kota-uji/data-dukung/untuk/criterion_answer/{row.pk}/").status_code
        == 200
    )


def test_the_answer_page_names_only_evidence_the_reader_may_open(
    cycle, answers, gov, unit, other_unit, drafter, admin, evidence_dir
):
    """Anyone in the government reads any criterion, but another unit's documents linked to it
    (the admin may link them) stay that unit's: a number, no title, picture or address."""
    row = answers["1A.1"]  # the Bagian Organisasi's criterion
    pair = ("criterion_answer", str(row.pk))
    found = targets.resolve([pair])[pair]
    documents = {}
    for owner, title in ((None, "Rencana aksi RB kota 2025"), (other_unit, "Foto loket MPP")):
        documents[title] = evidence.upload_item(
            actor=admin,
            government=gov,
            upload=evidence.Upload(file=io.BytesIO(pdf_bytes(title)), name=f"{title}.pdf"),
            data={"title": title, "kind": "report", "unit": owner},
        )
        evidence.link_item(actor=admin, item=documents[title], target=found)
    hidden = "1 data dukung lain yang tertaut di sini milik perangkat daerah yang dokumennya tidak"
    mine = text(client_for(drafter).get(item(row)))
    assert "Rencana aksi RB kota 2025" in mine and hidden in mine
    assert "Foto loket MPP" not in mine and str(documents["Foto loket MPP"].uuid) not in mine
    everything = text(client_for(admin).get(item(row)))
    assert "Foto loket MPP" in everything and hidden not in everything


# Next steps on the home page ---------------------------------------------------------------------


def home(user) -> str:
    return text(client_for(user).get("/g/kota-uji/"))


def test_the_unit_is_asked_to_answer_its_criteria(cycle, answers, drafter, unit):
    assert "Jawab 3 kriteria evaluasi RB 2025 sebelum 14 Februari 2026" in home(drafter)
    assert f"/g/kota-uji/evaluasi/siklus/{cycle.uuid}/?unit={unit.uuid}&amp;belum=1" in home(drafter)
    for ref in ("1B.H.5", "1C.H.2", "1C.H.3"):
        answer(drafter, answers[ref], "NA", na_reason="Uji")
    assert "Semua kriteria evaluasi RB 2025 unit Anda sudah dijawab" in home(drafter)


def test_the_reviewer_is_asked_to_verify_and_the_leader_to_look(cycle, answers, drafter, reviewer, leader):
    answer(drafter, answers["1B.H.5"], "80")
    assert "jawaban evaluasi RB 2025" not in home(reviewer)  # nothing to verify while answering
    move_to(cycle, Phase.VERIFICATION)
    assert "Verifikasi 1 jawaban evaluasi RB 2025" in home(reviewer)
    assert "Lihat prediksi indeks RB 2025" in home(leader)


def test_the_admin_is_told_the_phase_s_next_move(packs, gov, unit, admin):
    assert "Buka evaluasi mandiri RB 2025" in home(admin)
    made = services.open_cycle(actor=admin, government=gov, year=2025, worksheet=lke("2023"))
    assert "Evaluasi RB 2025: 0 dari 40 kriteria sudah dijawab" in home(admin)
    move_to(made, Phase.COMPILING)
    assert "Kompilasi evaluasi RB 2025: 40 kriteria belum dijawab" in home(admin)
    move_to(made, Phase.EVALUATOR)
    assert "Ketik hasil evaluator evaluasi RB 2025" in home(admin)


def test_next_steps_run_a_constant_number_of_queries(cycle, gov, admin, rf):
    from petajalan.accounts.models import Membership
    from petajalan.evaluations.next_steps import evaluation_steps

    R = Membership.Role
    request = rf.get("/g/kota-uji/")
    request.user = admin
    roles: set[str] = {R.ADMIN, R.DRAFTER, R.REVIEWER, R.LEADER}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            evaluation_steps(request, gov, roles)
        return len(queries)

    def add_unit(n: int) -> None:
        unit = make_unit(gov)
        Membership.objects.create(user=admin, government=gov, role=Membership.Role.DRAFTER, unit=unit)
        Answer.objects.filter(cycle=cycle, order=n).update(unit=unit)

    add_unit(0)
    evaluation_steps(request, gov, roles)  # the worksheet is read once and cached
    small = count()
    for n in range(1, 21):
        add_unit(n)
    assert count() == small <= 10
