"""The clinic's forms as a newcomer meets them: Indonesian throughout, including empty choices."""

from __future__ import annotations

from petajalan.clinic.forms import ConsultationForm, ParticipantForm
from petajalan.clinic.tests.helpers import ready_roadmap
from petajalan.testing.fixtures import client_for


def test_coach_select_on_the_review_page_has_an_indonesian_empty_choice(personas, gov, unit, reviewer):
    r = ready_roadmap(gov, unit)
    html = client_for(personas["admin"]).get(f"/g/{gov.slug}/klinik/roadmap/{r.uuid}/").content.decode()
    assert 'name="coach"' in html
    assert '<option value="" selected>— pilih pendamping —</option>' in html
    assert "Select an option" not in html and "---------" not in html


def test_unit_selects_of_the_session_forms_say_what_empty_means(gov, unit):
    participant = ParticipantForm(government=gov).as_div()
    consultation = ConsultationForm(units=gov.units.all()).as_div()
    assert "— tidak ada —" in participant
    assert "— pilih perangkat daerah —" in consultation
    assert "Select an option" not in participant + consultation
