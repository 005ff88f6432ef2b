"""Permission-matrix rows of the cycle pages (views/cycles.py and views/answers.py).

Placeholders of the shared ``objects`` fixture (test_permission_matrix.py): ``{gov}``, ``{cycle}``
(the 2025 cycle of ``gov``, answering, windows open), ``{answer}`` (an item of ``unit``),
``{city_answer}`` (an item assigned to nobody), ``{other_answer}`` (an item of ``other_unit``),
``{other_cycle}`` and ``{other_cycle_answer}`` (another government's cycle and one of its items).
``objects_for_cycles(objects)`` returns the two more these rows need, to merge into that dict:
``{verifying_answer}`` (an answered item of ``unit`` in a 2024 cycle in its verification phase,
version 2) and ``{evaluator_answer}`` (an item of a 2023 cycle in its evaluator phase).

Personas run in the order anonymous, admin, drafter, unit_head, reviewer, leader, outsider on the
same objects: a save that succeeds for the admin leaves the next person's version stale (409). In
the answering phase, verification, the evaluator's answer, objections and the official result pass
the gate and meet the phase's refusal (422), which shows who gets past the gate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from petajalan.evaluations import services
from petajalan.evaluations.models import Answer, Cycle, Phase, Window
from petajalan.frameworks.models import PackVersion
from petajalan.testing.matrix import Case

E = "/g/{gov}/evaluasi"
C = E + "/siklus/{cycle}"
J = E + "/jawaban/{answer}"
CITY = E + "/jawaban/{city_answer}"
ADMIN_ONLY = {"admin": 200}
NOT_HERE = {p: 404 for p in ("admin", "drafter", "unit_head", "reviewer", "leader")}
WINDOWS = {
    "j-answering_opens": "2026-01-05",
    "j-answering_closes": "2026-02-13",
    "j-compiling_opens": "2026-02-16",
    "j-compiling_closes": "2026-02-27",
    "j-verification_opens": "2026-03-02",
    "j-verification_closes": "2026-03-31",
    "j-evaluator_opens": "2026-04-01",
    "j-evaluator_closes": "2026-10-30",
    "j-objection_opens": "2026-11-02",
    "j-objection_closes": "2026-11-13",
}

CYCLE_ROWS = [
    # the government's cycles; the admin opens one by POST
    Case("evaluations:cycle-list", E + "/"),
    Case("evaluations:cycle-list", E + "/", method="post", data={"year": "2024"}, expect={"admin": 422}),
    # one cycle
    Case("evaluations:cycle-detail", C + "/"),
    Case("evaluations:cycle-detail", C + "/?unit=organisasi&belum=1"),
    Case("evaluations:cycle-detail", E + "/siklus/{other_cycle}/", default=404),
    Case("evaluations:cycle-assign", C + "/penugasan/", default=403, expect=ADMIN_ONLY),
    Case("evaluations:cycle-assign", E + "/siklus/{other_cycle}/penugasan/", default=404),
    Case("evaluations:cycle-assign", C + "/penugasan/", method="post", expect={"admin": 302}),
    Case(
        "evaluations:cycle-advance",
        C + "/lanjut/",
        method="post",
        data={"version": "1", "confirm": "on"},
        expect={"admin": 302},
    ),
    Case(
        "evaluations:cycle-advance",
        C + "/lanjut/",
        method="post",
        data={"version": "1"},
        expect={"admin": 422},
    ),
    Case(
        "evaluations:cycle-advance",
        E + "/siklus/{other_cycle}/lanjut/",
        method="post",
        data={"version": "1", "confirm": "on"},
        default=404,
    ),
    Case(
        "evaluations:cycle-reopen",
        C + "/buka-kembali/",
        method="post",
        data={"rk-phase": "answering", "rk-until": "2099-01-31", "rk-reason": "Terlambat", "rk-version": "1"},
        expect={"admin": 302},
    ),
    Case("evaluations:cycle-windows", C + "/jadwal/", method="post", data=WINDOWS, expect={"admin": 302}),
    Case("evaluations:cycle-windows", C + "/jadwal/", method="post", expect={"admin": 422}),
    Case(
        "evaluations:cycle-coefficient",
        C + "/koefisien/",
        method="post",
        data={"k-column": "self", "k-value": "-1", "k-version": "1"},
        expect={"admin": 302},
    ),
    Case(
        "evaluations:cycle-official",
        C + "/hasil-resmi/",
        method="post",
        data={"h-index": "64,12", "h-predicate": "B", "h-version": "1"},
        expect={"admin": 422},
    ),
    # one item
    Case("evaluations:answer-detail", J + "/"),
    Case("evaluations:answer-detail", CITY + "/"),
    Case("evaluations:answer-detail", E + "/jawaban/{other_answer}/"),
    Case("evaluations:answer-detail", E + "/jawaban/{other_cycle_answer}/", default=404),
    Case("evaluations:answer-detail", E + "/jawaban/{verifying_answer}/"),
    Case(
        "evaluations:answer-save",
        J + "/isi/",
        method="post",
        data={"value": "80", "version": "1"},
        expect={"admin": 302, "drafter": 409, "unit_head": 409},
    ),
    Case(
        "evaluations:answer-save",
        CITY + "/isi/",
        method="post",
        data={"not_applicable": "on", "na_reason": "Uji matriks", "version": "1"},
        expect={"admin": 302},
    ),
    Case(  # another unit's item: read by all, answered by that unit (and the admin)
        "evaluations:answer-save",
        E + "/jawaban/{other_answer}/isi/",
        method="post",
        data={"not_applicable": "on", "na_reason": "Uji matriks", "version": "1"},
        expect={"admin": 302},
    ),
    Case(
        "evaluations:answer-save",
        E + "/jawaban/{other_cycle_answer}/isi/",
        method="post",
        data={"value": "80", "version": "1"},
        default=404,
    ),
    Case(
        "evaluations:answer-verify",
        E + "/jawaban/{other_answer}/verifikasi/",
        method="post",
        data={"v-decision": "agree", "v-version": "1"},
        expect={"admin": 422},  # the reviewer coaches ``unit`` only
    ),
    Case(
        "evaluations:answer-verify",
        J + "/verifikasi/",
        method="post",
        data={"v-decision": "agree", "v-version": "1"},
        expect={"admin": 422, "reviewer": 422},
    ),
    Case(
        "evaluations:answer-verify",
        CITY + "/verifikasi/",
        method="post",
        data={"v-decision": "agree", "v-version": "1"},
        expect={"admin": 422},  # the reviewer verifies its units only
    ),
    Case(
        "evaluations:answer-verify",
        E + "/jawaban/{verifying_answer}/verifikasi/",
        method="post",
        data={"v-decision": "agree", "v-version": "2"},
        expect={"admin": 302, "reviewer": 409},
    ),
    Case(
        "evaluations:answer-evaluator",
        J + "/evaluator/",
        method="post",
        data={"e-value": "70", "e-version": "1"},
        expect={"admin": 422},
    ),
    Case(
        "evaluations:answer-evaluator",
        E + "/jawaban/{evaluator_answer}/evaluator/",
        method="post",
        data={"e-value": "NA", "e-version": "1"},
        expect={"admin": 302},
    ),
    Case(
        "evaluations:answer-objection",
        J + "/sanggah/",
        method="post",
        data={"s-objection": "Nilai tidak sesuai LHE", "s-version": "1"},
        expect={"admin": 422},
    ),
]

# The wrong method: 405 for a signed-in person (walked by ``test_matrix_cycles_walk``).
POST_ONLY = [
    C + "/lanjut/",
    C + "/buka-kembali/",
    C + "/jadwal/",
    C + "/koefisien/",
    C + "/hasil-resmi/",
    J + "/isi/",
    J + "/verifikasi/",
    J + "/evaluator/",
    J + "/sanggah/",
]
GET_ONLY = [C + "/", J + "/"]


def _cycle_in(government: Any, year: int, phase: str) -> Cycle:
    made = services.open_cycle(actor=None, government=government, year=year, worksheet=_lke_2023())
    today = timezone.localdate()
    Window.objects.filter(cycle=made).update(
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=7)
    )
    Cycle.objects.filter(pk=made.pk).update(phase=phase)
    made.refresh_from_db()
    return made


def _lke_2023() -> PackVersion:
    return PackVersion.objects.get(pack__key="lke", version="2023")


def objects_for_cycles(objects: dict[str, Any]) -> dict[str, Any]:
    """The extra objects of these rows, made from the shared ones (``cycle`` and ``answer``)."""
    cycle = Cycle.objects.select_related("government").get(uuid=objects["cycle"])
    unit_answer = Answer.objects.get(pk=objects["answer"])
    verifying = _cycle_in(cycle.government, 2024, Phase.ANSWERING)
    row = verifying.answers.get(node_key=unit_answer.node_key)
    Answer.objects.filter(pk=row.pk).update(unit_id=unit_answer.unit_id)
    row.refresh_from_db()
    services.answer_self(actor=None, answer=row, value="NA", na_reason="Uji", version=row.version)
    Cycle.objects.filter(pk=verifying.pk).update(phase=Phase.VERIFICATION)
    evaluating = _cycle_in(cycle.government, 2023, Phase.EVALUATOR)
    return {
        "verifying_answer": row.pk,
        "evaluator_answer": evaluating.answers.order_by("order").first().pk,  # type: ignore[union-attr]
    }
