"""The form of a new personal API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from petajalan.api import services
from petajalan.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"), max_length=80, help_text=_("Untuk apa token ini, mis. «e-SAKIP Bappeda».")
    )
    scope = forms.ChoiceField(label=_("Cakupan"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.IntegerField(label=_("Berlaku (hari)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days: forms.IntegerField = self.fields["days"]  # type: ignore[assignment]
        days.initial = services.default_days()
        days.max_value = services.max_days()
        days.validators.append(MaxValueValidator(services.max_days()))
        days.widget.attrs["max"] = services.max_days()
        days.help_text = _("Paling lama %(n)s hari.") % {"n": services.max_days()}
