"""Suggested answers for the criteria Petajalan can read from its own records (never saved by themselves).

* **Action-plan quality** (the item whose key ends with ``:kualitas-rencana-aksi``, 1A.1 in lke:2023,
  0–3): the 2024 rubric of the domain brief §5a applied to the city road map of the cycle's year (the
  enacted one whose period covers the year, else the latest such draft), using the coaching clinic's
  stored review (``clinic.services.current_review``) rather than running rules of its own. Part 1 =
  mean of (a) main activities adopted, (b) logical, realistic, improving targets, (c) a signed
  validity statement; part 2 = 2 × mean of four A–E answers. Each sub-answer is graded from the share
  of the clinic's checks behind it that passed (A all, B ≥ 75 %, C ≥ 50 %, D ≥ 10 %, E below: the
  thresholds the rubric gives for part (a)); where the clinic has no rule, the most conservative
  answer is used and the reasons say so.
* **Level of implementation** (``:tingkat-pelaksanaan``, 1A.2, percent): the verified roll-up the
  monitoring dashboard shows for the whole city over the year — the weighted mean of verified
  achievements capped at 100 % (``monitoring.rollup``), not the share of actions that met their
  target: the mean also credits actions that got most of the way, as the portal's own roll-up does
  (domain brief §5b).
* **RB Tematik output achievement** (``:capaian-output`` under a node with ``extra.theme``): the same
  roll-up over the actions of enacted road maps whose focus is that theme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.accounts.models import Government
from petajalan.clinic.engine import Finding, Review
from petajalan.evaluations import scoring
from petajalan.evaluations.models import Answer, Cycle
from petajalan.evaluations.services import worksheet_of
from petajalan.lib.formatting import angka
from petajalan.monitoring import rollup
from petajalan.monitoring.models import Settings
from petajalan.monitoring.views.dashboard import city_filter, trace_url
from petajalan.roadmaps.models import Action, Roadmap

ACTION_PLAN = ":kualitas-rencana-aksi"
IMPLEMENTATION = ":tingkat-pelaksanaan"
THEME_OUTPUT = ":capaian-output"
GRADES = {
    "A": Decimal("1"),
    "B": Decimal("0.75"),
    "C": Decimal("0.5"),
    "D": Decimal("0.25"),
    "E": Decimal("0"),
}
SHOWN_FINDINGS = 3  # findings quoted per sub-answer; the rest are counted


@dataclass
class Suggestion:
    """A suggested answer in stored form (accepted by ``scoring.normalise``) with its reasons."""

    value: str
    label: str
    reasons: list[str] = field(default_factory=list)
    source_url: str = ""


@dataclass(frozen=True)
class RubricPart:
    code: str  # "1a" … "2d"
    title: str
    rules: tuple[str, ...]  # clinic rule codes whose checks stand behind the sub-answer
    limit: str = ""  # what the clinic does not check of this sub-answer


def rubric_parts() -> list[RubricPart]:
    """The sub-answers of the rubric and the clinic rules behind each (docs/clinic.md, "Source")."""
    return [
        RubricPart("1a", _("1(a) kegiatan utama wajib nasional diadopsi"), ("coverage.gap",)),
        RubricPart(
            "1b",
            _("1(b) target indikator logis, realistis dan meningkat"),
            ("action.target-missing", "action.target-implausible", "action.target-direction"),
            _("klinik tidak membandingkan target dengan target nasional"),
        ),
        RubricPart("1c", _("1(c) surat pernyataan keabsahan rencana aksi ditandatangani"), ()),
        RubricPart(
            "2a",
            _("2(a) logika rencana aksi terhadap target"),
            ("problem.unanswered", "action.no-problem", "action.duplicate", "action.owner-missing"),
        ),
        RubricPart(
            "2b",
            _("2(b) relevansi dan kecukupan indikator output"),
            (
                "action.output-missing",
                "action.indicator-missing",
                "action.indicator-vague",
                "action.output-document-only",
            ),
        ),
        RubricPart(
            "2c",
            _("2(c) ketepatan target output (berbasis baseline, meningkat)"),
            ("action.baseline-missing", "action.target-direction"),
        ),
        RubricPart(
            "2d",
            _("2(d) kecukupan anggaran"),
            ("action.budget-missing",),
            _("klinik hanya memeriksa anggaran terisi, bukan kecukupannya"),
        ),
    ]


def grade(share: Decimal) -> str:
    """A–E from the share of checks passed (the thresholds of rubric part (a))."""
    if share >= 1:
        return "A"
    if share >= Decimal("0.75"):
        return "B"
    if share >= Decimal("0.5"):
        return "C"
    if share >= Decimal("0.1"):
        return "D"
    return "E"


def _pct(share: Decimal) -> str:
    return angka(share * 100, 0) + "%"


def _quote(findings: list[Finding]) -> str:
    if not findings:
        return _("tidak ada temuan.")
    shown = "; ".join(str(f.message).rstrip(".") for f in findings[:SHOWN_FINDINGS])
    rest = len(findings) - SHOWN_FINDINGS
    if rest > 0:
        shown += " " + _("(dan %(n)s temuan lain)") % {"n": rest}
    return _("temuan: %(list)s") % {"list": shown}


@dataclass(frozen=True)
class SubAnswer:
    code: str
    answer: str  # A–E, or Ya/Tidak for 1(c)
    value: Decimal  # 0–1
    reason: str


def grade_review(review: Review) -> list[SubAnswer]:
    """The seven sub-answers of the rubric from a stored clinic review (pure)."""
    out = []
    for part in rubric_parts():
        if not part.rules:
            out.append(
                SubAnswer(
                    part.code,
                    _("Tidak"),
                    Decimal(0),
                    _(
                        "%(part)s: Tidak — klinik belum punya aturan untuk ini, jadi dipakai jawaban "
                        "paling hati-hati. Ubah menjadi Ya bila surat pernyataan sudah ditandatangani "
                        "dan diunggah ke bank data dukung."
                    )
                    % {"part": part.title},
                )
            )
            continue
        checked = sum(review.checks.get(code, 0) for code in part.rules)
        found = [f for f in review.findings if f.rule in part.rules]
        failed = sum(f.items for f in found)
        if checked <= 0:
            out.append(
                SubAnswer(
                    part.code,
                    "E",
                    Decimal(0),
                    _("%(part)s: E — klinik belum memeriksa apa pun untuk bagian ini (belum ada isinya).")
                    % {"part": part.title},
                )
            )
            continue
        share = max(Decimal(0), Decimal(checked - failed) / Decimal(checked))
        letter = grade(share)
        if part.code == "1a":
            detail = _("%(ok)s dari %(n)s fokus wajib punya rencana aksi (%(pct)s)") % {
                "ok": checked - failed,
                "n": checked,
                "pct": _pct(share),
            }
        else:
            detail = _("%(ok)s dari %(n)s pemeriksaan klinik lolos (%(pct)s)") % {
                "ok": max(checked - failed, 0),
                "n": checked,
                "pct": _pct(share),
            }
        reason = f"{part.title}: {letter} — {detail}; {_quote(found)}"
        if part.limit:
            reason += " " + _("Catatan: %(limit)s.") % {"limit": part.limit}
        out.append(SubAnswer(part.code, letter, GRADES[letter], reason))
    return out


def rubric_value(parts: list[SubAnswer]) -> tuple[Decimal, Decimal, Decimal]:
    """(part 1, part 2, total 0–3): part 1 = mean of 1(a)–(c), part 2 = 2 × mean of 2(a)–(d)."""
    first = [p.value for p in parts if p.code.startswith("1")]
    second = [p.value for p in parts if p.code.startswith("2")]
    one = sum(first, Decimal(0)) / len(first) if first else Decimal(0)
    two = 2 * sum(second, Decimal(0)) / len(second) if second else Decimal(0)
    total = (one + two).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return one, two, total


# Reading the records ---------------------------------------------------------------------------


def city_roadmap(government: Government, year: int) -> Roadmap | None:
    """The enacted city road map whose period covers ``year``, else the latest one covering it."""
    enacted_first = Case(
        When(status=Roadmap.Status.ENACTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Roadmap.objects.filter(
            government=government, unit__isnull=True, start_year__lte=year, end_year__gte=year
        )
        .order_by(enacted_first, "-start_year", "-pk")
        .first()
    )


def _action_plan(cycle: Cycle, node: scoring.Node) -> Suggestion | None:
    from petajalan.clinic.services import current_review

    roadmap = city_roadmap(cycle.government, cycle.year)
    if roadmap is None:
        return None
    review = current_review(roadmap)
    parts = grade_review(review)
    one, two, total = rubric_value(parts)
    high = node.range[1] if node.range else Decimal(3)
    value = min(max(total, Decimal(0)), high)
    reasons = [
        _(
            "Dihitung dari tinjauan klinik yang tersimpan atas road map kota “%(title)s” (%(status)s, "
            "periode %(period)s) dengan rubrik kualitas rencana aksi 2024."
        )
        % {"title": roadmap.title, "status": roadmap.get_status_display(), "period": roadmap.period_label},
        *[p.reason for p in parts],
        _(
            "Nilai = rata-rata bagian 1 (%(one)s) + 2 × rata-rata bagian 2 (%(two)s) = %(total)s dari "
            "%(max)s. A–E = 1/0,75/0,5/0,25/0; huruf diberikan dari bagian pemeriksaan klinik yang lolos "
            "(A semua, B ≥ 75%%, C ≥ 50%%, D ≥ 10%%, E di bawahnya)."
        )
        % {"one": angka(one, 2), "two": angka(two, 2), "total": angka(value, 2), "max": angka(high, 0)},
    ]
    if roadmap.status != Roadmap.Status.ENACTED:
        reasons.insert(1, _("Road map kota ini belum ditetapkan; nilai evaluator memakai yang ditetapkan."))
    url = reverse("clinic:roadmap-review", kwargs={"gov": cycle.government.slug, "roadmap": roadmap.uuid})
    return Suggestion(
        value=scoring.plain(value),
        label=_("%(v)s dari %(max)s menurut rubrik dan temuan klinik")
        % {"v": angka(value, 2), "max": angka(high, 0)},
        reasons=reasons,
        source_url=url,
    )


def _rollup_suggestion(
    cycle: Cycle, node: scoring.Node, rows: object, focus: str, what: str
) -> Suggestion | None:
    settings = Settings(government=cycle.government)  # only its colour thresholds are read
    total = next(iter(rollup.aggregate(rows, None, settings)), None)  # type: ignore[arg-type]
    if total is None or total.score is None:
        return None
    high = node.range[1] if node.range else Decimal(100)
    value = min(Decimal(total.score), high).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    reasons = [
        what,
        _(
            "Nilai = rata-rata tertimbang capaian terverifikasi, tiap capaian dibatasi 100%%: %(n)s baris "
            "realisasi triwulan tahun %(y)s, jumlah bobot %(w)s; sama dengan angka dasbor pemantauan s.d. "
            "triwulan IV."
        )
        % {"n": total.measured, "y": cycle.year, "w": angka(total.weight, 2)},
        _(
            "Petajalan memakai rata-rata capaian, bukan persentase rencana aksi yang mencapai target, "
            "karena rata-rata juga menghargai rencana aksi yang hampir tercapai, seperti roll-up portal RB."
        ),
        _("Baris yang belum diverifikasi tidak dihitung."),
    ]
    if node.multiplied_by:
        reasons.append(_("Poin butir ini masih dikalikan rasio butir rencana aksinya."))
    return Suggestion(
        value=scoring.plain(value),
        label=_("%(v)s%% capaian terverifikasi") % {"v": angka(value, 2)},
        reasons=reasons,
        source_url=trace_url(cycle.government, cycle.year, 4, ytd=True, fokus=focus),
    )


def _implementation(cycle: Cycle, node: scoring.Node) -> Suggestion | None:
    gov = cycle.government
    rows = rollup.rows_for(gov.pk, cycle.year, [1, 2, 3, 4]).filter(city_filter(gov.pk))
    what = _(
        "Dari realisasi terverifikasi seluruh road map pemerintah daerah (perangkat daerah dan kota) "
        "tahun %(y)s."
    ) % {"y": cycle.year}
    return _rollup_suggestion(cycle, node, rows, "", what)


def _theme_output(cycle: Cycle, node: scoring.Node, theme: str) -> Suggestion | None:
    gov = cycle.government
    actions = Action.objects.filter(
        government=gov,
        focus_key=theme,
        roadmap__status=Roadmap.Status.ENACTED,
        roadmap__start_year__lte=cycle.year,
        roadmap__end_year__gte=cycle.year,
    ).values("pk")
    rows = rollup.rows_for(gov.pk, cycle.year, [1, 2, 3, 4]).filter(
        city_filter(gov.pk), action_id__in=actions
    )
    what = _("Dari rencana aksi road map yang ditetapkan dengan fokus tema ini (%(t)s), tahun %(y)s.") % {
        "t": theme,
        "y": cycle.year,
    }
    return _rollup_suggestion(cycle, node, rows, theme, what)


def theme_of(worksheet: scoring.Worksheet, node: scoring.Node) -> str:
    """The RB Tematik theme of an item: its own ``extra.theme`` or its nearest ancestor's."""
    for ancestor in reversed(worksheet.path(node.key)):
        theme = str(ancestor.extra.get("theme") or "")
        if theme:
            return theme
    return ""


def has_suggestion(worksheet: scoring.Worksheet, key: str) -> bool:
    """Whether Petajalan can suggest an answer for this item (pure: no query)."""
    node = worksheet.nodes.get(key)
    if node is None or not node.is_item:
        return False
    if key.endswith(ACTION_PLAN) or key.endswith(IMPLEMENTATION):
        return True
    return key.endswith(THEME_OUTPUT) and bool(theme_of(worksheet, node))


def suggestion_for(answer: Answer) -> Suggestion | None:
    """The suggested answer of one item of a cycle, or None when Petajalan has nothing to go on."""
    cycle = answer.cycle
    worksheet = worksheet_of(cycle.worksheet)
    if not has_suggestion(worksheet, answer.node_key):
        return None
    node = worksheet.nodes[answer.node_key]
    if node.key.endswith(ACTION_PLAN):
        return _action_plan(cycle, node)
    if node.key.endswith(IMPLEMENTATION):
        return _implementation(cycle, node)
    return _theme_output(cycle, node, theme_of(worksheet, node))


def suggestions_for(answers: Iterable[Answer]) -> dict[str, Suggestion]:
    """Node key → suggestion for the items of ``answers`` that have one (a few queries each, only
    for the handful of items Petajalan can suggest, whatever the number of answers)."""
    found: dict[str, Suggestion] = {}
    for answer in answers:
        worksheet = worksheet_of(answer.cycle.worksheet)
        if has_suggestion(worksheet, answer.node_key):
            suggestion = suggestion_for(answer)
            if suggestion is not None:
                found[answer.node_key] = suggestion
    return found
