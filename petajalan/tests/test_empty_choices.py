"""Every select's empty choice is Indonesian: Django 6.1's own "- Select an option -" is not."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django import forms
from django.utils import translation

import petajalan
from petajalan.accounts.models import Unit


def _form_classes() -> list[Any]:
    found = []
    for info in pkgutil.iter_modules(petajalan.__path__):
        try:
            module = importlib.import_module(f"petajalan.{info.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return found


def test_no_select_in_any_form_offers_an_english_empty_choice():
    labels: list[tuple[str, str, Any]] = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                labels.append((cls.__name__, name, field.empty_label))
            elif isinstance(field, forms.ChoiceField):
                choices: Any = field.choices
                labels += [(cls.__name__, name, label) for value, label in choices if value == ""]
    assert labels, "the scan found no empty choice at all"
    with translation.override("id"):
        english = [(form, name, str(label)) for form, name, label in labels if "Select" in str(label)]
    assert english == []


def test_model_field_choices_get_the_indonesian_empty_choice():
    with translation.override("id"):
        assert Unit._meta.get_field("kind").get_choices()[0] == ("", "— pilih —")
