"""The wizard in a browser: each "Mulai dari" radio sits beside its own label and answers to it."""

from __future__ import annotations

import pytest

from petajalan.roadmaps.tests.factories import make_packs
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD

# Where the radio and the words of its label are drawn, in the same coordinates.
GEOMETRY = """radio => {
  const words = [...radio.closest("label").childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(words);
  const r = radio.getBoundingClientRect(), w = range.getBoundingClientRect();
  const drift = Math.abs((w.top + w.bottom) / 2 - (r.top + r.bottom) / 2);
  return {gap: w.left - r.right, width: r.width, drift};
}"""


@pytest.mark.browser
def test_start_from_radios_sit_beside_their_labels(page, live_server, gov, unit, drafter):
    make_packs()
    log_in(page, live_server, drafter.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{gov.slug}/roadmap/baru/")
    group = page.get_by_role("group", name="Mulai dari")
    shot(page, "roadmaps-wizard-start-from", full_page=False)
    for text in ("Salinan road map periode sebelumnya", "Kosong, dari kerangka pedoman yang berlaku"):
        radio = group.get_by_role("radio", name=text)  # the label names the radio (it wraps it)
        geometry = radio.evaluate(GEOMETRY)
        assert geometry["width"] < 30, geometry  # a radio, not a full-width input
        assert 0 <= geometry["gap"] < 20, geometry  # the words start right after it
        assert geometry["drift"] < 8, geometry  # on the same line
        page.get_by_text(text).click()  # clicking the words picks the radio
        assert radio.is_checked()
