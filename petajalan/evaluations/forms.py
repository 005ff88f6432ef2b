"""Forms of the self-assessment pages: an answer in the shape its criterion asks for, verification,
the evaluator's answer, objections, and the Bagian Organisasi's cycle controls.

The answer field is built from the worksheet node (``scoring.Node``): radio buttons with their points
for Ya/Tidak and A–E, a list for categories, a number with its range for numeric items and for items
the pack gives no answer type (answered as points). Every value goes through ``scoring.normalise``,
which answers anything else with one Indonesian sentence; what was typed stays in the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.accounts.models import Government, Unit
from petajalan.evaluations import scoring
from petajalan.evaluations.models import PHASE_ORDER, Answer, Cycle, Phase
from petajalan.frameworks.models import Pack, PackVersion
from petajalan.lib.formatting import angka
from petajalan.monitoring.forms import IndonesianDecimalField
from petajalan.roadmaps.templatetags.roadmap_tags import nilai

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
WINDOW_PHASES = [p for p in PHASE_ORDER if p != Phase.CLOSED]
COLUMN_CHOICES = [
    ("self", gettext_lazy("Mandiri (perangkat daerah)")),
    ("verified", gettext_lazy("Verifikasi (Inspektorat)")),
    ("evaluator", gettext_lazy("Evaluator (KemenPAN-RB)")),
]


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, *, rows: int = 3, required: bool = False, max_length: int = 4000) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


# The answer of one criterion ----------------------------------------------------------------------


def points_of(node: scoring.Node, stored: str) -> Decimal:
    """Points an answer in stored form earns before any multiplier (0 when not applicable)."""
    if not stored or stored == scoring.NA:
        return Decimal(0)
    return scoring.ratio(node, stored) * (node.weight or Decimal(0))


def points(value: Decimal | None) -> str:
    """Points as the tables print them: 2 decimals, the Indonesian way ("3,50"), "—" when unknown."""
    return angka(value, 2) if value is not None else "—"


def answer_text(node: scoring.Node, stored: str) -> str:
    """A stored answer as people read it: "Ya", "B", "85,5%", "2,5 poin", "Tidak berlaku"."""
    if not stored:
        return ""
    if stored == scoring.NA:
        return _("Tidak berlaku")
    if node.choices:
        return stored
    text = nilai(Decimal(stored))
    if node.as_points:
        return _("%(v)s poin") % {"v": text}
    return f"{text}%" if node.answer_type == "percent" else text


def detail_url(cycle: Cycle) -> str:
    """The cycle's page."""
    return reverse("evaluations:cycle-detail", kwargs={"gov": cycle.government.slug, "cycle": cycle.uuid})


def range_text(node: scoring.Node) -> str:
    bounds = node.range
    return f"{nilai(bounds[0])}–{nilai(bounds[1])}" if bounds else ""


def initial_text(node: scoring.Node, stored: str) -> str:
    """A stored answer as a person would type it back ("85.5" → "85,5")."""
    if not stored or stored == scoring.NA or node.choices:
        return "" if stored == scoring.NA else stored
    return stored.replace(".", ",")


def value_field(node: scoring.Node, label: str, *, required: bool = False) -> forms.Field:
    """The field of an answer of ``node``: its choices with their points, or a number in its range."""
    if node.choices:
        choices = [
            (c, _("%(c)s (%(p)s poin)") % {"c": c, "p": angka(points_of(node, c), 2)}) for c in node.choices
        ]
        if node.answer_type == "category":
            return forms.ChoiceField(label=label, required=required, choices=[("", _("— pilih —")), *choices])
        return forms.ChoiceField(label=label, required=required, choices=choices, widget=forms.RadioSelect)
    if node.as_points:
        help_text = _(
            "Dijawab sebagai poin %(r)s: jenis jawaban kriteria ini belum ada di paket. "
            "Tulis poinnya, misalnya 1,5."
        ) % {"r": range_text(node)}
    else:
        help_text = _("Angka %(r)s; tulis misalnya 85 atau 85,5.") % {"r": range_text(node)}
    return forms.CharField(
        label=label,
        required=required,
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num"}),
    )


def _normalised(node: scoring.Node, text: str) -> str:
    try:
        return scoring.normalise(node, text)
    except scoring.AnswerError as exc:
        raise forms.ValidationError(str(exc), code="answer") from None


class AnswerForm(forms.Form):
    """The unit's answer (self-assessment): value or "not applicable" with its reason, and a note."""

    not_applicable = forms.BooleanField(label=gettext_lazy("Tidak berlaku"), required=False)
    na_reason = _text(gettext_lazy("Alasan tidak berlaku"), rows=2, max_length=2000)
    note = _text(gettext_lazy("Catatan (bukti, sumber angka, tanggal dokumen)"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, node: scoring.Node, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        self.fields = {"value": value_field(node, _("Jawaban")), **self.fields}
        self.fields["not_applicable"].help_text = _(
            "Centang bila kriteria ini tidak berlaku bagi pemerintah daerah ini; bobotnya tidak dihitung."
        )

    @classmethod
    def initial_for(cls, answer: Answer, node: scoring.Node) -> dict[str, Any]:
        return {
            "value": initial_text(node, answer.self_value),
            "not_applicable": answer.self_value == scoring.NA,
            "na_reason": answer.na_reason,
            "note": answer.note,
            "version": answer.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = str(data.get("value") or "").strip()
        if data.get("not_applicable"):
            if not str(data.get("na_reason") or "").strip():
                self.add_error("na_reason", _("Tuliskan alasan kriteria ini tidak berlaku."))
            data["stored"] = scoring.NA
        elif not text:
            if "value" not in self.errors:
                self.add_error(
                    "value", _("Pilih atau isi jawaban, atau centang «Tidak berlaku» dengan alasannya.")
                )
        else:
            try:
                data["stored"] = _normalised(self.node, text)
            except forms.ValidationError as exc:
                self.add_error("value", exc)
        return data


class VerifyForm(forms.Form):
    """The Inspektorat's decision on one item: agree, or its own value with a note."""

    AGREE, CHANGE = "agree", "change"
    decision = forms.ChoiceField(
        label=gettext_lazy("Hasil verifikasi"),
        widget=forms.RadioSelect,
        choices=[
            (AGREE, gettext_lazy("Setuju dengan jawaban perangkat daerah")),
            (CHANGE, gettext_lazy("Nilai verifikasi berbeda")),
        ],
        error_messages={"required": gettext_lazy("Pilih «Setuju» atau «Nilai verifikasi berbeda».")},
    )
    note = _text(gettext_lazy("Catatan verifikasi"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, node: scoring.Node, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "v")
        super().__init__(*args, **kwargs)
        self.node = node
        fields = dict(self.fields)
        fields["value"] = value_field(node, _("Nilai verifikasi"))
        self.fields = {k: fields[k] for k in ("decision", "value", "note", "version")}
        self.fields["note"].help_text = _(
            "Wajib bila nilai verifikasi berbeda: apa yang kurang atau tidak sesuai."
        )

    @classmethod
    def initial_for(cls, answer: Answer, node: scoring.Node) -> dict[str, Any]:
        decisions: dict[str, str] = {Answer.Check.AGREED: cls.AGREE, Answer.Check.CHANGED: cls.CHANGE}
        decision = decisions.get(answer.check_state, "")
        return {
            "decision": decision,
            "value": initial_text(node, answer.verified_value) if decision == cls.CHANGE else "",
            "note": answer.verified_note,
            "version": answer.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") != self.CHANGE:
            return data
        text = str(data.get("value") or "").strip()
        if not text:
            if "value" not in self.errors:
                self.add_error("value", _("Isi nilai verifikasi, atau pilih «Setuju»."))
        else:
            try:
                data["stored"] = _normalised(self.node, text)
            except forms.ValidationError as exc:
                self.add_error("value", exc)
        if not str(data.get("note") or "").strip():
            self.add_error("note", _("Jelaskan alasan nilai verifikasi berbeda."))
        return data


class EvaluatorForm(forms.Form):
    """The ministry's answer for one item, typed in when the result arrives (empty clears it)."""

    note = _text(gettext_lazy("Catatan evaluator"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, node: scoring.Node, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "e")
        super().__init__(*args, **kwargs)
        self.node = node
        self.fields = {"value": value_field(node, _("Nilai evaluator")), **self.fields}

    @classmethod
    def initial_for(cls, answer: Answer, node: scoring.Node) -> dict[str, Any]:
        return {
            "value": initial_text(node, answer.evaluator_value),
            "note": answer.evaluator_note,
            "version": answer.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = str(data.get("value") or "").strip()
        data["stored"] = ""
        if text:
            try:
                data["stored"] = _normalised(self.node, text)
            except forms.ValidationError as exc:
                self.add_error("value", exc)
        return data


class ObjectionForm(forms.Form):
    objection = _text(gettext_lazy("Isi sanggahan"), rows=4, required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "s")
        super().__init__(*args, **kwargs)
        self.fields["objection"].error_messages["required"] = _("Tuliskan isi sanggahan.")
        self.fields["objection"].help_text = _("Apa yang disanggah, dengan rujukan data dukungnya.")


# The cycle ---------------------------------------------------------------------------------------


class PackVersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PackVersion) -> str:  # type: ignore[override]
        return f"{obj.pack.key}:{obj.version} · {obj.title}"


def worksheet_versions(government: Government) -> QuerySet[PackVersion]:
    """Worksheet packs the government may open a cycle on: shipped ones and its own."""
    return (
        PackVersion.objects.filter(pack__purpose=Pack.Purpose.WORKSHEET)
        .filter(Q(owner__isnull=True) | Q(owner=government))
        .select_related("pack")
        .order_by("-valid_from", "pack__key")
    )


def band_versions(government: Government) -> QuerySet[PackVersion]:
    return (
        PackVersion.objects.filter(pack__purpose=Pack.Purpose.BANDS)
        .filter(Q(owner__isnull=True) | Q(owner=government))
        .select_related("pack")
        .order_by("-valid_from")
    )


class OpenCycleForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Tahun yang dievaluasi"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": gettext_lazy("Isi tahun yang dievaluasi."),
            "invalid": gettext_lazy("Tahun harus berupa angka, misalnya 2025."),
            "min_value": gettext_lazy("Tahun paling awal 2000."),
            "max_value": gettext_lazy("Tahun paling akhir 2100."),
        },
    )
    worksheet = PackVersionChoice(
        label=gettext_lazy("Lembar kerja evaluasi (LKE)"),
        queryset=PackVersion.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Pilih lembar kerja dari daftar.")},
    )
    bands = PackVersionChoice(
        label=gettext_lazy("Kategori nilai (predikat)"),
        queryset=PackVersion.objects.none(),
        required=False,
        empty_label=gettext_lazy("— yang berlaku —"),
        error_messages={"invalid_choice": gettext_lazy("Pilih kategori nilai dari daftar.")},
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worksheet"].queryset = worksheet_versions(government)  # type: ignore[attr-defined]
        self.fields["bands"].queryset = band_versions(government)  # type: ignore[attr-defined]
        self.fields["worksheet"].help_text = _(
            "Yang terpilih: paket yang berlaku bagi pemerintah daerah ini. Paket 2014 dan 2020 juga dapat "
            "dipakai; kriteria tanpa jenis jawaban dijawab sebagai poin."
        )
        self.fields["year"].help_text = _(
            "Tahun yang kinerjanya dinilai; evaluasinya biasanya dijalankan pada awal tahun berikutnya."
        )


class AdvanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label=gettext_lazy("Saya yakin: tahap ini ditutup dan tahap berikutnya dimulai."),
        error_messages={
            "required": gettext_lazy("Centang konfirmasi untuk melanjutkan ke tahap berikutnya.")
        },
    )


class ReopenForm(forms.Form):
    phase = forms.ChoiceField(label=gettext_lazy("Buka kembali tahap"), choices=[])
    until = _date_field(gettext_lazy("Sampai tanggal"))
    reason = _text(gettext_lazy("Alasan (tercatat di catatan audit)"), rows=2, required=True, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "rk")
        super().__init__(*args, **kwargs)
        upto = PHASE_ORDER.index(cycle.phase) if cycle.phase != Phase.CLOSED else len(WINDOW_PHASES) - 1
        phase_field = cast(forms.ChoiceField, self.fields["phase"])
        phase_field.choices = [(p, Phase(p).label) for p in WINDOW_PHASES[: upto + 1]]
        self.fields["reason"].error_messages["required"] = _("Tuliskan alasan membuka kembali.")
        self.fields["until"].error_messages["required"] = _("Isi tanggal akhir.")


class WindowsForm(forms.Form):
    """The dates of every phase on one form; only the changed ones are saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "j")
        super().__init__(*args, **kwargs)
        for phase in WINDOW_PHASES:
            label = Phase(phase).label
            self.fields[f"{phase}_opens"] = _date_field(_("%(p)s: dibuka") % {"p": label})
            self.fields[f"{phase}_closes"] = _date_field(_("%(p)s: ditutup") % {"p": label})

    @classmethod
    def initial_for(cls, cycle: Cycle) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for window in cycle.windows.all():
            initial[f"{window.phase}_opens"] = window.opens_on
            initial[f"{window.phase}_closes"] = window.closes_on
        return initial

    def pairs(self) -> list[tuple[str, Any, Any]]:
        """(phase, opens field, closes field) for the template, in phase order."""
        return [(p, self[f"{p}_opens"], self[f"{p}_closes"]) for p in WINDOW_PHASES]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for phase in WINDOW_PHASES:
            opens, closes = data.get(f"{phase}_opens"), data.get(f"{phase}_closes")
            if opens and closes and closes < opens:
                self.add_error(f"{phase}_closes", _("Tanggal ditutup tidak boleh sebelum tanggal dibuka."))
        return data


class CoefficientForm(forms.Form):
    column = forms.ChoiceField(label=gettext_lazy("Kolom"), choices=COLUMN_CHOICES)
    value = forms.CharField(
        label=gettext_lazy("Koefisien"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, low: str = "", high: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "k")
        super().__init__(*args, **kwargs)
        if low or high:
            self.fields["value"].help_text = _(
                "Antara %(lo)s dan %(hi)s, ditambahkan ke RB General sebelum diskalakan; kosongkan untuk "
                "menghapus."
            ) % {"lo": low, "hi": high}


class OfficialForm(forms.Form):
    index = IndonesianDecimalField(
        label=gettext_lazy("Indeks RB resmi"), decimal_places=2, max_value=Decimal(1000)
    )
    predicate = forms.CharField(label=gettext_lazy("Predikat resmi"), required=False, max_length=4)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, bands: list[scoring.Band] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "h")
        super().__init__(*args, **kwargs)
        self.fields["index"].help_text = _("Seperti diumumkan, misalnya 64,12.")
        if bands:
            self.fields["predicate"].help_text = _("Misalnya %(codes)s.") % {
                "codes": ", ".join(b.code for b in reversed(bands))
            }

    def clean_predicate(self) -> str:
        return str(self.cleaned_data.get("predicate") or "").strip().upper()


# Assignment: every item on one page -----------------------------------------------------------


@dataclass
class AssignmentRow:
    """One item of the assignment page: what is stored, what was posted, and what went wrong."""

    answer: Answer
    unit_id: int | None
    due_on: dt.date | None
    was: str  # "unit|due" as the page showed it, to tell someone else's change from ours
    error: str = ""
    stale: bool = False

    @property
    def pk(self) -> int:
        return int(self.answer.pk)

    @property
    def posted(self) -> str:
        return _state(self.unit_id, self.due_on)

    @property
    def to_save(self) -> bool:
        """Changed on this page and different from what is stored now."""
        return self.posted != self.was and self.posted != shown_state(self.answer) and not self.error


def _state(unit_id: int | None, due_on: dt.date | None) -> str:
    return f"{unit_id or ''}|{due_on.isoformat() if due_on else ''}"


def shown_state(answer: Answer) -> str:
    return _state(answer.unit_id, answer.due_on)


def _parse_date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def assignment_rows(
    answers: list[Answer], units: dict[int, Unit], data: Any | None = None
) -> list[AssignmentRow]:
    """Rows as stored (``data`` None) or as posted; a posted unit outside ``units`` or a bad date
    is an error on that row, and a row whose stored state differs from the one the page showed is
    stale (someone else changed it meanwhile)."""
    rows = []
    for answer in answers:
        if data is None:
            rows.append(AssignmentRow(answer, answer.unit_id, answer.due_on, shown_state(answer)))
            continue
        pk = answer.pk
        if f"was-{pk}" not in data:  # a row the page did not post is left as it is
            rows.append(AssignmentRow(answer, answer.unit_id, answer.due_on, shown_state(answer)))
            continue
        row = AssignmentRow(answer, answer.unit_id, answer.due_on, str(data.get(f"was-{pk}", "")))
        unit_text = str(data.get(f"unit-{pk}", "")).strip()
        if unit_text.isdigit() and int(unit_text) in units:
            row.unit_id = int(unit_text)
        elif unit_text:
            row.error = _("Perangkat daerah tidak dikenal; pilih dari daftar.")
        else:
            row.unit_id = None
        due_text = str(data.get(f"due-{pk}", "")).strip()
        try:
            row.due_on = _parse_date(due_text) if due_text else None
        except ValueError:
            row.error = _("Tanggal «%(v)s» tidak dikenal; tulis misalnya 2026-02-14.") % {"v": due_text[:20]}
        row.stale = row.to_save and row.was != shown_state(answer)
        rows.append(row)
    return rows
