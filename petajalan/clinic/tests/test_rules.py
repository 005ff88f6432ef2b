"""One test per rule: a minimal road map that triggers it, and the exemplary one that does not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest

from petajalan.clinic import rules  # noqa: F401  (registers the rules)
from petajalan.clinic.engine import RULES, Context, Severity, review
from petajalan.clinic.samples import exemplary_roadmap, make_action
from petajalan.roadmaps.plain import PlainRoadmap, YearValue

TODAY = dt.date(2026, 1, 5)


def _ctx(**kw: object) -> Context:
    return Context(today=TODAY, **kw)  # type: ignore[arg-type]


def _set(field: str, value: object, index: int = 0) -> Callable[[PlainRoadmap], None]:
    def change(plain: PlainRoadmap) -> None:
        setattr(plain.actions[index], field, value)

    return change


def _targets(*values: int) -> list[YearValue]:
    return [YearValue(2026 + i, Decimal(v)) for i, v in enumerate(values)]


def _extra_focus(plain: PlainRoadmap) -> None:
    from petajalan.roadmaps.plain import FocusRef

    plain.focus_nodes.append(FocusRef("urn:rb:area:penguatan-pengawasan", "G", "Penguatan Pengawasan"))


def _three_more_focus(plain: PlainRoadmap) -> None:
    from petajalan.roadmaps.plain import FocusRef

    plain.level = "government"  # the minimum share applies to the government's road map
    for slug in ("penguatan-pengawasan", "penataan-organisasi", "deregulasi-kebijakan"):
        plain.focus_nodes.append(FocusRef(f"urn:rb:area:{slug}", "", slug))


def _duplicate(plain: PlainRoadmap) -> None:
    first = plain.actions[0]
    plain.actions.append(
        make_action(
            "a3", first.focus_key, "Mempublikasikan standar pelayanan pada tiap loket dan laman.", "p1"
        )
    )


def _unanswered(plain: PlainRoadmap) -> None:
    plain.actions[1].problem_uids = []
    plain.actions[1].problem_uids.append("p1")


def _document_output(plain: PlainRoadmap) -> None:
    _set("output", "Laporan kegiatan sosialisasi")(plain)
    _set("unit_of_measure", "dokumen")(plain)


def _hr_action_under_public_service(plain: PlainRoadmap) -> None:
    _set("activity", "Seleksi terbuka jabatan pimpinan tinggi pratama secara transparan")(plain)
    _set("output", "Pejabat pimpinan tinggi hasil seleksi terbuka")(plain)


def _city(plain: PlainRoadmap) -> None:
    plain.level = "government"


TRIGGERS: dict[str, tuple[Callable[[PlainRoadmap], None], dict[str, object]]] = {
    "coverage.gap": (_extra_focus, {}),
    "coverage.too-few": (_three_more_focus, {}),
    "action.output-missing": (_set("output", ""), {}),
    "action.indicator-missing": (_set("unit_of_measure", ""), {}),
    "action.baseline-missing": (_set("baseline_value", None), {}),
    "action.target-missing": (_set("targets", _targets(70, 75)), {}),
    "action.owner-missing": (_set("responsible_unit", " "), {}),
    "action.budget-missing": (_set("budgets", []), {}),
    "action.evidence-missing": (_set("expected_evidence", ""), {}),
    "action.target-direction": (_set("targets", _targets(70, 65, 80, 90)), {}),
    "action.target-implausible": (_set("targets", _targets(70, 80, 90, 120)), {}),
    "action.indicator-vague": (_set("indicator", "Meningkatnya kualitas pelayanan publik"), {}),
    "action.output-document-only": (_document_output, {}),
    "problem.unanswered": (_unanswered, {}),
    "action.focus-mismatch": (_hr_action_under_public_service, {}),
    "action.no-problem": (_set("problem_uids", ["tidak-ada"]), {}),
    "action.duplicate": (_duplicate, {}),
    "quickwin.missing": (lambda p: p.quick_wins.clear(), {}),
    "quickwin.deadline": (lambda p: setattr(p.quick_wins[0], "deadline", dt.date(2027, 6, 30)), {}),
    "team.missing": (lambda p: p.team.clear(), {}),
    "agents.missing": (lambda p: p.change_agents.clear(), {}),
    "chapter.empty": (lambda p: setattr(p.chapters[3], "body", "  "), {}),
    "chapter.thin": (lambda p: setattr(p.chapters[0], "body", "Singkat saja."), {}),
    "city.unit-not-involved": (_city, {"units": ["Bidang Pelayanan", "Sekretariat", "Dinkes"]}),
}


def test_every_rule_has_a_trigger_case():
    assert set(TRIGGERS) == set(RULES)


def test_exemplary_roadmap_has_no_finding():
    result = review(exemplary_roadmap(), _ctx())
    assert [f.message for f in result.findings] == []
    assert result.readiness() == 100


def test_exemplary_city_roadmap_with_all_units_involved_has_no_finding():
    plain = exemplary_roadmap()
    plain.level = "government"
    result = review(plain, _ctx(units=["Bidang Pelayanan", "Sekretariat", "Dinas Contoh"]))
    assert result.findings == []


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_rule_triggers_on_its_minimal_case_and_not_on_the_exemplary(code):
    change, context = TRIGGERS[code]
    assert [f.rule for f in review(exemplary_roadmap(), _ctx(**context), only=[code]).findings] == []
    plain = exemplary_roadmap()
    change(plain)
    found = review(plain, _ctx(**context), only=[code]).findings
    assert found, f"{code} did not trigger"
    finding = found[0]
    assert finding.rule == code
    assert finding.severity == RULES[code].severity or plain.level == "unit"
    assert finding.message and finding.reason and finding.fix and finding.source.text
    assert finding.location.label


def test_uncovered_focus_is_a_hint_for_a_unit_and_a_warning_for_the_city():
    plain = exemplary_roadmap()
    _extra_focus(plain)
    assert [f.severity for f in review(plain, _ctx(), only=["coverage.gap"]).findings] == [Severity.HINT]
    plain.level = "government"
    assert [f.severity for f in review(plain, _ctx(), only=["coverage.gap"]).findings] == [Severity.WARNING]


def test_city_rule_names_the_uninvolved_unit_only():
    plain = exemplary_roadmap()
    plain.level = "government"
    found = review(
        plain, _ctx(units=["Bidang Pelayanan", "Dinkes"]), only=["city.unit-not-involved"]
    ).findings
    assert [f.location.row for f in found] == ["Dinkes"]


def test_city_rule_does_not_run_on_a_unit_roadmap():
    result = review(exemplary_roadmap(), _ctx(units=["Dinkes"]), only=["city.unit-not-involved"])
    assert result.findings == []


def test_target_missing_names_the_missing_years():
    plain = exemplary_roadmap()
    plain.actions[0].targets = _targets(70, 75)
    (finding,) = review(plain, _ctx(), only=["action.target-missing"]).findings
    assert "2028, 2029" in finding.message


def test_growth_beyond_ten_times_is_flagged_for_counts_but_not_for_percentages():
    plain = exemplary_roadmap()
    action = plain.actions[0]
    action.baseline_value = Decimal(5)
    action.targets = _targets(25, 50, 75, 95)
    assert review(plain, _ctx(), only=["action.target-implausible"]).findings == []
    action.unit_of_measure = "layanan"
    (finding,) = review(plain, _ctx(), only=["action.target-implausible"]).findings
    assert "10 kali baseline" in finding.message


def test_decreasing_indicator_with_falling_targets_passes():
    plain = exemplary_roadmap()
    plain.actions[0].direction = "down"
    plain.actions[0].unit_of_measure = "hari"
    plain.actions[0].baseline_value = Decimal(14)
    plain.actions[0].targets = _targets(10, 7, 5, 3)
    assert review(plain, _ctx(), only=["action.target-direction", "action.target-implausible"]).findings == []


def test_vague_indicator_with_a_measure_word_is_not_flagged():
    plain = exemplary_roadmap()
    plain.actions[0].indicator = "Persentase meningkatnya layanan daring"
    assert review(plain, _ctx(), only=["action.indicator-vague"]).findings == []


def test_document_output_finding_gives_an_outcome_example_for_the_focus():
    plain = exemplary_roadmap()
    plain.actions[0].output = "Dokumen laporan survei"
    plain.actions[0].unit_of_measure = "laporan"
    (finding,) = review(plain, _ctx(), only=["action.output-document-only"]).findings
    assert "kepuasan masyarakat" in finding.example.lower()


def test_cascaded_action_needs_no_problem_of_its_own():
    plain = exemplary_roadmap()
    plain.actions[0].problem_uids = []
    plain.actions[0].cascade_uid = "kota-a1"
    assert review(plain, _ctx(), only=["action.no-problem"]).findings == []


def test_quick_win_within_a_year_of_the_period_start_passes_when_drafted_early():
    plain = exemplary_roadmap()
    plain.quick_wins[0].deadline = dt.date(2026, 12, 31)
    assert review(plain, Context(today=dt.date(2025, 11, 1)), only=["quickwin.deadline"]).findings == []


def test_readiness_drops_with_blocking_findings_and_acknowledgement_restores_warnings():
    plain = exemplary_roadmap()
    plain.actions[0].output = ""
    plain.actions[1].expected_evidence = ""
    result = review(plain, _ctx())
    assert {f.rule for f in result.findings} >= {"action.output-missing", "action.evidence-missing"}
    score = result.readiness()
    assert 0 < score < 100
    warning = next(f for f in result.findings if f.severity == Severity.WARNING)
    blocking = next(f for f in result.findings if f.is_blocking)
    assert result.readiness([warning.fingerprint]) > score
    assert result.readiness([warning.fingerprint, blocking.fingerprint]) < 100  # blocking cannot be waived
    chapters = {row["chapter"]: row for row in result.chapter_readiness()}
    assert chapters["urn:outline:bab-4"]["readiness"] < 100
    assert chapters["urn:outline:bab-1"]["readiness"] == 100


def test_findings_serialise_with_rule_severity_location_message_source():
    plain = exemplary_roadmap()
    plain.actions[0].output = ""
    data = review(plain, _ctx()).findings[0].as_dict()
    assert {"rule", "severity", "location", "message", "source"} <= set(data)
    assert data["location"]["row"] == "a1"
    assert data["source"]["verified"] is False


def test_context_focus_keys_override_the_roadmaps_own_list():
    result = review(exemplary_roadmap(), _ctx(focus_keys=["urn:rb:general:07"]), only=["coverage.gap"])
    assert [f.location.row for f in result.findings] == ["urn:rb:general:07"]


def test_finding_fingerprint_is_stable_across_reviews():
    plain = exemplary_roadmap()
    plain.actions[0].output = ""
    first = [f.fingerprint for f in review(plain, _ctx()).findings]
    second = [f.fingerprint for f in review(dataclasses.replace(plain), _ctx()).findings]
    assert first == second


def test_near_copies_are_one_finding_listing_the_group_and_counting_each_copy():
    plain = exemplary_roadmap()
    first = plain.actions[0]
    copies = [dataclasses.replace(first, uid=f"c{n}", activity=f"{first.activity} ({n})") for n in range(30)]
    plain.actions[1:1] = copies  # rows 2–31 copy row 1
    (finding,) = review(plain, _ctx(), only=["action.duplicate"]).findings
    assert finding.location.row == "c0" and finding.items == 30
    assert "31 rencana aksi hampir sama: no. 1–31" in finding.message
    alone = review(plain, _ctx(), only=["action.duplicate"])
    one_copy = exemplary_roadmap()
    one_copy.actions[1:1] = copies[:1]
    pair = review(one_copy, _ctx(), only=["action.duplicate"])
    (twin,) = pair.findings
    assert twin.items == 1 and "no. 2 hampir sama dengan no. 1" in twin.message
    assert alone.readiness() < pair.readiness()  # 30 copies weigh more than one


def test_duplicate_rule_translates_per_finding_not_per_pair(monkeypatch):
    from petajalan.clinic import rules as module

    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return text

    monkeypatch.setattr(module, "_", counted)
    plain = exemplary_roadmap()
    first = plain.actions[0]
    plain.actions += [dataclasses.replace(first, uid=f"c{n}") for n in range(100)]  # 5,050 similar pairs
    (finding,) = review(plain, _ctx(), only=["action.duplicate"]).findings
    assert finding.items == 100 and len(calls) <= 8, calls


def test_review_survives_storage_as_json():
    from petajalan.clinic.engine import Review

    plain = exemplary_roadmap()
    plain.actions[0].output = ""
    plain.actions.append(dataclasses.replace(plain.actions[1], uid="twin"))
    result = review(plain, _ctx())
    again = Review.from_dict(json.loads(json.dumps(result.as_dict())))
    assert again == result and again.readiness() == result.readiness()
    assert again.chapter_readiness() == result.chapter_readiness()
