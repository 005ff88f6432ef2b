"""The public verification pages: no login, no JavaScript; a code leads to what was issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from petajalan.templatetags.petajalan import tanggal
from petajalan.verification import services
from petajalan.verification.forms import CodeForm, UploadForm, max_upload_bytes
from petajalan.verification.models import Seal

# what the frozen statement holds, in the order shown: (key, is a date stored as ISO text)
STATEMENT_FIELDS = (
    ("holder", False),
    ("period", False),
    ("year", False),
    ("quarter", False),
    ("regulation", False),
    ("enacted_on", True),
    ("enacted_by", False),
    ("frozen_on", True),
    ("verified_by", False),
    ("verified_on", True),
    ("signatory", False),
)


def _labels() -> dict[str, str]:
    return {
        "holder": _("Pemilik dokumen"),
        "period": _("Periode"),
        "year": _("Tahun"),
        "quarter": _("Triwulan"),
        "regulation": _("Ditetapkan dengan"),
        "enacted_on": _("Tanggal penetapan"),
        "enacted_by": _("Penetapan dicatat di Petajalan oleh"),
        "frozen_on": _("Isi dibekukan (snapshot) pada"),
        "verified_by": _("Diverifikasi oleh"),
        "verified_on": _("Tanggal verifikasi"),
        "signatory": _("Penanda tangan dokumen"),
    }


def statement_lines(seal: Seal) -> list[tuple[str, str]]:
    """The frozen statement as (label, value) lines; empty values are left out."""
    labels = _labels()
    lines: list[tuple[str, str]] = []
    for key, is_date in STATEMENT_FIELDS:
        value = seal.statement.get(key)
        if value in (None, ""):
            continue
        if is_date:
            try:
                value = tanggal(dt.date.fromisoformat(str(value)))
            except ValueError:
                value = str(value)
        elif key == "quarter":
            value = ("I", "II", "III", "IV")[int(value) - 1] if str(value) in "1234" else str(value)
        label = labels[key]
        if key == "year" and seal.kind == Seal.Kind.EVALUATION_REPORT:
            label = _("Tahun yang dievaluasi")
        lines.append((label, str(value)))
    if seal.statement.get("all_verified"):
        lines.append((_("Status"), _("Semua laporan triwulan ini sudah diverifikasi")))
    if seal.statement.get("phase"):
        from petajalan.evaluations.models import Phase

        phase = dict(Phase.choices).get(seal.statement["phase"], seal.statement["phase"])
        lines.append((_("Tahap evaluasi saat diterbitkan"), str(phase)))
    return lines


@require_http_methods(["GET"])
def verification_index(request: HttpRequest) -> HttpResponse:
    """Type a code (a GET form: the address of the result is the seal's own page)."""
    form = CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        seal = services.find_seal(form.cleaned_data["kode"])
        if seal is not None:
            return redirect("verification:seal", code=seal.display_code)
        form.add_error("kode", _("Tidak ada dokumen dengan kode itu. Periksa lagi huruf dan angkanya."))
    return render(request, "verification/index.html", {"form": form})


def _not_found(request: HttpRequest, text: str) -> HttpResponse:
    return render(request, "verification/not_found.html", {"code": text[:40], "form": CodeForm()}, status=404)


@require_http_methods(["GET", "POST"])
def seal_detail(request: HttpRequest, code: str) -> HttpResponse:
    """What the document is and, on POST, whether an uploaded file is the issued one."""
    seal = services.find_seal(code)
    if seal is None:
        return _not_found(request, code)
    if request.method == "GET" and code != seal.display_code:
        return redirect("verification:seal", code=seal.display_code)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    comparison = None
    if request.method == "POST" and form.is_valid():
        comparison = services.compare_upload(seal, form.cleaned_data["berkas"].chunks())
    context: dict[str, Any] = {
        "seal": seal,
        "lines": statement_lines(seal),
        "files": list(seal.files.order_by("created_at", "id")),
        "form": form,
        "comparison": comparison,
        "max_mb": max_upload_bytes() // (1024 * 1024),
        "url": services.seal_url(seal),
    }
    return render(request, "verification/seal.html", context, status=200)
