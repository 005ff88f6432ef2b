"""The Python-written selects give Django's own markup."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from petajalan.lib.widgets import PythonSelect, PythonSelectMultiple

CHOICES = [
    ("", "—"),
    ("a&b", 'Dinas "Satu" <Kota>'),
    (3, mark_safe("<b>tiga</b>")),
    ("Grup <x>", [("g1", "Satu"), ("g2", "Dua & dua")]),
]


@pytest.mark.parametrize(
    ("ours", "django"), [(PythonSelect, forms.Select), (PythonSelectMultiple, forms.SelectMultiple)]
)
@pytest.mark.parametrize("value", [None, "", "a&b", ["a&b", "g2"], 3])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "x_1", "size": 3, "required": True, "disabled": False, "hx-get": "/a?b=1&c=<2>"}],
)
def test_markup_is_djangos(ours, django, value, attrs):
    mine = ours(choices=CHOICES).render("fokus", value, attrs=attrs)
    theirs = django(choices=CHOICES).render("fokus", value, attrs=attrs)
    assert str(mine) == str(theirs)


def test_a_form_field_renders_the_same_through_the_bound_field():
    class F(forms.Form):
        unit = forms.ChoiceField(choices=CHOICES[:3], widget=PythonSelect)
        units = forms.MultipleChoiceField(choices=CHOICES, widget=PythonSelectMultiple(attrs={"size": 3}))

    class G(forms.Form):
        unit = forms.ChoiceField(choices=CHOICES[:3])
        units = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple(attrs={"size": 3}))

    data = {"unit": "a&b", "units": ["g1", "3"]}
    for name in ("unit", "units"):
        assert str(F(data)[name]) == str(G(data)[name])
        assert str(F(initial=data)[name]) == str(G(initial=data)[name])
