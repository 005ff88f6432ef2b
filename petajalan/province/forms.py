"""The kab/kota admin's form to give a person of the province coach rights over chosen units."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.province.services import province_people


class CoachChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user = cast(User, obj)
        position = f", {user.position}" if user.position else ""
        return f"{user.full_name}{position} ({user.email})"


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = cast(Unit, obj)
        return f"{unit.name} ({unit.short_name})" if unit.short_name != unit.name else unit.name


class CoachGrantForm(forms.Form):
    coach = CoachChoice(
        label=_("Orang dari provinsi"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("— pilih orang —"),
        help_text=_("Admin dan pendamping yang aktif di pemerintah provinsi induk."),
        error_messages={
            "required": _("Pilih orang dari provinsi."),
            "invalid_choice": _("Orang ini bukan admin atau pendamping di provinsi induk."),
        },
    )
    reviewed_units = UnitChoices(
        label=_("Perangkat daerah yang didampingi"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih sedikitnya satu perangkat daerah."),
            "invalid_choice": _("Perangkat daerah ini tidak ada di pemerintah daerah ini."),
            "invalid_pk_value": _("Perangkat daerah ini tidak ada di pemerintah daerah ini."),
        },
    )

    def __init__(self, *args: Any, child: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        coach = cast(forms.ModelChoiceField, self.fields["coach"])
        coach.queryset = province_people(child).order_by("full_name")
        units = cast(forms.ModelMultipleChoiceField, self.fields["reviewed_units"])
        units.queryset = Unit.objects.filter(government=child, is_active=True).order_by("name")
