"""Placeholder: routes of this module are added by its owner."""

from django.urls import URLPattern

routes: list[URLPattern] = []
