"""Forms of the road-map screens: parsing Indonesian numbers, messages at the field."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.accounts.models import Government, Unit
from petajalan.lib.codes import is_valid_subactivity_code, normalise_nip
from petajalan.lib.formatting import angka
from petajalan.lib.widgets import PythonSelect, PythonSelectMultiple
from petajalan.roadmaps import readers
from petajalan.roadmaps.models import MAX_TEXT, Action, ChangeAgent, Problem, QuickWin, Roadmap, TeamMember

TEXTAREA = {"rows": 2}


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def parse_number(text: str) -> Decimal:
    """'1.250.000' → 1250000, '12,5' → 12.5, '1.250.000,50' → 1250000.50; ValueError otherwise."""
    value = (text or "").strip().replace(" ", "").removeprefix("Rp").removeprefix("rp")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value):
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", value):
        value = value.replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise ValueError(value)
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


class NumberField(forms.CharField):
    """A number typed the Indonesian way; empty is None."""

    def __init__(self, *args: Any, what: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        self.what = what
        self.widget.attrs.update({"inputmode": "decimal", "class": "num", "size": 8})

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            number = parse_number(text)
        except ValueError:
            raise forms.ValidationError(
                _("%(w)s harus berupa angka, contoh 75 atau 12,5 (tertulis: “%(v)s”).")
                % {"w": self.what or self.label, "v": text[:30]},
                code="not_a_number",
            ) from None
        if abs(number) >= Decimal("1e14"):
            raise forms.ValidationError(_("%(w)s terlalu besar.") % {"w": self.what or self.label})
        return number


def _text(label: Any, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": gettext_lazy("Teks terlalu panjang (maks. %(limit_value)d karakter).")},
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionForm(VersionedForm):
    """One row of the action matrix; year fields are added for the road map's period."""

    # the selects write their options in Python (lib/widgets.py): this form is on every matrix page
    focus_key = forms.ChoiceField(
        label=gettext_lazy("Area/kegiatan utama/tema"),
        widget=PythonSelect,
        error_messages={"invalid_choice": gettext_lazy("Area/kegiatan utama/tema %(value)s tidak dikenal.")},
    )
    problems = forms.MultipleChoiceField(
        label=gettext_lazy("Permasalahan yang dijawab"),
        required=False,
        widget=PythonSelectMultiple(attrs={"size": 3}),
        error_messages={"invalid_choice": gettext_lazy("Permasalahan %(value)s tidak ada di road map ini.")},
    )
    activity = _text(gettext_lazy("Kegiatan"), required=True)
    subactivity_code = forms.CharField(
        label=gettext_lazy("Kode sub-kegiatan"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Permendagri 90/2019, contoh 1.02.02.2.01.0001."),
    )
    output = _text(gettext_lazy("Keluaran (output)"))
    indicator = _text(gettext_lazy("Indikator"))
    unit_of_measure = forms.CharField(label=gettext_lazy("Satuan"), required=False, max_length=60)
    direction = forms.ChoiceField(
        label=gettext_lazy("Arah"), choices=Action.Direction.choices, widget=PythonSelect
    )
    baseline_year = forms.IntegerField(
        label=gettext_lazy("Tahun data dasar"),
        required=False,
        error_messages={"invalid": gettext_lazy("Tahun data dasar harus angka tahun, contoh 2024.")},
    )
    baseline_value = NumberField(label=gettext_lazy("Nilai data dasar"))
    no_budget_needed = forms.BooleanField(label=gettext_lazy("Tidak perlu anggaran"), required=False)
    responsible_unit = forms.ChoiceField(
        label=gettext_lazy("Penanggung jawab"),
        widget=PythonSelect,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Perangkat daerah %(value)s tidak dikenal.")},
    )
    supporting_units = forms.MultipleChoiceField(
        label=gettext_lazy("Unit pendukung"),
        required=False,
        widget=PythonSelectMultiple(attrs={"size": 3}),
        error_messages={"invalid_choice": gettext_lazy("Perangkat daerah %(value)s tidak dikenal.")},
    )
    schedule = forms.MultipleChoiceField(
        label=gettext_lazy("Jadwal (triwulan)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Triwulan %(value)s di luar periode road map.")},
    )
    expected_evidence = _text(gettext_lazy("Data dukung yang diharapkan"))
    cascade = forms.ChoiceField(
        label=gettext_lazy("Mendukung rencana aksi kota"),
        widget=PythonSelect,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Rencana aksi kota %(value)s tidak dikenal.")},
    )

    def __init__(
        self,
        *args: Any,
        roadmap: Roadmap,
        focus: list[tuple[str, str]],
        problems: list[Problem],
        units: list[Unit],
        current_year: int,
        city_actions: list[Action] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.units = {str(u.uuid): u for u in units}
        self.problem_map = {str(p.uid): p for p in problems}
        _choices(self, "focus_key", [("", "—"), *focus])
        _choices(self, "problems", [(str(p.uid), p.statement[:80]) for p in problems])
        unit_choices = [(str(u.uuid), u.short_name) for u in units]
        _choices(self, "responsible_unit", [("", "—"), *unit_choices])
        _choices(self, "supporting_units", unit_choices)
        _choices(self, "schedule", [(f"{y}-Q{q}", f"{y} TW{q}") for y in roadmap.years for q in (1, 2, 3, 4)])
        self.current_year = current_year
        self.city_actions = {str(a.uid): a for a in city_actions or []}
        _choices(self, "cascade", [("", "—"), *[(k, a.activity[:90]) for k, a in self.city_actions.items()]])
        if not self.city_actions:
            del self.fields["cascade"]
        for y in roadmap.years:
            self.fields[f"target_{y}"] = NumberField(label=_("Target %(y)s") % {"y": y})
            self.fields[f"budget_{y}"] = NumberField(label=_("Anggaran %(y)s (Rp)") % {"y": y})
        for q in (1, 2, 3, 4):
            self.fields[f"q{q}"] = NumberField(label=_("Target TW%(q)s %(y)s") % {"q": q, "y": current_year})

    @classmethod
    def initial_for(cls, action: Action, current_year: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": action.version,
            "focus_key": action.focus_key,
            "problems": [str(p.uid) for p in action.problems.all()],
            "activity": action.activity,
            "subactivity_code": action.subactivity_code,
            "output": action.output,
            "indicator": action.indicator,
            "unit_of_measure": action.unit_of_measure,
            "direction": action.direction,
            "baseline_year": action.baseline_year,
            "baseline_value": _num(action.baseline_value),
            "no_budget_needed": action.no_budget_needed,
            "responsible_unit": str(action.responsible_unit.uuid) if action.responsible_unit else "",
            "supporting_units": [str(u.uuid) for u in action.supporting_units.all()],
            "schedule": list(action.schedule or []),
            "expected_evidence": action.expected_evidence,
            "cascade": str(action.cascade.uid) if action.cascade else "",
        }
        for t in action.targets.all():
            if t.quarter is None:
                data[f"target_{t.year}"] = _num(t.value)
            elif t.year == current_year:
                data[f"q{t.quarter}"] = _num(t.value)
        for b in action.budgets.all():
            data[f"budget_{b.year}"] = angka(b.amount)
        return data

    def clean_subactivity_code(self) -> str:
        code = self.cleaned_data["subactivity_code"].strip().upper()
        if code and not is_valid_subactivity_code(code):
            raise forms.ValidationError(
                _(
                    "Kode sub-kegiatan harus berbentuk Permendagri 90/2019, "
                    "contoh 1.02.02.2.01.0001 atau X.XX.01.2.01.01."
                )
            )
        return code

    def clean_baseline_year(self) -> int | None:
        year = self.cleaned_data["baseline_year"]
        if year is not None and not (self.roadmap.start_year - 10 <= year <= self.roadmap.start_year):
            raise forms.ValidationError(
                _("Tahun data dasar harus antara %(a)s dan %(b)s (sebelum periode).")
                % {"a": self.roadmap.start_year - 10, "b": self.roadmap.start_year}
            )
        return year

    def clean_responsible_unit(self) -> Unit | None:
        key = self.cleaned_data["responsible_unit"]
        if key and key not in self.units:
            raise forms.ValidationError(_("Perangkat daerah tidak dikenal."))
        return self.units.get(key)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        budgets = [data.get(f"budget_{y}") for y in self.roadmap.years]
        if data.get("no_budget_needed") and any(b for b in budgets):
            self.add_error(
                "no_budget_needed", _("Pilih salah satu: isi anggaran atau “tidak perlu anggaran”.")
            )
        for y in self.roadmap.years:
            b = data.get(f"budget_{y}")
            if b is not None and b < 0:
                self.add_error(f"budget_{y}", _("Anggaran tidak boleh negatif."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields = [f for f in readers.ACTION_CONTENT_FIELDS if f != "schedule"]
        fields += ["responsible_unit", "expected_evidence"]
        values = {**{f: d[f] for f in fields}, "schedule": sorted(d["schedule"])}
        if "cascade" in self.fields:
            values["cascade"] = self.city_actions.get(d.get("cascade") or "")
        return {
            "values": values,
            "targets": {y: d.get(f"target_{y}") for y in self.roadmap.years},
            "quarter_targets": {(self.current_year, q): d.get(f"q{q}") for q in (1, 2, 3, 4)},
            "budgets": {y: d.get(f"budget_{y}") for y in self.roadmap.years},
            "problems": [self.problem_map[u] for u in d["problems"] if u in self.problem_map],
            "supporting_units": [self.units[u] for u in d["supporting_units"] if u in self.units],
            "expected_version": d.get("version"),
        }


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


class ProblemForm(VersionedForm):
    focus_key = forms.ChoiceField(
        label=gettext_lazy("Area/kegiatan utama/tema"),
        error_messages={"invalid_choice": gettext_lazy("Area/kegiatan utama/tema %(value)s tidak dikenal.")},
    )
    statement = _text(gettext_lazy("Permasalahan"), required=True, rows=3)
    evidence = _text(gettext_lazy("Bukti kondisi saat ini"), rows=3)

    def __init__(self, *args: Any, focus: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "focus_key", [("", "—"), *focus])


class QuickWinForm(VersionedForm):
    title = forms.CharField(label=gettext_lazy("Quick win"), max_length=250)
    change_for_citizens = _text(gettext_lazy("Perubahan yang dirasakan masyarakat"), required=True)
    owner = forms.CharField(label=gettext_lazy("Penanggung jawab"), max_length=150, required=False)
    deadline_on = forms.DateField(
        label=gettext_lazy("Tenggat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Tanggal tidak dikenali; pakai bentuk 2026-06-30.")},
    )
    before_measure = forms.CharField(label=gettext_lazy("Ukuran sebelum"), max_length=250, required=False)
    after_measure = forms.CharField(label=gettext_lazy("Ukuran sesudah"), max_length=250, required=False)
    expected_evidence = _text(gettext_lazy("Data dukung yang diharapkan"))

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap

    def clean_deadline_on(self) -> dt.date | None:
        day = self.cleaned_data["deadline_on"]
        if day and not (self.roadmap.start_year <= day.year <= self.roadmap.end_year):
            raise forms.ValidationError(
                _("Tenggat harus di dalam periode %(p)s.") % {"p": self.roadmap.period_label}
            )
        return day


class NipMixin:
    def clean_nip(self) -> str:
        nip = normalise_nip(self.cleaned_data["nip"])  # type: ignore[attr-defined]
        if nip and not re.fullmatch(r"\d{18}", nip):
            raise forms.ValidationError(_("NIP harus 18 angka."))
        return nip


class TeamMemberForm(NipMixin, VersionedForm):
    team = forms.ChoiceField(label=gettext_lazy("Tim"), choices=TeamMember.Team.choices)
    role = forms.CharField(
        label=gettext_lazy("Kedudukan"), max_length=80, help_text=gettext_lazy("Contoh: Ketua, Anggota.")
    )
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=150)
    position = forms.CharField(label=gettext_lazy("Jabatan"), max_length=150, required=False)
    nip = forms.CharField(label=gettext_lazy("NIP"), max_length=24, required=False)
    group = forms.CharField(label=gettext_lazy("Nama pokja"), max_length=150, required=False)


class ChangeAgentForm(NipMixin, VersionedForm):
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=150)
    position = forms.CharField(label=gettext_lazy("Jabatan"), max_length=150, required=False)
    nip = forms.CharField(label=gettext_lazy("NIP"), max_length=24, required=False)
    unit_name = forms.CharField(label=gettext_lazy("Unit kerja"), max_length=150, required=False)
    action_plan = _text(gettext_lazy("Rencana tindak"), rows=3)


class ChapterForm(VersionedForm):
    body = forms.CharField(
        label=gettext_lazy("Isi bab (Markdown)"),
        required=False,
        max_length=60000,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={
            "max_length": gettext_lazy("Isi bab terlalu panjang (maks. %(limit_value)d karakter).")
        },
    )


class RoadmapCreateForm(forms.Form):
    """The wizard: whose road map, which period, where to start from."""

    unit = forms.ChoiceField(label=gettext_lazy("Road map untuk"))
    start_year = forms.IntegerField(
        label=gettext_lazy("Tahun awal"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": gettext_lazy("Tahun harus angka, contoh 2025.")},
    )
    end_year = forms.IntegerField(
        label=gettext_lazy("Tahun akhir"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": gettext_lazy("Tahun harus angka, contoh 2029.")},
    )
    period_label = forms.CharField(
        label=gettext_lazy("Label periode"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Dicetak apa adanya; kosongkan untuk “2025-2029”."),
    )
    deadline_on = forms.DateField(
        label=gettext_lazy("Batas pengajuan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Tanggal tidak dikenali; pakai bentuk 2026-06-30.")},
    )
    start_from = forms.ChoiceField(
        label=gettext_lazy("Mulai dari"),
        widget=forms.RadioSelect,
        choices=[
            ("empty", gettext_lazy("Kosong, dari kerangka pedoman yang berlaku")),
            ("copy", gettext_lazy("Salinan road map periode sebelumnya")),
            ("city", gettext_lazy("Rencana aksi kota yang ditugaskan ke perangkat daerah ini")),
        ],
        initial="empty",
    )

    CITY = "kota"

    def __init__(self, *args: Any, units: list[Unit], can_city: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_map = {str(u.uuid): u for u in units}
        choices = [(str(u.uuid), u.name) for u in units]
        if can_city:
            choices.insert(0, (self.CITY, _("Road map kota/kabupaten (seluruh pemerintah daerah)")))
        _choices(self, "unit", choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("start_year"), data.get("end_year")
        if a and b and b < a:
            self.add_error("end_year", _("Tahun akhir tidak boleh sebelum tahun awal."))
        if a and b and b - a > 24:
            self.add_error("end_year", _("Periode paling lama 25 tahun."))
        return data

    def chosen_unit(self) -> Unit | None:
        return self.unit_map.get(self.cleaned_data["unit"])


class TransitionForm(forms.Form):
    note = _text(gettext_lazy("Catatan"), rows=4)
    enactment_number = forms.CharField(
        label=gettext_lazy("Nomor Peraturan Wali Kota/Bupati"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Nomornya saja, contoh 7; dokumen mencetak “NOMOR 7 TAHUN 2025”."),
    )
    enacted_on = forms.DateField(
        label=gettext_lazy("Tanggal penetapan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Tanggal tidak dikenali; pakai bentuk 2026-06-30.")},
    )

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if government is not None:  # say which regulation: Wali Kota, Bupati or Gubernur
            self.fields["enactment_number"].label = _("Nomor Peraturan %(head)s") % {
                "head": government.head_title
            }


class CommentForm(forms.Form):
    body = _text(gettext_lazy("Komentar"), required=True, rows=3)
    needs_fix = forms.BooleanField(label=gettext_lazy("Tandai perlu perbaikan"), required=False)
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)
    action = forms.UUIDField(required=False, widget=forms.HiddenInput)
    chapter = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


class ChangeRequestForm(forms.Form):
    reason = _text(gettext_lazy("Alasan perubahan"), required=True, rows=4)


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[("1", gettext_lazy("Terima")), ("0", gettext_lazy("Tolak"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = _text(gettext_lazy("Catatan keputusan"), rows=3)


SECTION_FORMS: dict[str, tuple[type[models.Model], type[forms.Form]]] = {
    "diagnosis": (Problem, ProblemForm),
    "quick-win": (QuickWin, QuickWinForm),
    "tim": (TeamMember, TeamMemberForm),
    "agen": (ChangeAgent, ChangeAgentForm),
}
