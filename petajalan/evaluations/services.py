"""Writes of a self-assessment, each atomic, checked against the phase and its window, and audited.

Views and commands call these; they never write the models themselves. Scores are not stored: the
``scores`` function computes the three columns (self, verified, evaluator) from the answers and the
pack with the pure engine in ``scoring``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government, Unit
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evaluations import scoring
from petajalan.evaluations.models import PHASE_ORDER, Answer, Cycle, Phase, Scenario, Window
from petajalan.frameworks.models import Pack, PackVersion
from petajalan.frameworks.services import version_in_force
from petajalan.lib.formatting import tanggal

A = AuditEvent.Action
SELF_FIELDS = ["self_value", "na_reason", "note"]
VERIFY_FIELDS = ["check_state", "verified_value", "verified_note"]
EVALUATOR_FIELDS = ["evaluator_value", "evaluator_note"]
COLUMNS = ("self", "verified", "evaluator")

# Which unit usually holds a criterion's evidence: words of the criterion's title (or its scorer) →
# words of the unit's name. A suggestion only, editable on the assignment page; not a rule.
TOPICS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("sakip", "iku"), ("perencanaan",)),
    (("merit", "berakhlak"), ("kepegawaian",)),
    (("spip", "integritas", "tindak lanjut rekomendasi bpk"), ("inspektorat",)),
    (("opini bpk",), ("keuangan",)),
    (("spbe", "statistik", "lapor"), ("komunikasi", "informatika")),
    (("arsip",), ("arsip",)),
    (("pengadaan", "produk dalam negeri"), ("pengadaan",)),
    (("kebijakan", "hukum"), ("hukum",)),
    (("kemiskinan",), ("sosial",)),
    (("investasi",), ("penanaman modal",)),
    (("inflasi",), ("perdagangan",)),
    (("stunting", "digitalisasi administrasi"), ("kesehatan",)),
]


# Reading the worksheet -------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _worksheet(version_id: int, checksum: str) -> scoring.Worksheet:
    version = PackVersion.objects.only("document").get(pk=version_id)
    return scoring.build(version.document.get("nodes", []))


def worksheet_of(version: PackVersion) -> scoring.Worksheet:
    """The engine's view of a worksheet pack version (cached by its checksum)."""
    return _worksheet(version.pk, version.checksum)


@lru_cache(maxsize=16)
def _bands(version_id: int, checksum: str) -> tuple[scoring.Band, ...]:
    version = PackVersion.objects.only("document").get(pk=version_id)
    return tuple(scoring.bands_of(version.document.get("nodes", [])))


def bands_of(version: PackVersion | None) -> list[scoring.Band]:
    return list(_bands(version.pk, version.checksum)) if version is not None else []


def default_bands(government: Government | None = None) -> PackVersion | None:
    """The bands pack in force for the government, else the newest shipped one."""
    if government is not None:
        found = version_in_force(government, "rb-bands")
        if found is not None:
            return found
    return PackVersion.objects.filter(pack__purpose=Pack.Purpose.BANDS).order_by("-valid_from").first()


def default_worksheet(government: Government, year: int) -> PackVersion | None:
    """The worksheet in force for the government, else the newest shipped one valid in ``year``."""
    found = version_in_force(government, "lke")
    if found is not None:
        return found
    candidates = PackVersion.objects.filter(pack__purpose=Pack.Purpose.WORKSHEET, owner__isnull=True)
    for version in candidates.order_by("-valid_from"):
        if version.valid_from is None or version.valid_from.year <= year:
            return version
    return candidates.order_by("-valid_from").first()


# Scores ----------------------------------------------------------------------------------------


@dataclass
class CycleScores:
    """The three columns of a cycle, each a ``scoring.Score`` (evaluator None before any result)."""

    worksheet: scoring.Worksheet
    self: scoring.Score
    verified: scoring.Score
    evaluator: scoring.Score | None

    def column(self, name: str) -> scoring.Score | None:
        return getattr(self, name)


def answer_maps(answers: Iterable[Answer]) -> dict[str, dict[str, str]]:
    """key → stored answer for each column; a verified answer falls back to the self answer when the
    Inspektorat agreed (or has not looked yet, so the verified column starts from the claim)."""
    maps: dict[str, dict[str, str]] = {c: {} for c in COLUMNS}
    for answer in answers:
        if answer.self_value:
            maps["self"][answer.node_key] = answer.self_value
        verified = answer.verified_value if answer.check_state == Answer.Check.CHANGED else answer.self_value
        if verified:
            maps["verified"][answer.node_key] = verified
        if answer.evaluator_value:
            maps["evaluator"][answer.node_key] = answer.evaluator_value
    return maps


def scores(cycle: Cycle, answers: Iterable[Answer] | None = None) -> CycleScores:
    """Score the cycle's three columns (one query for the answers when not given)."""
    worksheet = worksheet_of(cycle.worksheet)
    bands = bands_of(cycle.bands)
    rows = list(answers) if answers is not None else list(cycle.answers.all())
    maps = answer_maps(rows)

    def run(column: str, coefficient: Decimal | None) -> scoring.Score:
        return scoring.score(worksheet, maps[column], coefficient=coefficient, bands=bands)

    has_evaluator = bool(maps["evaluator"]) or cycle.coefficient_evaluator is not None
    return CycleScores(
        worksheet=worksheet,
        self=run("self", cycle.coefficient_self),
        verified=run(
            "verified",
            cycle.coefficient_verified if cycle.coefficient_verified is not None else cycle.coefficient_self,
        ),
        evaluator=run("evaluator", cycle.coefficient_evaluator) if has_evaluator else None,
    )


# Cycles, phases and windows --------------------------------------------------------------------


def suggest_unit(node: scoring.Node, units: list[Unit]) -> Unit | None:
    """The unit whose name matches the criterion's topic (None: the Bagian Organisasi answers)."""
    text = f"{node.title} {node.extra.get('scored_by', '')}".casefold()
    for words, unit_words in TOPICS:
        if any(w in text for w in words):
            for unit in units:
                name = f"{unit.name} {unit.short_name}".casefold()
                if any(u in name for u in unit_words):
                    return unit
            return None
    return None


def default_windows(year: int) -> dict[str, tuple[dt.date, dt.date]]:
    """The usual calendar of an evaluation of ``year`` run in the following year (editable)."""
    y = year + 1
    return {
        Phase.ANSWERING: (dt.date(y, 1, 6), dt.date(y, 2, 14)),
        Phase.COMPILING: (dt.date(y, 2, 17), dt.date(y, 2, 28)),
        Phase.VERIFICATION: (dt.date(y, 3, 3), dt.date(y, 3, 31)),
        Phase.EVALUATOR: (dt.date(y, 4, 1), dt.date(y, 10, 31)),
        Phase.OBJECTION: (dt.date(y, 11, 3), dt.date(y, 11, 14)),
    }


def open_cycle(
    *,
    actor: Any,
    government: Government,
    year: int,
    worksheet: PackVersion | None = None,
    bands: PackVersion | None = None,
    windows: dict[str, tuple[dt.date, dt.date]] | None = None,
) -> Cycle:
    """A new cycle with one answer row per item, each assigned to its suggested unit."""
    worksheet = worksheet or default_worksheet(government, year)
    if worksheet is None or worksheet.pack.purpose != Pack.Purpose.WORKSHEET:
        raise ServiceError(_("Belum ada lembar kerja evaluasi yang dimuat."), "worksheet")
    if worksheet.owner_id not in (None, government.pk):
        raise ServiceError(_("Lembar kerja ini milik pemerintah daerah lain."), "worksheet")
    if Cycle.objects.filter(government=government, year=year).exists():
        raise ServiceError(_("Evaluasi tahun %(y)s sudah dibuka.") % {"y": year}, "year")
    sheet = worksheet_of(worksheet)
    units = list(Unit.objects.filter(government=government, is_active=True).order_by("name"))
    windows = windows or default_windows(year)
    with transaction.atomic():
        cycle = Cycle.objects.create(
            government=government,
            year=year,
            worksheet=worksheet,
            bands=bands or default_bands(government),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Window.objects.bulk_create(
            Window(cycle=cycle, phase=phase, opens_on=start, closes_on=end)
            for phase, (start, end) in windows.items()
        )
        answering_ends = windows.get(Phase.ANSWERING, (None, None))[1]
        Answer.objects.bulk_create(
            Answer(
                cycle=cycle,
                node_key=node.key,
                ref=node.ref,
                order=order,
                unit=suggest_unit(node, units),
                due_on=answering_ends,
            )
            for order, node in enumerate(sheet.items)
        )
        record(
            actor=actor,
            action=A.CREATE,
            obj=cycle,
            government=government,
            after={"year": year, "worksheet": f"{worksheet.pack.key}:{worksheet.version}"},
        )
    return cycle


def window_of(cycle: Cycle, phase: str) -> Window | None:
    return next((w for w in cycle.windows.all() if w.phase == phase), None)


def check_phase(cycle: Cycle, phase: str, today: dt.date | None = None) -> None:
    """Refuse a write of ``phase`` when the cycle is in another phase or outside the window."""
    if cycle.phase != phase:
        raise ServiceError(
            _("Evaluasi %(y)s sedang pada tahap %(now)s; isian tahap %(want)s tidak dapat diubah.")
            % {"y": cycle.year, "now": cycle.get_phase_display(), "want": Phase(phase).label}
        )
    window = window_of(cycle, phase)
    today = today or timezone.localdate()
    if window is not None and not window.opens_on <= today <= window.closes_on:
        raise ServiceError(
            _(
                "Jadwal tahap %(p)s adalah %(a)s–%(b)s; hari ini di luar jadwal. "
                "Minta Bagian Organisasi membuka kembali."
            )
            % {"p": Phase(phase).label, "a": tanggal(window.opens_on), "b": tanggal(window.closes_on)}
        )


def set_window(*, actor: Any, cycle: Cycle, phase: str, opens_on: dt.date, closes_on: dt.date) -> Window:
    if closes_on < opens_on:
        raise ServiceError(_("Tanggal ditutup tidak boleh sebelum tanggal dibuka."), "closes_on")
    with transaction.atomic():
        window, _created = Window.objects.update_or_create(
            cycle=cycle, phase=phase, defaults={"opens_on": opens_on, "closes_on": closes_on}
        )
        record(
            actor=actor,
            action=A.UPDATE,
            obj=cycle,
            government=cycle.government,
            summary=_("Jadwal %(p)s: %(a)s–%(b)s")
            % {"p": Phase(phase).label, "a": tanggal(opens_on), "b": tanggal(closes_on)},
        )
    return window


def advance(*, actor: Any, cycle: Cycle, version: int) -> Cycle:
    """Move the cycle to its next phase."""
    if cycle.phase == Phase.CLOSED:
        raise ServiceError(_("Evaluasi ini sudah selesai."))
    new = PHASE_ORDER[PHASE_ORDER.index(cycle.phase) + 1]
    return _move(actor=actor, cycle=cycle, version=version, new=new, reason="")


def reopen(*, actor: Any, cycle: Cycle, version: int, phase: str, reason: str, until: dt.date) -> Cycle:
    """Go back to an earlier phase (or extend the current one) with a reason, until a date."""
    if phase not in PHASE_ORDER or phase == Phase.CLOSED:
        raise ServiceError(_("Tahap tidak dikenal."), "phase")
    if PHASE_ORDER.index(phase) > PHASE_ORDER.index(cycle.phase):
        raise ServiceError(_("Membuka kembali hanya ke tahap yang sudah dilalui."), "phase")
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan membuka kembali."), "reason")
    today = timezone.localdate()
    if until < today:
        raise ServiceError(_("Tanggal akhir tidak boleh sebelum hari ini."), "until")
    with transaction.atomic():
        window = window_of(cycle, phase)
        opens = min(window.opens_on, today) if window else today
        Window.objects.update_or_create(
            cycle=cycle, phase=phase, defaults={"opens_on": opens, "closes_on": until}
        )
        return _move(actor=actor, cycle=cycle, version=version, new=phase, reason=reason.strip())


def _move(*, actor: Any, cycle: Cycle, version: int, new: str, reason: str) -> Cycle:
    with transaction.atomic():
        current = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if current.version != version:
            raise StaleEdit(current)
        old = current.phase
        current.phase = new
        current.version += 1
        current.save(update_fields=["phase", "version"])
        record(
            actor=actor,
            action=A.TRANSITION,
            obj=current,
            government=current.government,
            before={"phase": old},
            after={"phase": new, "reason": reason},
            summary=reason or str(Phase(new).label),
        )
    return current


# Assignment ------------------------------------------------------------------------------------


def assign(*, actor: Any, answer: Answer, unit: Unit | None, due_on: dt.date | None) -> Answer:
    cycle = answer.cycle
    if cycle.phase == Phase.CLOSED:
        raise ServiceError(_("Evaluasi ini sudah selesai."))
    if unit is not None and unit.government_id != cycle.government_id:
        raise ServiceError(_("Perangkat daerah harus dari pemerintah daerah yang sama."), "unit")
    with transaction.atomic():
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        before = {"unit": current.unit_id, "due_on": str(current.due_on or "")}
        current.unit = unit
        current.due_on = due_on
        current.version += 1
        current.save(update_fields=["unit", "due_on", "version"])
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=cycle.government,
            object_type="evaluations.answer",
            summary=_("Penanggung jawab %(ref)s") % {"ref": current.ref},
            before=before,
            after={"unit": current.unit_id, "due_on": str(current.due_on or "")},
        )
    return current


# Answers ---------------------------------------------------------------------------------------


def _node(answer: Answer) -> scoring.Node:
    worksheet = worksheet_of(answer.cycle.worksheet)
    node = worksheet.nodes.get(answer.node_key)
    if node is None:
        raise ServiceError(_("Kriteria %s tidak ada di lembar kerja ini.") % answer.ref)
    return node


def _normalise(node: scoring.Node, value: str, field: str) -> str:
    try:
        return scoring.normalise(node, value)
    except scoring.AnswerError as exc:
        raise ServiceError(str(exc), field) from exc


def answer_self(
    *,
    actor: Any,
    answer: Answer,
    value: str,
    note: str = "",
    na_reason: str = "",
    version: int,
    is_admin: bool = False,
) -> Answer:
    """The unit's answer (the admin may also answer while compiling)."""
    cycle = answer.cycle
    if not (is_admin and cycle.phase == Phase.COMPILING):
        check_phase(cycle, Phase.ANSWERING)
    node = _node(answer)
    stored = _normalise(node, value, "value") if value.strip() else ""
    if stored == scoring.NA and not na_reason.strip():
        raise ServiceError(_("Tuliskan alasan kriteria ini tidak berlaku."), "na_reason")
    return _write(
        actor=actor,
        answer=answer,
        version=version,
        fields={
            "self_value": stored,
            "na_reason": na_reason.strip() if stored == scoring.NA else "",
            "note": note.strip(),
            "answered_by": actor if getattr(actor, "is_authenticated", False) else None,
            "answered_at": timezone.now(),
        },
        audit_fields=SELF_FIELDS,
        summary=_("Jawaban %(ref)s") % {"ref": answer.ref},
    )


def verify(
    *, actor: Any, answer: Answer, agree: bool, value: str = "", note: str = "", version: int
) -> Answer:
    """The Inspektorat agrees with the unit's answer, or gives its own with a note."""
    check_phase(answer.cycle, Phase.VERIFICATION)
    fields: dict[str, Any]
    if agree and not answer.self_value:
        raise ServiceError(
            _("Belum ada jawaban mandiri untuk disetujui; isi nilai verifikasi sendiri dengan catatan."),
            "value",
        )
    if agree:
        fields = {
            "check_state": Answer.Check.AGREED,
            "verified_value": answer.self_value,
            "verified_note": note.strip(),
        }
    else:
        stored = _normalise(_node(answer), value, "value")
        if not note.strip():
            raise ServiceError(_("Jelaskan alasan nilai verifikasi berbeda."), "note")
        fields = {
            "check_state": Answer.Check.CHANGED,
            "verified_value": stored,
            "verified_note": note.strip(),
        }
    fields |= {
        "verified_by": actor if getattr(actor, "is_authenticated", False) else None,
        "verified_at": timezone.now(),
    }
    return _write(
        actor=actor,
        answer=answer,
        version=version,
        fields=fields,
        audit_fields=VERIFY_FIELDS,
        summary=_("Verifikasi %(ref)s") % {"ref": answer.ref},
    )


def record_evaluator(*, actor: Any, answer: Answer, value: str, note: str = "", version: int) -> Answer:
    """The ministry's answer for an item, typed in when its result arrives."""
    check_phase(answer.cycle, Phase.EVALUATOR)
    stored = _normalise(_node(answer), value, "value") if value.strip() else ""
    return _write(
        actor=actor,
        answer=answer,
        version=version,
        fields={"evaluator_value": stored, "evaluator_note": note.strip()},
        audit_fields=EVALUATOR_FIELDS,
        summary=_("Hasil evaluator %(ref)s") % {"ref": answer.ref},
    )


def file_objection(*, actor: Any, answer: Answer, text: str, version: int) -> Answer:
    check_phase(answer.cycle, Phase.OBJECTION)
    if not text.strip():
        raise ServiceError(_("Tuliskan isi sanggahan."), "objection")
    return _write(
        actor=actor,
        answer=answer,
        version=version,
        fields={"objection": text.strip(), "objection_at": timezone.now()},
        audit_fields=["objection"],
        summary=_("Sanggahan %(ref)s") % {"ref": answer.ref},
    )


def _write(
    *, actor: Any, answer: Answer, version: int, fields: dict[str, Any], audit_fields: list[str], summary: str
) -> Answer:
    with transaction.atomic():
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        if current.version != version:
            raise StaleEdit(current)
        current.cycle = answer.cycle  # the audit's str(answer) needs it: no second query
        before = snapshot(current, audit_fields)
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=answer.cycle.government,
            object_type="evaluations.answer",
            summary=summary,
            before=before,
            after=snapshot(current, audit_fields),
        )
    return current


def set_coefficient(*, actor: Any, cycle: Cycle, column: str, value: str, version: int) -> Cycle:
    """The government coefficient of one column (self while answering/compiling, verified while
    verifying, evaluator when the result arrives)."""
    phases = {
        "self": (Phase.ANSWERING, Phase.COMPILING),
        "verified": (Phase.VERIFICATION,),
        "evaluator": (Phase.EVALUATOR,),
    }
    if column not in phases:
        raise ServiceError(_("Kolom tidak dikenal."))
    if cycle.phase not in phases[column]:
        check_phase(cycle, phases[column][0])
    worksheet = worksheet_of(cycle.worksheet)
    try:
        number = scoring.parse_coefficient(worksheet, value) if value.strip() else None
    except scoring.AnswerError as exc:
        raise ServiceError(str(exc), "coefficient") from exc
    name = f"coefficient_{column}"
    with transaction.atomic():
        current = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = {name: str(getattr(current, name))}
        setattr(current, name, number)
        current.version += 1
        current.save(update_fields=[name, "version"])
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=current.government,
            before=before,
            after={name: str(number)},
        )
    return current


def set_official_result(
    *, actor: Any, cycle: Cycle, index: Decimal | None, predicate: str, version: int
) -> Cycle:
    """The index and predicate the ministry published (beside the item answers)."""
    if cycle.phase not in (Phase.EVALUATOR, Phase.OBJECTION, Phase.CLOSED):
        check_phase(cycle, Phase.EVALUATOR)
    with transaction.atomic():
        current = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current, ["evaluator_index", "evaluator_predicate"])
        current.evaluator_index = index
        current.evaluator_predicate = predicate.strip()[:4]
        current.version += 1
        current.save(update_fields=["evaluator_index", "evaluator_predicate", "version"])
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=current.government,
            before=before,
            after=snapshot(current, ["evaluator_index", "evaluator_predicate"]),
        )
    return current


# What-if scenarios -----------------------------------------------------------------------------


def save_scenario(
    *, actor: Any, cycle: Cycle, name: str, answers: dict[str, str], coefficient: Decimal | None = None
) -> Scenario:
    """Store a named what-if (answers checked like real ones, kept apart from them)."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Beri nama skenario."), "name")
    worksheet = worksheet_of(cycle.worksheet)
    clean: dict[str, str] = {}
    for key, value in answers.items():
        node = worksheet.nodes.get(key)
        if node is None or not node.is_item:
            raise ServiceError(_("Kriteria %s tidak ada di lembar kerja ini.") % key)
        if str(value).strip():
            clean[key] = _normalise(node, str(value), key)
    with transaction.atomic():
        scenario, created = Scenario.objects.update_or_create(
            cycle=cycle,
            name=name,
            defaults={
                "answers": clean,
                "coefficient": coefficient,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        record(
            actor=actor,
            action=A.CREATE if created else A.UPDATE,
            obj=scenario,
            government=cycle.government,
            object_type="evaluations.scenario",
            after={"name": name, "answers": len(clean)},
        )
    return scenario


def delete_scenario(*, actor: Any, scenario: Scenario) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action=A.DELETE,
            obj=scenario,
            government=scenario.cycle.government,
            object_type="evaluations.scenario",
            before={"name": scenario.name},
        )
        scenario.delete()
