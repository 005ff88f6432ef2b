"""The upload and compare forms of the Pedoman pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas paket (YAML atau XLSX)"),
        help_text=_(
            "Paling besar 5 MB. Tata letak XLSX: unduh paket yang ada sebagai XLSX lalu ubah isinya."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
    )


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=_("Versi lama"))
    b = forms.ChoiceField(label=_("Versi baru"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Pilih dua versi yang berbeda."))
        return data
