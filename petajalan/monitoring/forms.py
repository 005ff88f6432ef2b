"""Forms of the quarter page: numbers and money typed the Indonesian way, dates, workflow notes.

People type "1.250,5", "85%", "Rp1.250.000" or "1250000"; the fields below accept those and answer
anything else with one Indonesian sentence naming the field and what was typed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.lib.formatting import angka
from petajalan.monitoring.models import QuickWinDelivery, Realisation
from petajalan.roadmaps.templatetags.roadmap_tags import nilai

NOTE = 2000
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class NotANumber(ValueError):
    """The text is not a number; ``reason`` says why in Indonesian."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_indonesian(text: str, *, money: bool = False) -> Decimal:
    """'1.250,5' → 1250.5, '85%' → 85, '1.250' → 1250 (a dot groups thousands), '12,5' and '12.5'
    → 12.5; with ``money``, 'Rp1.250.000' and 'Rp 1.250.000,00' too. Raises ``NotANumber``."""
    value = (text or "").strip().replace("\u00a0", " ")
    if money:
        value = re.sub(r"^rp\.?\s*", "", value, flags=re.IGNORECASE)
        if value.endswith("%"):
            raise NotANumber(_("tulis jumlah rupiah, bukan persen"))
    else:
        value = re.sub(r"\s*%$", "", value)
    value = value.replace(" ", "")
    sign = ""
    if value and value[0] in "+-":
        sign, value = ("-" if value[0] == "-" else ""), value[1:]
    if not value or not re.fullmatch(r"[\d.,]+", value) or not re.search(r"\d", value):
        raise NotANumber(_("bukan angka"))
    dots, commas = value.count("."), value.count(",")
    if commas > 1:
        raise NotANumber(_("koma desimal lebih dari satu"))
    if commas:  # Indonesian: the comma marks decimals, dots group thousands
        whole, fraction = value.split(",")
        if dots and not re.fullmatch(r"\d{1,3}(\.\d{3})+", whole):
            raise NotANumber(_("pemisah ribuan tidak pada tempatnya"))
        whole = whole.replace(".", "")
    elif dots > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", value):
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
            raise NotANumber(_("pemisah ribuan tidak pada tempatnya"))
        whole, fraction = value.replace(".", ""), ""
    elif dots:  # one dot not followed by three digits: a decimal point typed the English way
        whole, fraction = value.split(".")
    else:
        whole, fraction = value, ""
    if not whole and not fraction:
        raise NotANumber(_("bukan angka"))
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}").normalize() + 0
    except InvalidOperation as exc:  # pragma: no cover - the patterns above leave only digits
        raise NotANumber(_("bukan angka")) from exc


class IndonesianDecimalField(forms.CharField):
    """A number typed the Indonesian way ("1.250,5", "85%"); empty is None unless required."""

    money = False
    example = "85 atau 1.250,5"

    def __init__(
        self,
        *args: Any,
        decimal_places: int = 4,
        max_value: Decimal = Decimal("1e14"),
        allow_negative: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.decimal_places = decimal_places
        self.max_value = max_value
        self.allow_negative = allow_negative
        self.widget.attrs.update({"inputmode": "decimal", "class": "num", "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        label = self.label or _("Isian")
        try:
            number = parse_indonesian(text, money=self.money)
        except NotANumber as exc:
            raise forms.ValidationError(
                _("%(f)s: “%(v)s” %(why)s. Tulis misalnya %(e)s.")
                % {"f": label, "v": text[:40], "why": exc.reason, "e": self.example},
                code="not_a_number",
            ) from None
        if number < 0 and not self.allow_negative:
            raise forms.ValidationError(_("%(f)s tidak boleh negatif.") % {"f": label}, code="negative")
        if abs(number) >= self.max_value:
            raise forms.ValidationError(_("%(f)s terlalu besar.") % {"f": label}, code="too_big")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise forms.ValidationError(
                _("%(f)s paling banyak %(n)s angka di belakang koma.")
                % {"f": label, "n": self.decimal_places},
                code="too_precise",
            )
        return number


class RupiahField(IndonesianDecimalField):
    """Rupiah typed as "Rp1.250.000", "1.250.000,00" or "1250000"."""

    money = True
    example = "Rp1.250.000 atau 1250000"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_value", Decimal("1e16"))
        super().__init__(*args, **kwargs)


def _note(label: Any, *, required: bool = False, rows: int = 2, max_length: int = NOTE) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": gettext_lazy("Teks terlalu panjang (maks. %(limit_value)d karakter)."),
            "required": gettext_lazy("Bagian ini wajib diisi."),
        },
    )


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Tulis tanggal seperti 15/04/2026."),
            "required": gettext_lazy("Tanggal wajib diisi."),
        },
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _money_text(value: Decimal | None) -> str:
    return angka(value, 2).removesuffix(",00") if value is not None else ""


class RealisationForm(VersionedForm):
    """The unit's figures of one action in the quarter."""

    value = IndonesianDecimalField(
        label=gettext_lazy("Realisasi"),
        help_text=gettext_lazy("Dalam satuan indikator, mis. 85 atau 1.250,5."),
    )
    budget_spent = RupiahField(
        label=gettext_lazy("Realisasi anggaran (Rp)"),
        help_text=gettext_lazy("Yang dibelanjakan dalam triwulan ini saja, mis. Rp1.250.000."),
    )
    progress_note = _note(gettext_lazy("Uraian kemajuan"), max_length=4000)
    supporting_factors = _note(gettext_lazy("Faktor pendukung"))
    inhibiting_factors = _note(gettext_lazy("Faktor penghambat"))
    follow_up = _note(gettext_lazy("Tindak lanjut"))

    @staticmethod
    def initial_for(row: Realisation) -> dict[str, Any]:
        return {
            "value": nilai(row.value),
            "budget_spent": _money_text(row.budget_spent),
            "progress_note": row.progress_note,
            "supporting_factors": row.supporting_factors,
            "inhibiting_factors": row.inhibiting_factors,
            "follow_up": row.follow_up,
            "version": row.version,
        }


class VerifyRowForm(VersionedForm):
    """The verifier's figures beside the unit's (empty: the unit's figures stand)."""

    verified_value = IndonesianDecimalField(
        label=gettext_lazy("Realisasi hasil verifikasi"),
        help_text=gettext_lazy("Kosongkan bila realisasi unit sudah benar."),
    )
    verified_budget = RupiahField(label=gettext_lazy("Anggaran hasil verifikasi (Rp)"))
    verifier_note = _note(gettext_lazy("Catatan verifikator"))

    @staticmethod
    def initial_for(row: Realisation) -> dict[str, Any]:
        return {
            "verified_value": nilai(row.verified_value),
            "verified_budget": _money_text(row.verified_budget),
            "verifier_note": row.verifier_note,
            "version": row.version,
        }


class DeliveryForm(forms.Form):
    """A quick win reported delivered in the quarter."""

    delivered_on = _date(gettext_lazy("Terwujud pada"))
    after_measure = forms.CharField(
        label=gettext_lazy("Ukuran sesudah"),
        required=False,
        max_length=250,
        help_text=gettext_lazy("Mis. waktu tunggu 20 menit."),
    )
    note = _note(gettext_lazy("Keterangan"))

    @staticmethod
    def initial_for(delivery: QuickWinDelivery | None) -> dict[str, Any]:
        if delivery is None:
            return {}
        return {
            "delivered_on": delivery.delivered_on,
            "after_measure": delivery.after_measure,
            "note": delivery.note,
        }


class SubmitForm(forms.Form):
    answer_note = _note(gettext_lazy("Tanggapan atas catatan pengembalian"), rows=3, max_length=4000)


class AnswerForm(forms.Form):
    answer_note = _note(
        gettext_lazy("Tanggapan atas catatan pengembalian"), required=True, rows=3, max_length=4000
    )


class ReturnForm(forms.Form):
    note = _note(gettext_lazy("Catatan: apa yang perlu diperbaiki"), required=True, rows=3, max_length=4000)


class ReopenForm(forms.Form):
    until = _date(gettext_lazy("Dibuka sampai"), required=True)
    reason = _note(gettext_lazy("Alasan"), required=True, rows=2, max_length=1000)


class WeightForm(forms.Form):
    weight = IndonesianDecimalField(
        label=gettext_lazy("Bobot"), required=True, decimal_places=2, max_value=Decimal("100000")
    )
