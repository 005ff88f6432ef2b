"""The public page's settings: the switch (with a confirmation) and the published evaluation cycles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government
from petajalan.evaluations.models import Cycle


class SwitchForm(forms.Form):
    """On or off; switching on needs the admin to confirm what becomes public."""

    enabled = forms.TypedChoiceField(
        label=_("Halaman publik"),
        choices=[("1", _("Aktif")), ("0", _("Tidak aktif"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_(
            "Saya mengerti bahwa road map yang sudah ditetapkan, capaian triwulan yang sudah "
            "diverifikasi, quick win yang terwujud dan hasil evaluasi yang saya pilih dapat dibaca "
            "siapa saja tanpa masuk."
        ),
        required=False,
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"enabled": "1" if government.public_enabled else "0"})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") and not data.get("confirm"):
            self.add_error("confirm", _("Centang pernyataan ini untuk mengaktifkan halaman publik."))
        return data


class CyclesForm(forms.Form):
    published = forms.TypedMultipleChoiceField(
        label=_("Hasil evaluasi yang ditampilkan"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, cycles: list[Cycle], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"published": [c.pk for c in cycles if c.is_published]})
        super().__init__(*args, **kwargs)
        field = self.fields["published"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (c.pk, _("%(year)s (tahap: %(phase)s)") % {"year": c.year, "phase": c.get_phase_display()})
            for c in cycles
        ]
