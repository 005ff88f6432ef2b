"""Forms of the accounts app, with Indonesian messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from petajalan.accounts import throttle
from petajalan.accounts.models import User


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail atau NIP"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        identifier, password = data.get("identifier"), data.get("password")
        if not identifier or not password:
            return data
        ip = self.request.META.get("REMOTE_ADDR")
        if throttle.is_locked(identifier, ip):
            raise forms.ValidationError(
                _(
                    "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi, "
                    "atau pakai “Lupa kata sandi”."
                ),
                code="locked",
            )
        user = authenticate(self.request, username=identifier, password=password)
        if user is None:
            throttle.note_failure(identifier, ip)
            raise forms.ValidationError(
                _("E-mail/NIP atau kata sandi salah, atau akun sudah dinonaktifkan."),
                code="invalid_login",
            )
        throttle.clear(identifier)
        self.user = user  # type: ignore[assignment]
        return data


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class PasswordChooseForm(SetPasswordForm):
    """Setting a password from an invitation or a reset link."""
