"""Document options and the spreadsheet upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FOREWORD_MAX_CHARS = 3000  # the options travel in the download link's query string


class DocumentOptionsForm(forms.Form):
    """How to print: read from the query string of a download link (every field has a default)."""

    product = forms.ChoiceField(
        label=_("Bentuk dokumen"),
        choices=[
            ("booklet", _("Buku (sampul, pengesahan, daftar isi)")),
            ("annex", _("Lampiran Perwal/Perbup")),
        ],
        initial="booklet",
        required=False,
    )
    paper = forms.ChoiceField(
        label=_("Ukuran kertas"),
        choices=[("F4", _("F4 (215 × 330 mm)")), ("A4", "A4")],
        initial="F4",
        required=False,
    )
    page_numbers = forms.ChoiceField(
        label=_("Nomor halaman"),
        choices=[("dash", _("- 2 - di atas tengah")), ("of", _("Halaman 2 dari 30 di bawah"))],
        initial="dash",
        required=False,
    )
    with_annex_heading = forms.BooleanField(label=_("Cantumkan kepala LAMPIRAN pada buku"), required=False)
    regulation_number = forms.CharField(
        label=_("Nomor peraturan"),
        max_length=40,
        required=False,
        help_text=_("Kosongkan bila belum ada nomor."),
    )
    regulation_year = forms.IntegerField(
        label=_("Tahun peraturan"), min_value=2000, max_value=2100, required=False
    )
    head_name = forms.CharField(
        label=_("Nama kepala daerah"),
        max_length=150,
        required=False,
        help_text=_("Dicetak tanpa gelar dan NIP di akhir lampiran."),
    )
    is_copy = forms.BooleanField(label=_("Cetak SALINAN"), required=False)
    foreword = forms.CharField(
        label=_("Kata pengantar"),
        max_length=FOREWORD_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kosongkan untuk memakai teks baku yang menyebut judul, unit, periode dan penanda "
            "tangan. Pisahkan paragraf dengan baris kosong; teks ini juga dapat diubah di Word."
        ),
    )

    def __init__(self, *args: Any, enactment: tuple[str, int] | None = None, **kwargs: Any) -> None:
        """``enactment``: the road map's own regulation number and year, printed when the two
        fields are left empty (shown as their placeholders)."""
        super().__init__(*args, **kwargs)
        if enactment is not None:
            number, year = enactment
            self.fields["regulation_number"].widget.attrs["placeholder"] = number
            self.fields["regulation_year"].widget.attrs["placeholder"] = str(year)
            self.fields["regulation_number"].help_text = _(
                "Kosongkan untuk mencetak nomor penetapan road map ini: Nomor %(number)s Tahun %(year)s."
            ) % {"number": number, "year": year}

    def options(self) -> dict[str, Any]:
        """The cleaned options, JSON-ready (stored on a job)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Unduh dulu berkas Excel atau templat road map ini, isi, lalu unggah di sini."),
    )

    def clean_file(self) -> Any:
        from petajalan.reports.spreadsheet import MAX_FILE_BYTES  # loads openpyxl: not at start-up

        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload
