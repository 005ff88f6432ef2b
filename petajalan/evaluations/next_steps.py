"""The self-assessment's next steps on a government's home page, per role: the unit's criteria to
answer, the Inspektorat's answers to verify, the Bagian Organisasi's next move in the cycle, and the
predicted index for leaders. A constant number of queries whatever the number of items and units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership
from petajalan.accounts.querysets import active_memberships
from petajalan.evaluations import services
from petajalan.evaluations.forms import points
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.lib.formatting import tanggal

R = Membership.Role


def current_cycle(government: Any) -> Cycle | None:
    """The newest cycle still running, else the newest one."""
    cycles = list(
        Cycle.objects.filter(government=government)
        .select_related("government", "worksheet", "bands")
        .prefetch_related("windows")
        .order_by("-year")[:3]
    )
    return next((c for c in cycles if c.phase != Phase.CLOSED), cycles[0] if cycles else None)


def _url(name: str, cycle: Cycle, query: str = "") -> str:
    return reverse(f"evaluations:{name}", kwargs={"gov": cycle.government.slug, "cycle": cycle.uuid}) + query


@register
def evaluation_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    if not roles:
        return []
    today = timezone.localdate()
    cycle = current_cycle(government)
    steps: list[NextStep] = []
    if R.ADMIN in roles:
        steps += _admin_steps(government, cycle, today)
    if cycle is None:
        return steps
    if roles & {R.DRAFTER, R.UNIT_HEAD} and cycle.phase == Phase.ANSWERING:
        steps += _unit_steps(request, government, cycle, today)
    if R.REVIEWER in roles and cycle.phase == Phase.VERIFICATION:
        steps += _reviewer_steps(request, cycle)
    if R.LEADER in roles:
        result = services.scores(cycle)
        steps.append(
            NextStep(
                title=_("Lihat prediksi indeks RB %(y)s") % {"y": cycle.year},
                description=_("Prediksi saat ini %(i)s%(b)s · tahap %(p)s.")
                % {
                    "i": points(result.verified.index),
                    "b": f" ({result.verified.band})" if result.verified.band else "",
                    "p": cycle.get_phase_display().lower(),
                },
                url=_url("cycle-detail", cycle),
                action=_("Lihat evaluasi"),
                priority=20,
            )
        )
    return steps


def _closes(cycle: Cycle, phase: str) -> dt.date | None:
    window = services.window_of(cycle, phase)
    return window.closes_on if window else None


def _unit_steps(request: HttpRequest, government: Any, cycle: Cycle, today: dt.date) -> list[NextStep]:
    """The criteria of the user's units still unanswered."""
    units = list(
        active_memberships(request.user)
        .filter(government=government, role__in=[R.DRAFTER, R.UNIT_HEAD], unit__isnull=False)
        .values_list("unit_id", "unit__uuid")
    )
    if not units:
        return []
    counts = Answer.objects.filter(cycle=cycle, unit_id__in=[u for u, _uuid in units]).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(self_value="")),
        due=Min("due_on", filter=Q(self_value="")),
    )
    if not counts["total"]:
        return []
    query = f"?unit={units[0][1]}&belum=1" if len(units) == 1 else "?belum=1"
    if not counts["open"]:
        return [
            NextStep(
                title=_("Semua kriteria evaluasi RB %(y)s unit Anda sudah dijawab") % {"y": cycle.year},
                description=_("Jawaban masih dapat diperbaiki selama tahap pengisian."),
                url=_url("cycle-detail", cycle, f"?unit={units[0][1]}" if len(units) == 1 else ""),
                action=_("Lihat jawaban"),
                priority=45,
                done=True,
            )
        ]
    due = counts["due"] or _closes(cycle, Phase.ANSWERING)
    late = due is not None and today > due
    return [
        NextStep(
            title=_("Jawab %(n)s kriteria evaluasi RB %(y)s sebelum %(d)s")
            % {"n": counts["open"], "y": cycle.year, "d": tanggal(due) if due else "—"},
            description=(
                _("Sudah lewat batas; segera jawab atau minta Bagian Organisasi membuka kembali.")
                if late
                else _("Pilih jawaban tiap kriteria dan tautkan data dukungnya dari bank data dukung.")
            ),
            url=_url("cycle-detail", cycle, query),
            action=_("Jawab kriteria"),
            priority=5 if late else 9,
        )
    ]


def _reviewer_steps(request: HttpRequest, cycle: Cycle) -> list[NextStep]:
    waiting = (
        Answer.objects.verifiable_by(request.user)
        .filter(cycle=cycle, check_state="")
        .exclude(self_value="")
        .count()
    )
    if not waiting:
        return []
    closes = _closes(cycle, Phase.VERIFICATION)
    return [
        NextStep(
            title=_("Verifikasi %(n)s jawaban evaluasi RB %(y)s") % {"n": waiting, "y": cycle.year},
            description=_("Setujui, atau beri nilai verifikasi dengan catatan%(d)s.")
            % {"d": _("; batas %(d)s") % {"d": tanggal(closes)} if closes else ""},
            url=_url("cycle-detail", cycle),
            action=_("Verifikasi"),
            priority=10,
        )
    ]


def _admin_steps(government: Any, cycle: Cycle | None, today: dt.date) -> list[NextStep]:
    """The Bagian Organisasi's next move: open, assign, compile, advance, type the result."""
    last_year = today.year - 1
    if cycle is None or (cycle.phase == Phase.CLOSED and cycle.year < last_year):
        return [
            NextStep(
                title=_("Buka evaluasi mandiri RB %(y)s") % {"y": last_year},
                description=_("Pilih lembar kerja, lalu tugaskan tiap kriteria kepada perangkat daerahnya."),
                url=reverse("evaluations:cycle-list", kwargs={"gov": government.slug}),
                action=_("Buka evaluasi"),
                priority=15,
            )
        ]
    counts = Answer.objects.filter(cycle=cycle).aggregate(
        total=Count("id"),
        answered=Count("id", filter=~Q(self_value="")),
        verified=Count("id", filter=~Q(check_state="")),
    )
    names = {"y": cycle.year, "n": counts["answered"], "m": counts["total"], "v": counts["verified"]}
    closes = _closes(cycle, cycle.phase)
    passed = closes is not None and today > closes
    detail = _url("cycle-detail", cycle)
    if cycle.phase == Phase.ANSWERING:
        return [
            NextStep(
                title=_("Evaluasi RB %(y)s: %(n)s dari %(m)s kriteria sudah dijawab") % names,
                description=(
                    _("Jadwal pengisian berakhir %(d)s; lanjutkan ke tahap kompilasi.")
                    % {"d": tanggal(closes)}
                    if passed
                    else _(
                        "Periksa penugasan tiap kriteria dan ingatkan perangkat daerah yang belum menjawab."
                    )
                ),
                url=detail if passed else _url("cycle-assign", cycle),
                action=_("Lanjutkan tahap") if passed else _("Atur penugasan"),
                priority=8 if passed else 14,
            )
        ]
    if cycle.phase == Phase.COMPILING:
        missing = counts["total"] - counts["answered"]
        return [
            NextStep(
                title=(
                    _("Kompilasi evaluasi RB %(y)s: %(k)s kriteria belum dijawab") % {**names, "k": missing}
                    if missing
                    else _("Kompilasi evaluasi RB %(y)s selesai: lanjutkan ke verifikasi Inspektorat") % names
                ),
                description=_("Bagian Organisasi dapat melengkapi jawaban yang kosong pada tahap ini."),
                url=_url("cycle-detail", cycle, "?belum=1") if missing else detail,
                action=_("Lengkapi jawaban") if missing else _("Lanjutkan tahap"),
                priority=8,
            )
        ]
    if cycle.phase == Phase.VERIFICATION:
        return [
            NextStep(
                title=_("Verifikasi evaluasi RB %(y)s: %(v)s dari %(m)s jawaban diverifikasi") % names,
                description=(
                    _("Semua sudah diverifikasi; lanjutkan ke tahap hasil evaluator.")
                    if counts["verified"] >= counts["total"]
                    else _(
                        "Inspektorat memverifikasi tiap jawaban; Bagian Organisasi juga dapat memverifikasi."
                    )
                ),
                url=detail,
                action=_("Lihat evaluasi"),
                priority=10,
            )
        ]
    if cycle.phase == Phase.EVALUATOR:
        missing_result = cycle.evaluator_index is None
        return [
            NextStep(
                title=(
                    _("Ketik hasil evaluator evaluasi RB %(y)s") % names
                    if missing_result
                    else _("Hasil evaluator RB %(y)s tercatat: lanjutkan ke tahap sanggah") % names
                ),
                description=_(
                    "Indeks dan predikat resmi, dan nilai evaluator tiap kriteria di samping nilai mandiri."
                ),
                url=detail,
                action=_("Catat hasil"),
                priority=12,
            )
        ]
    if cycle.phase == Phase.OBJECTION:
        return [
            NextStep(
                title=_("Sanggahan evaluasi RB %(y)s") % names
                + (_(" sampai %(d)s") % {"d": tanggal(closes)} if closes else ""),
                description=_("Ajukan sanggahan per kriteria bila nilai evaluator tidak sesuai data dukung."),
                url=detail,
                action=_("Lihat evaluasi"),
                priority=12,
            )
        ]
    return []
