"""Forms of the evidence bank: metadata, upload, new version, search filters, attach."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Unit
from petajalan.evidence.models import Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.ModelForm):
    """The metadata of a document; the unit list is limited to the units the person manages."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = [
            "title",
            "kind",
            "number",
            "document_on",
            "issuer",
            "unit",
            "year_from",
            "year_to",
            "valid_until",
            "tags",
            "description",
        ]
        widgets = {
            "document_on": DATE,
            "valid_until": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, units: Any = None, allow_government: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit.queryset = units if units is not None else Unit.objects.none()
        unit.required = not allow_government
        unit.empty_label = (
            _("— dokumen tingkat pemerintah daerah —")
            if allow_government
            else _("— pilih perangkat daerah —")
        )
        self.fields["year_from"].widget.attrs.update({"inputmode": "numeric", "placeholder": "2025"})
        self.fields["year_to"].widget.attrs.update({"inputmode": "numeric", "placeholder": "2029"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("Tahun akhir tidak boleh sebelum tahun awal."))
        return data


class UploadForm(ItemForm):
    """A new document: the metadata and the file."""

    file = forms.FileField(
        label=_("Berkas"),
        help_text=_(
            "PDF, gambar (JPEG, PNG, WebP), Word, Excel, PowerPoint, ODT, ODS atau CSV. Jenis berkas "
            "diperiksa dari isinya."
        ),
    )

    field_order = ["file", *ItemForm.Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Kosongkan untuk memakai nama berkas.")


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Berkas versi baru"))
    note = forms.CharField(
        label=_("Apa yang berubah?"), max_length=300, required=False, help_text=_("Contoh: revisi lampiran.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "versi_%s")  # the item page also has other forms
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("semua")),
        ("unlinked", _("belum ditautkan")),
        ("expiring", _("akan/sudah habis berlaku")),
    ]

    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    unit = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Unit.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Jenis dokumen"), required=False)
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    tag = forms.CharField(label=_("Label"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit.queryset = units if units is not None else Unit.objects.none()
        unit.empty_label = _("semua perangkat daerah")
        kind: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind.choices = [("", _("semua jenis")), *Item.Kind.choices]
        self.fields["q"].widget.attrs["placeholder"] = _("judul, nomor, penerbit, isi PDF…")
        self.fields["year"].widget.attrs["inputmode"] = "numeric"


class LinkForm(forms.Form):
    item = forms.UUIDField(widget=forms.HiddenInput)
