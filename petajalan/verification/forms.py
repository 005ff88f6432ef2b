"""The code lookup and the upload to compare."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.lib.formatting import angka
from petajalan.verification.services import normalise_code

# an upload above this is refused (the request limit, REQUEST_MAX_BYTES, stops larger bodies first)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "VERIFICATION_MAX_BYTES", DEFAULT_MAX_BYTES))


class CodeForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode verifikasi"),
        max_length=40,
        help_text=gettext_lazy("Delapan huruf dan angka di kaki halaman dokumen, misalnya K7QM-2XRD."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_kode(self) -> str:
        code = normalise_code(self.cleaned_data["kode"])
        if code is None:
            raise forms.ValidationError(
                _("Kode verifikasi terdiri atas 8 huruf dan angka, misalnya K7QM-2XRD. Periksa lagi kodenya.")
            )
        return code


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas PDF atau DOCX yang ingin dicocokkan"),
        error_messages={
            "required": gettext_lazy("Pilih berkas yang ingin dicocokkan."),
            "empty": gettext_lazy("Berkas itu kosong (0 bita). Pilih berkas dokumennya."),
            "invalid": gettext_lazy("Tidak ada berkas yang terkirim. Pilih berkas lalu kirim lagi."),
        },
    )

    def clean_berkas(self) -> object:
        upload = self.cleaned_data["berkas"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s bita). Paling besar %(limit)s MB.")
                % {"size": angka(upload.size), "limit": angka(limit // (1024 * 1024))}
            )
        return upload
