"""Forms of the accounts app, with Indonesian messages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from petajalan.accounts import throttle
from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User
from petajalan.lib.codes import is_valid_nip, normalise_nip


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


def _strip_nip(value: str) -> str:
    return normalise_nip(value or "")


class UnitForm(forms.ModelForm):
    """Adding or editing a unit; ``version`` carries the row version the form was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    head_nip = forms.CharField(
        label=_("NIP kepala"),
        required=False,
        max_length=40,
        help_text=_("18 angka; spasi boleh diketik, contoh 19600910 198003 1 003."),
    )

    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "code",
            "parent",
            "head_name",
            "head_nip",
            "head_position",
            "head_rank",
        ]

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.government = government
        self.instance.government = government
        parents = Unit.objects.filter(government=government).order_by("code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk).exclude(parent_id=self.instance.pk)
            self.fields["version"].initial = self.instance.version
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = parents
        parent.empty_label = _("— tidak ada (perangkat daerah mandiri) —")
        self.fields["code"].widget.attrs.update(
            {"placeholder": "4.01.0.00.0.00.01.0000", "inputmode": "decimal"}
        )
        self.fields["head_nip"].widget.attrs.update({"inputmode": "numeric"})

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        clash = (
            Unit.objects.filter(government=self.government, code=code).exclude(pk=self.instance.pk).first()
        )
        if clash is not None:
            raise forms.ValidationError(
                _("Kode unit ini sudah dipakai %(unit)s.") % {"unit": clash.name}, code="duplicate_code"
            )
        return code

    def clean_short_name(self) -> str:
        short = " ".join((self.cleaned_data.get("short_name") or "").split())
        clash = (
            Unit.objects.filter(government=self.government, short_name__iexact=short)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash is not None:
            raise forms.ValidationError(
                _("Nama singkat ini sudah dipakai %(unit)s.") % {"unit": clash.name},
                code="duplicate_short_name",
            )
        return short

    def clean_head_nip(self) -> str:
        nip = _strip_nip(self.cleaned_data.get("head_nip", ""))
        if nip and not is_valid_nip(nip):
            raise forms.ValidationError(
                _("NIP harus 18 angka yang diawali tanggal lahir (contoh: 19600910 198003 1 003)."),
                code="invalid_nip",
            )
        return nip

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        if parent is not None and parent.government_id != self.government.pk:
            raise forms.ValidationError(_("Induk harus dari pemerintah daerah yang sama."))
        return parent


class RoleScopeMixin(forms.Form):
    """Role with its unit (drafter, unit head) or reviewed units (reviewer)."""

    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text=_("Wajib untuk penyusun dan kepala perangkat daerah."),
    )
    reviewed_units = forms.ModelMultipleChoiceField(
        label=_("Perangkat daerah yang didampingi"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="uuid",
        help_text=_("Hanya untuk pendamping. Kosongkan bila mendampingi seluruh perangkat daerah."),
    )

    def set_government(self, government: Government) -> None:
        units = Unit.objects.filter(government=government, is_active=True).order_by("name")
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = units
        unit.empty_label = _("— pilih perangkat daerah —")
        cast(forms.ModelMultipleChoiceField, self.fields["reviewed_units"]).queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in Membership.UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", _("Pilih perangkat daerah untuk peran ini."))
        if role and role not in Membership.UNIT_ROLES:
            data["unit"] = None
        if role != Membership.Role.REVIEWER:
            data["reviewed_units"] = []
        return data


class InviteForm(RoleScopeMixin):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    full_name = forms.CharField(label=_("Nama lengkap (dengan gelar)"), max_length=150)
    nip = forms.CharField(
        label=_("NIP"), required=False, max_length=40, help_text=_("Boleh dikosongkan. 18 angka bila diisi.")
    )
    position = forms.CharField(label=_("Jabatan"), required=False, max_length=150)

    field_order = ["email", "full_name", "nip", "position", "role", "unit", "reviewed_units"]

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_government(government)

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_nip(self) -> str:
        nip = _strip_nip(self.cleaned_data.get("nip", ""))
        if nip and not is_valid_nip(nip):
            raise forms.ValidationError(
                _("NIP harus 18 angka yang diawali tanggal lahir (contoh: 19600910 198003 1 003)."),
                code="invalid_nip",
            )
        return nip


class MembershipForm(RoleScopeMixin):
    """Changing or adding a role of a person already known here."""

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_government(government)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau kode"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("semua jenis")), *Unit.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("semua")), ("aktif", _("aktif")), ("nonaktif", _("nonaktif"))],
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama, e-mail atau NIP"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Peran"), required=False, choices=[("", _("semua peran")), *Membership.Role.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"), required=False, queryset=Unit.objects.none(), to_field_name="uuid"
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("semua")), ("aktif", _("aktif")), ("nonaktif", _("nonaktif"))],
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = Unit.objects.filter(government=government).order_by("name")
        unit.empty_label = _("semua perangkat daerah")


AUDIT_OBJECT_TYPES = [
    ("accounts.unit", _("Perangkat daerah")),
    ("accounts.user", _("Pengguna")),
    ("accounts.membership", _("Peran")),
    ("accounts.importbatch", _("Impor XLSX")),
]


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Pelaku"), required=False, queryset=User.objects.none(), to_field_name="uuid"
    )
    action = forms.ChoiceField(
        label=_("Tindakan"), required=False, choices=[("", _("semua tindakan")), *AuditEvent.Action.choices]
    )
    object_type = forms.CharField(label=_("Jenis data"), required=False, max_length=60)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, government: Government, object_types: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = User.objects.filter(memberships__government=government).distinct()
        person.empty_label = _("semua orang")
        self.fields["object_type"].widget = forms.Select(choices=[("", _("semua jenis")), *object_types])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX"),
        error_messages={
            "empty": _("Berkas kosong (0 byte). Pilih berkas XLSX yang berisi data."),
            "required": _("Pilih berkas XLSX yang akan diunggah."),
        },
        help_text=_(
            "Pakai templat dari tombol “Unduh templat”. Satu berkas berisi perangkat daerah dan pengguna."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
