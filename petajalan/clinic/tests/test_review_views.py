"""The review screens over stored road maps: findings, acknowledgements, gate, queue, diff."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from petajalan.clinic import services
from petajalan.clinic.models import Acknowledgement, CoachAssignment
from petajalan.clinic.tests.helpers import ready_roadmap
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import submit_problems, to_plain, transition
from petajalan.roadmaps.services.workflow import WorkflowError
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for


def test_ready_roadmap_has_no_blocking_finding(gov, unit):
    r = ready_roadmap(gov, unit)
    _plain, result = services.review_roadmap(r)
    assert [f.message for f in result.blocking] == []


def test_review_page_shows_findings_with_reason_and_readiness(personas, gov, roadmap):
    response = client_for(personas["reviewer"]).get(f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Output (keluaran) belum diisi." in html
    assert "kesiapan" in html.lower()
    assert "action.output-missing" in html


def test_readiness_fragment_for_one_row_and_full_page(personas, gov, roadmap):
    client = client_for(personas["drafter"])
    uid = roadmap.actions.get().uid
    url = f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/kesiapan/?baris={uid}"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="kesiapan"')
    assert "Output (keluaran) belum diisi." in fragment
    assert "<html" not in fragment
    full = client.get(url).content.decode()
    assert "<html" in full and 'id="kesiapan"' in full


def test_drafter_acknowledges_a_warning_and_reviewer_reads_the_reason(personas, gov, roadmap):
    _plain, result = services.review_roadmap(roadmap)
    warning = next(f for f in result.findings if not f.is_blocking)
    client = client_for(personas["drafter"])
    url = f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/tanggapi/"
    response = client.post(
        url, {"fingerprint": warning.fingerprint, "reason": "Tidak relevan untuk dinas kami."}
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(roadmap=roadmap)
    assert ack.rule == warning.rule and ack.acknowledged_by == personas["drafter"]
    html = (
        client_for(personas["reviewer"]).get(f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/").content.decode()
    )
    assert "Tidak relevan untuk dinas kami." in html
    fragment = client.post(
        url, {"fingerprint": warning.fingerprint, "reason": "Alasan yang diperbarui."}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and 'id="findings"' in fragment.content.decode()
    assert Acknowledgement.objects.get(roadmap=roadmap).reason == "Alasan yang diperbarui."


def test_blocking_finding_cannot_be_acknowledged(drafter, roadmap):
    _plain, result = services.review_roadmap(roadmap)
    with pytest.raises(ValidationError):
        services.acknowledge_finding(
            actor=drafter, roadmap=roadmap, finding=result.blocking[0], reason="Nanti saja diperbaiki."
        )
    assert not Acknowledgement.objects.exists()


def test_submission_is_blocked_with_explanation_then_accepted_after_fix(gov, unit, unit_head):
    r = ready_roadmap(gov, unit)
    action = r.actions.order_by("order")[0]
    action.output = ""
    action.save()
    reasons = submit_problems(r, to_plain(r))
    assert any("Output (keluaran) belum diisi." in reason for reason in reasons)
    with pytest.raises(WorkflowError):
        transition(actor=unit_head, roadmap=r, name="submit")
    action.output = "SOP layanan yang direviu"
    action.save()
    transition(actor=unit_head, roadmap=r, name="submit")
    r.refresh_from_db()
    assert r.status == Roadmap.Status.SUBMITTED
    assert r.readiness_record.blocking == 0


def test_queue_lists_submitted_roadmaps_with_readiness_in_constant_queries(
    personas, gov, django_assert_max_num_queries
):
    client = client_for(personas["admin"])
    for _n in range(3):
        ready_roadmap(gov, make_unit(gov), status=Roadmap.Status.SUBMITTED)
    client.get(f"/g/{gov.slug}/klinik/antrean/")  # computes the readiness of road maps never reviewed
    with django_assert_max_num_queries(12) as small:
        client.get(f"/g/{gov.slug}/klinik/antrean/")
    baseline = len(small)
    for _n in range(8):
        ready_roadmap(gov, make_unit(gov), status=Roadmap.Status.SUBMITTED)
    client.get(f"/g/{gov.slug}/klinik/antrean/")
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/g/{gov.slug}/klinik/antrean/")
    assert response.content.decode().count("%</td>") == 11


def test_reviewer_takes_roadmap_and_sees_changes_since_last_read(personas, gov, unit, reviewer):
    r = ready_roadmap(gov, unit)
    client = client_for(reviewer)
    base = f"/g/{gov.slug}/klinik/roadmap/{r.uuid}/"
    assert client.post(base + "pendamping/").status_code == 302
    assert CoachAssignment.objects.get(roadmap=r).coach == reviewer
    assert "Belum pernah ditandai sudah dibaca" in client.get(base).content.decode()
    client.post(base + "sudah-dibaca/")
    action = r.actions.order_by("order")[0]
    action.activity = "Kegiatan yang ditulis ulang oleh penyusun"
    action.save()
    html = client.get(base).content.decode()
    assert "Kegiatan yang ditulis ulang oleh penyusun" in html
    assert "diubah" in html


def test_admin_assigns_a_coach(personas, gov, unit, reviewer):
    r = ready_roadmap(gov, unit)
    client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/roadmap/{r.uuid}/pendamping/", {"coach": reviewer.pk}
    )
    assert CoachAssignment.objects.get(roadmap=r).coach == reviewer


def test_copy_paste_page_shows_pairs_side_by_side_in_constant_queries(
    personas, gov, django_assert_max_num_queries
):
    from petajalan.roadmaps.tests.factories import make_action, make_roadmap

    text = "Penyusunan standar operasional prosedur pelayanan perizinan berusaha terpadu"
    units = [make_unit(gov) for _ in range(2)]
    for u in units:
        make_action(make_roadmap(gov, u), activity=text)
    client = client_for(personas["admin"])
    with django_assert_max_num_queries(14) as small:
        response = client.get(f"/g/{gov.slug}/klinik/salin-tempel/")
    baseline = len(small)
    html = response.content.decode()
    assert units[0].short_name in html and units[1].short_name in html and "100%" in html
    for _ in range(6):
        make_action(
            make_roadmap(gov, make_unit(gov)), activity="Kegiatan lain yang tidak mirip sama sekali nomor"
        )
    with django_assert_max_num_queries(baseline):
        client.get(f"/g/{gov.slug}/klinik/salin-tempel/")


def test_focus_hints_fragment_and_page(personas, gov):
    client = client_for(personas["drafter"])
    url = f"/g/{gov.slug}/klinik/saran-fokus/?q=pengelolaan+pengaduan+masyarakat+SP4N-LAPOR"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="saran"') and "urn:rb:general:08" in fragment
    assert "<html" in client.get(url).content.decode()


def test_admin_home_lists_the_queue_and_scoped_reviewer_does_not_see_other_units(
    personas, gov, submitted_roadmap
):
    html = client_for(personas["admin"]).get(f"/g/{gov.slug}/").content.decode()
    assert "Road map menunggu reviu" in html
    html = client_for(personas["reviewer"]).get(f"/g/{gov.slug}/").content.decode()
    assert "Road map menunggu reviu" not in html  # the reviewer coaches ``unit`` only


def test_roadmap_hooks_are_registered():
    from petajalan.clinic import hooks
    from petajalan.roadmaps import hooks as roadmap_hooks

    assert hooks.submit_check in roadmap_hooks._submit_checks
    assert hooks.roadmap_panel in roadmap_hooks._panels
    assert hooks.row_badge in roadmap_hooks._row_badges


def test_row_badge_and_panel_render(rf, gov, roadmap, drafter):
    from petajalan.clinic import hooks

    uid = str(roadmap.actions.get().uid)
    badge = hooks.row_badge(roadmap, uid)
    assert "Output (keluaran) belum diisi." in badge
    request = rf.get("/")
    request.user = drafter
    panel = hooks.roadmap_panel(request, roadmap)
    assert panel is not None
    template, context = panel
    assert template == "clinic/readiness_panel.html" and context["blocking"] >= 1
    from django.template.loader import render_to_string

    html = render_to_string(template, {"panel": context})
    assert "Output (keluaran) belum diisi." in html and f"/roadmap/{roadmap.uuid}/kesiapan/" in html


def test_focus_hints_for_the_action_form_offer_buttons_that_set_its_select(personas, gov):
    client = client_for(personas["drafter"])
    url = f"/g/{gov.slug}/klinik/saran-fokus/"
    params = {"activity": "pengelolaan pengaduan masyarakat SP4N-LAPOR", "pilih": "a12_focus_key"}
    fragment = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="a12_focus_key_saran"')
    assert (
        1 <= fragment.count("data-set-focus=") <= 3
        and "keyakinan 0%" not in fragment
        and 'data-set-focus="urn:rb:general:08"' in fragment
    )
    assert 'data-target="a12_focus_key"' in fragment and "keyakinan" in fragment
    # an id that is not a plain id falls back to the ordinary fragment; empty text gives no hints
    odd = client.get(url, params | {"pilih": '"><script>'}, HTTP_HX_REQUEST="true").content.decode()
    assert odd.lstrip().startswith('<div id="saran"') and "<script>" not in odd
    empty = client.get(url, {"activity": "", "pilih": "x_focus_key"}, HTTP_HX_REQUEST="true").content.decode()
    assert "data-set-focus" not in empty


def test_matrix_asks_the_clinic_for_focus_hints_and_a_live_readiness_panel(personas, gov, roadmap):
    client = client_for(personas["drafter"])
    page = client.get(f"/g/{gov.slug}/roadmap/{roadmap.uuid}/matriks/").content.decode()
    new_form = client.get(
        f"/g/{gov.slug}/roadmap/{roadmap.uuid}/matriks/tambah/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f"/g/{gov.slug}/klinik/saran-fokus/?paket=" in new_form and "pilih=new_focus_key" in new_form
    assert f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/kesiapan/?ringkas=1" in page
    assert 'hx-trigger="load, roadmap-changed from:body"' in page
    detail = client.get(f"/g/{gov.slug}/roadmap/{roadmap.uuid}/").content.decode()
    assert 'hx-trigger="roadmap-changed from:body"' in detail


@pytest.fixture
def reviews(monkeypatch):
    """How many times the rules ran (every review of a stored road map goes through here)."""
    calls: list[str] = []
    real = services.review

    def counted(plain, context=None, **kw):
        calls.append(plain.title)
        return real(plain, context, **kw)

    monkeypatch.setattr(services, "review", counted)
    return calls


def test_summary_page_and_panels_read_the_stored_review_without_running_the_rules(
    personas, gov, roadmap, reviews
):
    client = client_for(personas["drafter"])
    base = f"/g/{gov.slug}/roadmap/{roadmap.uuid}/"
    panel = f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/kesiapan/?ringkas=1"
    assert "Output (keluaran) belum diisi." in client.get(base).content.decode()
    assert len(reviews) == 1  # never reviewed before: once, then stored
    for _ in range(3):
        assert "Output (keluaran) belum diisi." in client.get(base).content.decode()
        assert "Output (keluaran) belum diisi." in client.get(panel, HTTP_HX_REQUEST="true").content.decode()
    reviewer = client_for(personas["reviewer"])
    assert (
        "Output (keluaran) belum diisi."
        in reviewer.get(f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/").content.decode()
    )
    assert len(reviews) == 1
    client.post(base + "komentar/", {"body": "Catatan tanpa mengubah isi"})  # stamp moves, content does not
    client.get(base)
    assert len(reviews) == 1


def test_autosave_reviews_once_and_the_panel_it_triggers_reads_that_review(personas, gov, roadmap, reviews):
    client = client_for(personas["drafter"])
    action = roadmap.actions.get()
    base = f"/g/{gov.slug}/roadmap/{roadmap.uuid}/"
    client.get(base)
    reviews.clear()
    data = {
        "focus_key": action.focus_key,
        "activity": action.activity,
        "output": "",
        "direction": "up",
        "indicator": "Persentase layanan",
        "unit_of_measure": "%",
        "version": str(action.version),
    }
    saved = client.post(base + f"matriks/{action.uid}/", data, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and saved["HX-Trigger"] == "roadmap-changed"
    assert "Output (keluaran) belum diisi." in saved.content.decode()  # the row's badge
    panel = client.get(
        f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/kesiapan/?ringkas=1", HTTP_HX_REQUEST="true"
    )
    assert "Output (keluaran) belum diisi." in panel.content.decode()
    assert len(reviews) == 1
    data |= {"output": "SOP layanan", "version": str(action.version + 1)}
    client.post(base + f"matriks/{action.uid}/", data, HTTP_HX_REQUEST="true")
    panel = client.get(
        f"/g/{gov.slug}/klinik/roadmap/{roadmap.uuid}/kesiapan/?ringkas=1", HTTP_HX_REQUEST="true"
    )
    assert "Output (keluaran) belum diisi." not in panel.content.decode()  # refreshed on the write
    assert len(reviews) == 2


def test_stored_review_is_not_served_the_next_day_or_in_another_language(gov, roadmap, reviews):
    services.current_review(roadmap)
    services.current_review(roadmap)
    assert len(reviews) == 1
    with translation.override("en"):
        services.current_review(roadmap)
    assert len(reviews) == 2
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=1)):
        services.current_review(roadmap)
    assert len(reviews) == 3


def test_a_stored_review_this_process_decoded_is_read_in_one_query(
    gov, roadmap, reviews, monkeypatch, django_assert_num_queries
):
    first = services.current_review(roadmap)  # runs the review, stores it and keeps it decoded
    with django_assert_num_queries(1):
        assert services.current_review(roadmap) is first
    monkeypatch.setattr(services, "DECODED", services._Decoded())  # another process: decodes it once
    with django_assert_num_queries(2):
        other = services.current_review(roadmap)
    assert other is not first and other.as_dict() == first.as_dict()
    with django_assert_num_queries(1):
        assert services.current_review(roadmap) is other
    token = roadmap.readiness_record.review_token
    Roadmap.objects.filter(pk=roadmap.pk).update(last_activity_at=dt.datetime.now(tz=dt.UTC))  # a comment
    again = services.current_review(roadmap)  # same content: re-stamped under a new token, not re-run
    roadmap.readiness_record.refresh_from_db()
    assert roadmap.readiness_record.review_token != token and again is other  # kept, not decoded again
    with django_assert_num_queries(1):
        assert services.current_review(roadmap) is again
    assert len(reviews) == 1
