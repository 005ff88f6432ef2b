"""Forms of the clinic: sessions, participants, materials, consultations, acknowledgements."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit

MAX_UPLOAD = 20 * 1024 * 1024


class UnitChoiceField(forms.ModelChoiceField):
    """Units listed by their full name (short names are ambiguous to newcomers)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Judul kegiatan"), max_length=250)
    held_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Tempat"), max_length=250)
    speakers = forms.CharField(
        label=_("Narasumber"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu narasumber per baris: nama, jabatan/instansi."),
    )
    agenda = forms.CharField(
        label=_("Agenda dan catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )
    invited_units = forms.ModelMultipleChoiceField(
        label=_("Perangkat daerah yang diundang"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk mengundang semua perangkat daerah aktif."),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["invited_units"])
        field.queryset = Unit.objects.filter(government=government, is_active=True).order_by("name")


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    nip = forms.CharField(
        label=_("NIP"), max_length=24, required=False, help_text=_("18 angka; spasi boleh diketik.")
    )
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    unit = UnitChoiceField(
        label=_("Perangkat daerah"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— tidak ada —"),
    )
    is_present = forms.BooleanField(label=_("Sudah hadir"), required=False, initial=True)

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "peserta_%s")  # unique ids: several forms share a page
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = Unit.objects.filter(government=government, is_active=True).order_by("name")

    def clean_nip(self) -> str:
        value = "".join((self.cleaned_data.get("nip") or "").split()).replace(".", "")
        if value and (len(value) != 18 or not value.isdigit()):
            raise forms.ValidationError(_("NIP harus 18 angka."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX daftar peserta"),
        help_text=_("Kolom: Nama, NIP, Jabatan, Perangkat Daerah, Hadir (Ya/Tidak)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "impor_%s")  # unique ids: several forms share a page
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah berkas .xlsx (Excel)."))
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        return f


class MaterialForm(forms.Form):
    """A session's material; the evidence bank checks the file (type by content, size)."""

    title = forms.CharField(label=_("Judul materi"), max_length=250)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, presentasi, dokumen, lembar kerja atau gambar; disimpan di bank data dukung."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "materi_%s")  # unique ids: several forms share a page
        super().__init__(*args, **kwargs)


FOLLOW_UP_ROWS = 3


class ConsultationForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Perangkat daerah"), queryset=Unit.objects.none(), empty_label=_("— pilih perangkat daerah —")
    )
    notes = forms.CharField(
        label=_("Catatan konsultasi"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "konsultasi_%s")  # unique ids: several forms share a page
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        for n in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"fu{n}_description"] = forms.CharField(
                label=_("Tindak lanjut %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"fu{n}_owner"] = forms.CharField(
                label=_("Penanggung jawab %(n)s") % {"n": n}, max_length=150, required=False
            )
            self.fields[f"fu{n}_due_on"] = forms.DateField(
                label=_("Tenggat %(n)s") % {"n": n},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def follow_up_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"fu{n}_description"], self[f"fu{n}_owner"], self[f"fu{n}_due_on"])
            for n in range(1, FOLLOW_UP_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for n in range(1, FOLLOW_UP_ROWS + 1):
            desc, owner, due = (data.get(f"fu{n}_{k}") for k in ("description", "owner", "due_on"))
            if not (desc or owner or due):
                continue
            if not desc:
                self.add_error(f"fu{n}_description", _("Tuliskan tindak lanjutnya."))
            if not owner:
                self.add_error(f"fu{n}_owner", _("Siapa penanggung jawabnya?"))
            if not due:
                self.add_error(f"fu{n}_due_on", _("Isi tenggatnya."))
            if desc and owner and due:
                items.append({"description": desc, "owner": owner, "due_on": due})
        data["follow_ups"] = items
        return data


class AcknowledgeForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=400)
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Mengapa temuan ini dibiarkan? Pendamping akan membaca alasan Anda."),
    )


class CoachForm(forms.Form):
    coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Pendamping"), queryset=Unit.objects.none(), empty_label=_("— pilih pendamping —")
    )

    def __init__(self, *args: Any, coaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["coach"]).queryset = coaches
