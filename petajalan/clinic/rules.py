"""The clinic's review rules, one function per stable code (documented in docs/clinic.md).

Each function returns ``(items checked, findings)``. Messages speak to an ordinary office drafter:
what is wrong, why it matters (the source) and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from petajalan.clinic.engine import Context, Finding, Location, Severity, rule
from petajalan.clinic.text import similar_groups, tokens
from petajalan.roadmaps.plain import Action, PlainRoadmap

B, W, H = Severity.BLOCKING, Severity.WARNING, Severity.HINT
_DIGIT = re.compile(r"\d")


def _finding(
    ctx: Context,
    code: str,
    location: Location,
    message: str,
    reason: str,
    fix: str,
    source: str,
    example: str = "",
    items: int = 1,
) -> Finding:
    return Finding(
        code, ctx.severity(code), location, message, reason, fix, ctx.source(source), example, items
    )


def _action_place(
    ctx: Context, plain: PlainRoadmap, action: Action, field: str, field_label: str
) -> Location:
    numbers = ctx.cache.get(("numbers", id(plain)))
    if numbers is None:
        numbers = ctx.cache[("numbers", id(plain))] = {id(a): n for n, a in enumerate(plain.actions, start=1)}
    number = numbers[id(action)]
    short = action.activity if len(action.activity) <= 50 else action.activity[:47] + "…"
    label = _("Rencana aksi no. %(n)s (%(what)s) · %(field)s") % {
        "n": number,
        "what": short or _("tanpa nama"),
        "field": field_label,
    }
    return Location(ctx.chapter("actions"), action.uid, field, label)


def _focus_title(plain: PlainRoadmap, key: str) -> str:
    ref = plain.focus(key)
    return f"{ref.ref} {ref.title}".strip() if ref and ref.title else key


# --- coverage --------------------------------------------------------------------------------


def _focus_keys(plain: PlainRoadmap, ctx: Context) -> list[str]:
    if ctx.focus_keys is not None:
        return list(ctx.focus_keys)
    kinds = set(ctx.thresholds["coverage_kinds"])
    return [f.key for f in plain.focus_nodes if f.kind in kinds]


@rule("coverage.gap", W, _("Setiap fokus pedoman punya rencana aksi"), "coverage")
def coverage_gap(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    keys = _focus_keys(plain, ctx)
    used = {a.focus_key for a in plain.actions}
    out = []
    for key in keys:
        if key not in used:
            title = _focus_title(plain, key)
            out.append(
                _finding(
                    ctx,
                    "coverage.gap",
                    Location(ctx.chapter("coverage"), key, "focus", _("Fokus: %(t)s") % {"t": title}),
                    _("Belum ada rencana aksi untuk %(t)s.") % {"t": title},
                    _(
                        "Pedoman yang berlaku meminta setiap area/kegiatan utama "
                        "ditangani, atau alasannya dijelaskan."
                    ),
                    _(
                        "Tambahkan rencana aksi untuk fokus ini, atau tandai temuan ini dengan alasan "
                        "mengapa fokus ini tidak relevan bagi perangkat daerah Anda."
                    ),
                    "coverage",
                )
            )
    return len(keys), out


@rule("coverage.too-few", B, _("Cakupan fokus minimal"), "coverage", levels=("government",))
def coverage_too_few(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    keys = _focus_keys(plain, ctx)
    if not keys:
        return 0, []
    used = {a.focus_key for a in plain.actions} & set(keys)
    share = len(used) / len(keys)
    minimum = float(ctx.thresholds["coverage_min_share"])
    if share >= minimum:
        return 1, []
    return 1, [
        _finding(
            ctx,
            "coverage.too-few",
            Location(ctx.chapter("coverage"), "", "focus", _("Cakupan fokus")),
            _("Rencana aksi baru mencakup %(n)s dari %(total)s fokus (%(pct)s%%); minimal %(min)s%%.")
            % {"n": len(used), "total": len(keys), "pct": round(share * 100), "min": round(minimum * 100)},
            _("Rubrik kualitas rencana aksi menilai berapa banyak kegiatan utama wajib yang diadopsi."),
            _(
                "Tambahkan rencana aksi untuk fokus yang belum ditangani "
                "(lihat temuan 'fokus belum ditangani')."
            ),
            "coverage",
        )
    ]


# --- each action -----------------------------------------------------------------------------


def _each_action(
    code: str,
    field: str,
    field_label: str,
    missing: Callable[[Action, PlainRoadmap], bool],
    message: str,
    reason: str,
    fix: str,
    source: str,
) -> Callable[[PlainRoadmap, Context], tuple[int, list[Finding]]]:
    def check(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
        out = [
            _finding(
                ctx, code, _action_place(ctx, plain, a, field, field_label), message, reason, fix, source
            )
            for a in plain.actions
            if missing(a, plain)
        ]
        return len(plain.actions), out

    return check


rule("action.output-missing", B, _("Setiap rencana aksi punya output"), "actions")(
    _each_action(
        "action.output-missing",
        "output",
        _("output"),
        lambda a, p: not a.output.strip(),
        _("Output (keluaran) belum diisi."),
        _("Tanpa output, capaian rencana aksi tidak bisa dibuktikan."),
        _("Tulis hasil nyata yang dihasilkan kegiatan ini, misalnya 'SOP layanan perizinan yang direviu'."),
        "action_plan",
    )
)
rule("action.indicator-missing", B, _("Indikator terukur dengan satuan"), "actions")(
    _each_action(
        "action.indicator-missing",
        "indicator",
        _("indikator"),
        lambda a, p: not a.indicator.strip() or not a.unit_of_measure.strip(),
        _("Indikator atau satuannya belum diisi."),
        _("Rubrik kualitas rencana aksi menilai relevansi dan kecukupan indikator output."),
        _(
            "Isi indikator yang dapat dihitung beserta satuannya, misalnya "
            "'Persentase layanan ber-SOP' dengan satuan persen."
        ),
        "action_plan",
    )
)
rule("action.baseline-missing", W, _("Baseline tersedia"), "actions")(
    _each_action(
        "action.baseline-missing",
        "baseline",
        _("baseline"),
        lambda a, p: a.baseline_value is None or a.baseline_year is None,
        _("Baseline (kondisi awal dan tahunnya) belum diisi."),
        _("Target dinilai dari baseline: tanpa kondisi awal, kenaikan target tidak dapat diperiksa."),
        _("Isi nilai kondisi awal dan tahun datanya, misalnya 2025: 60."),
        "action_plan",
    )
)
rule("action.owner-missing", B, _("Penanggung jawab ditetapkan"), "actions")(
    _each_action(
        "action.owner-missing",
        "responsible_unit",
        _("penanggung jawab"),
        lambda a, p: not a.responsible_unit.strip(),
        _("Unit penanggung jawab belum diisi."),
        _("Setiap rencana aksi perlu pemilik yang dapat dimintai laporan kemajuan."),
        _("Pilih unit/bidang yang bertanggung jawab atas kegiatan ini."),
        "action_plan",
    )
)
rule("action.budget-missing", W, _("Anggaran atau 'tidak perlu anggaran'"), "actions")(
    _each_action(
        "action.budget-missing",
        "budgets",
        _("anggaran"),
        lambda a, p: not a.no_budget_needed and not any(b.value for b in a.budgets),
        _("Anggaran belum diisi dan tidak ditandai 'tidak memerlukan anggaran'."),
        _("Rubrik kualitas rencana aksi menilai kecukupan anggaran."),
        _(
            "Isi anggaran per tahun (rupiah), atau centang 'tidak memerlukan "
            "anggaran' bila kegiatan berjalan tanpa biaya."
        ),
        "action_plan",
    )
)
rule("action.evidence-missing", W, _("Data dukung yang diharapkan"), "actions")(
    _each_action(
        "action.evidence-missing",
        "expected_evidence",
        _("data dukung"),
        lambda a, p: not a.expected_evidence.strip(),
        _("Data dukung yang akan dikumpulkan belum disebut."),
        _("Evaluator menilai capaian dari data dukung; menyebutnya sejak awal mencegah kekurangan bukti."),
        _("Sebutkan bukti yang akan dikumpulkan, misalnya 'SK, daftar hadir, tangkapan layar aplikasi'."),
        "action_plan",
    )
)


@rule("action.target-missing", B, _("Target angka untuk setiap tahun"), "actions")
def target_missing(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    out = []
    for a in plain.actions:
        have = {t.year for t in a.targets if t.value is not None}
        missing = [y for y in plain.years if y not in have]
        if missing:
            out.append(
                _finding(
                    ctx,
                    "action.target-missing",
                    _action_place(ctx, plain, a, "targets", _("target")),
                    _("Target angka belum diisi untuk tahun %(years)s.")
                    % {"years": ", ".join(map(str, missing))},
                    _(
                        "Tahun yang hanya dicentang tidak bisa dipantau; rubrik "
                        "menilai target yang logis dan meningkat."
                    ),
                    _("Isi angka target di setiap tahun periode, dalam satuan indikator."),
                    "action_plan",
                )
            )
    return len(plain.actions), out


def _series(a: Action) -> list[tuple[int, Decimal]]:
    return sorted((t.year, t.value) for t in a.targets if t.value is not None)


@rule("action.target-direction", W, _("Target bergerak dari baseline ke arah yang benar"), "actions")
def target_direction(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    out = []
    checked = 0
    for a in plain.actions:
        series = _series(a)
        if not series or a.direction not in {"up", "down"}:
            continue
        checked += 1
        values = ([a.baseline_value] if a.baseline_value is not None else []) + [v for _y, v in series]
        up = a.direction == "up"
        backwards = any((b < c) if up else (b > c) for c, b in itertools.pairwise(values))
        flat = len(values) > 1 and values[-1] == values[0]
        if backwards or flat:
            out.append(
                _finding(
                    ctx,
                    "action.target-direction",
                    _action_place(ctx, plain, a, "targets", _("target")),
                    (_("Target tidak naik dari baseline.") if up else _("Target tidak turun dari baseline."))
                    + " "
                    + _("Urutan saat ini: %(v)s.")
                    % {"v": " → ".join(format(v.normalize(), "f") for v in values)},
                    _(
                        "Rubrik kualitas rencana aksi meminta target berbasis "
                        "baseline dan membaik setiap tahun."
                    ),
                    _(
                        "Periksa arah indikator (naik/turun) dan urutkan target dari "
                        "kondisi awal menuju kondisi yang lebih baik."
                    ),
                    "action_plan",
                )
            )
    return checked, out


@rule("action.target-implausible", W, _("Target masuk akal"), "actions")
def target_implausible(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    ranges = {k.lower(): v for k, v in ctx.config["unit_ranges"].items()}
    ratio = Decimal(str(ctx.thresholds["max_growth_ratio"]))
    out = []
    checked = 0
    for a in plain.actions:
        series = _series(a)
        if not series:
            continue
        checked += 1
        problems = []
        bounds = ranges.get(a.unit_of_measure.strip().lower())
        values = [v for _y, v in series] + ([a.baseline_value] if a.baseline_value is not None else [])
        if bounds and any(v < Decimal(str(bounds[0])) or v > Decimal(str(bounds[1])) for v in values):
            problems.append(
                _("nilai di luar rentang %(lo)s–%(hi)s untuk satuan '%(u)s'")
                % {"lo": bounds[0], "hi": bounds[1], "u": a.unit_of_measure}
            )
        elif any(v < 0 for v in values):
            problems.append(_("nilai negatif"))
        if (
            a.baseline_value
            and a.baseline_value > 0
            and not bounds  # a share or a bounded scale is judged by its range, not by growth
            and a.direction == "up"
            and series[-1][1] > a.baseline_value * ratio
        ):
            problems.append(_("target akhir lebih dari %(r)s kali baseline") % {"r": ratio})
        if problems:
            out.append(
                _finding(
                    ctx,
                    "action.target-implausible",
                    _action_place(ctx, plain, a, "targets", _("target")),
                    _("Target tampak tidak masuk akal: %(p)s.") % {"p": "; ".join(problems)},
                    _("Rubrik kualitas rencana aksi meminta target yang realistis."),
                    _("Periksa satuan dan angka target; persentase berada di antara 0 dan 100."),
                    "action_plan",
                )
            )
    return checked, out


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())


@rule("action.indicator-vague", W, _("Indikator bukan kalimat harapan"), "actions")
def indicator_vague(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    vague = set(ctx.config["vague_words"])
    measurable = set(ctx.config["measurable_words"])
    out = []
    checked = 0
    for a in plain.actions:
        if not a.indicator.strip():
            continue
        checked += 1
        words = set(_words(a.indicator))
        if words & vague and not words & measurable and not _DIGIT.search(a.indicator):
            out.append(
                _finding(
                    ctx,
                    "action.indicator-vague",
                    _action_place(ctx, plain, a, "indicator", _("indikator")),
                    _("Indikator '%(i)s' menyatakan harapan, bukan ukuran: tidak ada yang bisa dihitung.")
                    % {"i": a.indicator},
                    _("Indikator harus terukur (angka, persentase, indeks) agar capaian dapat dinilai."),
                    _(
                        "Ubah menjadi ukuran, misalnya 'Persentase … (%)', "
                        "'Jumlah … (unit)' atau 'Nilai indeks …'."
                    ),
                    "action_plan",
                    ctx.config["outcome_examples"].get(
                        a.focus_key, ctx.config["outcome_examples"]["default"]
                    ),
                )
            )
    return checked, out


@rule("action.output-document-only", W, _("Output bukan hanya dokumen"), "actions")
def output_document_only(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    doc_words = set(ctx.config["document_words"])
    doc_units = set(ctx.config["document_units"])
    out = []
    checked = 0
    for a in plain.actions:
        if not a.output.strip():
            continue
        checked += 1
        words = _words(a.output)
        first_is_doc = bool(words) and words[0] in doc_words
        unit_is_doc = a.unit_of_measure.strip().lower() in doc_units
        if first_is_doc and (unit_is_doc or not a.unit_of_measure.strip()):
            example = ctx.config["outcome_examples"].get(
                a.focus_key, ctx.config["outcome_examples"]["default"]
            )
            out.append(
                _finding(
                    ctx,
                    "action.output-document-only",
                    _action_place(ctx, plain, a, "output", _("output")),
                    _("Output '%(o)s' hanya berupa dokumen/laporan; itu bukti kegiatan, bukan perubahan.")
                    % {"o": a.output},
                    _(
                        "Rubrik kualitas rencana aksi menilai relevansi indikator output "
                        "terhadap target; laporan saja tidak menunjukkan perubahan."
                    ),
                    _(
                        "Nyatakan perubahan yang dihasilkan dan ukur dengan indikator hasil, "
                        "contoh: %(e)s. Laporan cukup dicatat sebagai data dukung."
                    )
                    % {"e": example},
                    "action_plan",
                    example,
                )
            )
    return checked, out


@rule("action.focus-mismatch", H, _("Fokus sesuai isi kegiatan"), "actions")
def focus_mismatch(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    from petajalan.clinic import focus

    minimum = float(ctx.thresholds["focus_hint_confidence"])
    out = []
    checked = 0
    for a in plain.actions:
        pack = (
            "rb-roadmap:2020"
            if a.focus_key.startswith("urn:rb:area:")
            else "rb-roadmap:2023"
            if a.focus_key.startswith(("urn:rb:general:", "urn:rb:tematik:"))
            else ""
        )
        if not pack or a.cascade_uid:
            continue
        checked += 1
        hints = focus.suggest(f"{a.activity} {a.output}", pack=pack)
        if not hints or hints[0].confidence < minimum or a.focus_key in {h.key for h in hints}:
            continue
        best = hints[0]
        out.append(
            _finding(
                ctx,
                "action.focus-mismatch",
                _action_place(ctx, plain, a, "focus_key", _("fokus")),
                _("Kegiatan ini tampaknya lebih cocok di %(t)s (keyakinan %(p)s%%), bukan %(c)s.")
                % {"t": best.title, "p": best.percent, "c": _focus_title(plain, a.focus_key)},
                _(
                    "Rencana aksi dinilai per area/kegiatan utama; kegiatan di fokus yang salah "
                    "tidak dihitung di tempatnya."
                ),
                _(
                    "Periksa pilihan fokus; bila pilihan Anda memang benar, tandai temuan ini "
                    "dengan alasannya."
                ),
                "coverage",
            )
        )
    return checked, out


# --- the chain problem -> action --------------------------------------------------------------


@rule("problem.unanswered", B, _("Setiap permasalahan dijawab rencana aksi"), "problems")
def problem_unanswered(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    answered = {uid for a in plain.actions for uid in a.problem_uids}
    out = []
    for n, p in enumerate(plain.problems, start=1):
        if p.uid not in answered:
            short = p.statement if len(p.statement) <= 60 else p.statement[:57] + "…"
            out.append(
                _finding(
                    ctx,
                    "problem.unanswered",
                    Location(
                        ctx.chapter("problems"),
                        p.uid,
                        "statement",
                        _("Permasalahan no. %(n)s (%(s)s)") % {"n": n, "s": short},
                    ),
                    _("Permasalahan '%(s)s' belum dijawab oleh rencana aksi mana pun.") % {"s": short},
                    _(
                        "Sejak PermenPAN-RB 3/2023 rencana aksi harus berangkat dari "
                        "permasalahan: tanpa itu rantai sebab-akibat putus."
                    ),
                    _(
                        "Hubungkan permasalahan ini ke rencana aksi yang "
                        "menyelesaikannya, atau hapus bila tidak lagi relevan."
                    ),
                    "chain",
                )
            )
    return len(plain.problems), out


@rule("action.no-problem", W, _("Setiap rencana aksi menjawab permasalahan"), "actions")
def action_no_problem(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    known = {p.uid for p in plain.problems}
    out = []
    for a in plain.actions:
        linked = [uid for uid in a.problem_uids if uid in known]
        if not linked and not a.cascade_uid:
            out.append(
                _finding(
                    ctx,
                    "action.no-problem",
                    _action_place(ctx, plain, a, "problem_uids", _("permasalahan")),
                    _("Rencana aksi ini tidak terhubung ke permasalahan mana pun."),
                    _(
                        "Rencana aksi yang tidak menjawab permasalahan sulit dibenarkan "
                        "saat evaluasi (logika rencana aksi terhadap target)."
                    ),
                    _(
                        "Pilih permasalahan yang dijawab kegiatan ini; bila belum "
                        "ada, tulis permasalahannya di Bab II."
                    ),
                    "chain",
                )
            )
    return len(plain.actions), out


@rule("action.duplicate", W, _("Tidak ada rencana aksi ganda"), "actions")
def action_duplicate(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    """One finding per group of near copies, on its second row (the first copy), listing the
    group; it stands for every copy but the first (``items``), so readiness counts each copy."""
    docs = [tokens(f"{a.activity} {a.output}") for a in plain.actions]
    groups = similar_groups(docs, float(ctx.thresholds["duplicate_similarity"]))
    if not groups:
        return len(plain.actions), []
    reason = _("Kegiatan ganda tidak menambah capaian dan membingungkan pemantauan.")
    fix = _("Gabungkan baris-baris itu, atau bedakan kegiatan dan outputnya dengan jelas.")
    field_label = _("kegiatan")
    out = []
    for rows, low, high in groups:
        if len(rows) == 2:
            message = _("Rencana aksi no. %(b)s hampir sama dengan no. %(a)s (kemiripan %(s)s%%).") % {
                "a": rows[0] + 1,
                "b": rows[1] + 1,
                "s": round(high * 100),
            }
        else:
            message = _("%(n)s rencana aksi hampir sama: no. %(rows)s (kemiripan %(low)s–%(high)s%%).") % {
                "n": len(rows),
                "rows": _numbers([r + 1 for r in rows]),
                "low": round(low * 100),
                "high": round(high * 100),
            }
        place = _action_place(ctx, plain, plain.actions[rows[1]], "activity", field_label)
        out.append(
            _finding(ctx, "action.duplicate", place, message, reason, fix, "duplicates", items=len(rows) - 1)
        )
    return len(plain.actions), out


def _numbers(numbers: list[int]) -> str:
    """Row numbers as Indonesian prose with runs shortened: "3, 7, 12–15 dan 40"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs]
    text = ", ".join(parts)
    head, _comma, last = text.rpartition(", ")
    return f"{head} {_('dan')} {last}" if head else text


# --- quick wins, team, agents ------------------------------------------------------------------


@rule("quickwin.missing", W, _("Ada quick win"), "quick_wins")
def quickwin_missing(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    if plain.quick_wins:
        return 1, []
    return 1, [
        _finding(
            ctx,
            "quickwin.missing",
            Location(ctx.chapter("quick_wins"), "", "quick_wins", _("Quick wins")),
            _("Road map belum memuat quick win."),
            _(
                "Lembar evaluasi menanyakan apakah road map memuat quick wins: "
                "perubahan yang dirasakan warga dalam satu tahun."
            ),
            _("Tambahkan 1–3 quick win dengan pemilik, tenggat dalam setahun, dan ukuran sebelum/sesudah."),
            "quick_wins",
        )
    ]


@rule("quickwin.deadline", W, _("Quick win selesai dalam setahun"), "quick_wins")
def quickwin_deadline(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    start = max(ctx.today, dt.date(plain.start_year, 1, 1))
    limit = start + dt.timedelta(days=int(ctx.thresholds["quick_win_max_days"]))
    out = []
    for n, q in enumerate(plain.quick_wins, start=1):
        if q.deadline is not None and q.deadline <= limit:
            continue
        message = (
            _("Quick win '%(t)s' belum punya tenggat.") % {"t": q.title}
            if q.deadline is None
            else _("Tenggat quick win '%(t)s' (%(d)s) lebih dari setahun.")
            % {"t": q.title, "d": q.deadline.isoformat()}
        )
        out.append(
            _finding(
                ctx,
                "quickwin.deadline",
                Location(
                    ctx.chapter("quick_wins"),
                    q.uid,
                    "deadline",
                    _("Quick win no. %(n)s · tenggat") % {"n": n},
                ),
                message,
                _("Quick win adalah perbaikan yang terlihat dan selesai paling lama satu tahun."),
                _(
                    "Tetapkan tenggat paling lambat %(d)s, atau pindahkan "
                    "ke rencana aksi bila butuh lebih lama."
                )
                % {"d": limit.isoformat()},
                "quick_wins",
            )
        )
    return len(plain.quick_wins), out


@rule("team.missing", W, _("Tim RB ditetapkan"), "team")
def team_missing(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    if plain.team:
        return 1, []
    return 1, [
        _finding(
            ctx,
            "team.missing",
            Location(ctx.chapter("team"), "", "team", _("Tim reformasi birokrasi")),
            _("Susunan tim reformasi birokrasi belum diisi."),
            _("Area manajemen perubahan menilai adanya tim RB yang ditetapkan dan bekerja."),
            _("Isi susunan tim (ketua, sekretaris, anggota) sesuai surat keputusan."),
            "team",
        )
    ]


@rule("agents.missing", W, _("Agen perubahan ditetapkan"), "agents")
def agents_missing(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    if plain.change_agents:
        return 1, []
    return 1, [
        _finding(
            ctx,
            "agents.missing",
            Location(ctx.chapter("agents"), "", "change_agents", _("Agen perubahan")),
            _("Agen perubahan belum disebut."),
            _("PermenPAN-RB 27/2014: setiap unit menunjuk agen perubahan dengan rencana tindak."),
            _("Tambahkan agen perubahan beserta rencana tindaknya."),
            "agents",
        )
    ]


# --- chapters -----------------------------------------------------------------------------


def _chapter_place(ch) -> Location:  # type: ignore[no-untyped-def]
    return Location(ch.key, "", "body", f"{ch.ref} {ch.title}".strip())


@rule("chapter.empty", B, _("Bab wajib terisi"), "chapters")
def chapter_empty(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    required = [c for c in plain.chapters if c.is_required]
    out = [
        _finding(
            ctx,
            "chapter.empty",
            _chapter_place(c),
            _("%(c)s masih kosong.") % {"c": f"{c.ref} {c.title}".strip()},
            _("Bab ini wajib ada dalam sistematika road map."),
            _("Isi bab ini; panduan penulisannya ada di samping editor."),
            "chapters",
        )
        for c in required
        if not c.body.strip()
    ]
    return len(required), out


@rule("chapter.thin", H, _("Bab wajib cukup lengkap"), "chapters")
def chapter_thin(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    minimum = int(ctx.thresholds["chapter_min_words"])
    required = [c for c in plain.chapters if c.is_required]
    out = [
        _finding(
            ctx,
            "chapter.thin",
            _chapter_place(c),
            _("%(c)s hanya %(n)s kata; bab wajib biasanya memuat sedikitnya %(m)s kata.")
            % {"c": f"{c.ref} {c.title}".strip(), "n": len(c.body.split()), "m": minimum},
            _("Bab yang terlalu singkat biasanya belum menjawab isi yang diminta sistematika."),
            _("Lengkapi bab ini mengikuti panduan penulisannya."),
            "chapters",
        )
        for c in required
        if c.body.strip() and len(c.body.split()) < minimum
    ]
    return len(required), out


# --- city level ---------------------------------------------------------------------------


@rule("city.unit-not-involved", W, _("Seluruh perangkat daerah terlibat"), "units", levels=("government",))
def unit_not_involved(plain: PlainRoadmap, ctx: Context) -> tuple[int, list[Finding]]:
    involved = {a.responsible_unit.strip().lower() for a in plain.actions}
    involved |= {u.strip().lower() for a in plain.actions for u in a.supporting_units}
    involved |= {c.unit.strip().lower() for c in plain.change_agents}
    out = [
        _finding(
            ctx,
            "city.unit-not-involved",
            Location(ctx.chapter("units"), name, "units", _("Perangkat daerah: %(u)s") % {"u": name}),
            _("%(u)s tidak terlibat dalam rencana aksi, sebagai pendukung, maupun agen perubahan.")
            % {"u": name},
            _("Lembar evaluasi menanyakan apakah seluruh unit kerja terlibat dalam road map."),
            _("Libatkan %(u)s sebagai penanggung jawab atau pendukung rencana aksi yang relevan.")
            % {"u": name},
            "involvement",
        )
        for name in ctx.units
        if name.strip().lower() not in involved
    ]
    return len(ctx.units), out
