"""Bulk import and export of units and people as XLSX: template, upload, preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts import imports
from petajalan.accounts.forms import ImportUploadForm
from petajalan.accounts.models import Government, ImportBatch, Membership, Unit
from petajalan.accounts.permissions import get_for_user
from petajalan.accounts.services import ServiceError
from petajalan.accounts.spreadsheet import XLSX_CONTENT_TYPE, ImportFileError, build_workbook, check_size
from petajalan.accounts.views.units import admin_government


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def import_template(request: HttpRequest, gov: str) -> HttpResponse:
    admin_government(request, gov)
    return _xlsx(build_workbook([], [], example=True), "templat-perangkat-daerah-dan-pengguna.xlsx")


def export_rows(government: Government) -> tuple[list[Unit], list[Membership]]:
    """The units and memberships of ``government`` in export order (a constant number of queries)."""
    units = list(Unit.objects.filter(government=government).select_related("parent").order_by("code"))
    memberships = list(
        Membership.objects.filter(government=government)
        .select_related("user", "unit")
        .prefetch_related("reviewed_units")
        .order_by("user__email", "role", "unit__code")
    )
    return units, memberships


@login_required
@require_GET
def data_export(request: HttpRequest, gov: str) -> HttpResponse:
    government = admin_government(request, gov)
    units, memberships = export_rows(government)
    stamp = timezone.localdate().isoformat()
    return _xlsx(
        build_workbook(units, memberships), f"perangkat-daerah-dan-pengguna-{government.slug}-{stamp}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, gov: str) -> HttpResponse:
    government = admin_government(request, gov)
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)  # before reading a huge upload into memory
            data = upload.read()
            batch = imports.start_import(
                actor=request.user, government=government, file_name=upload.name, data=data
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("accounts:import-preview", gov=government.slug, batch=batch.uuid)
    recent = ImportBatch.objects.filter(government=government).select_related("created_by")[:5]
    return render(
        request,
        "accounts/import_upload.html",
        {"government": government, "form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_preview(request: HttpRequest, gov: str, batch: str) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(
        request, ImportBatch.objects.select_related("government"), uuid=batch, government=government
    )
    plan = imports.plan_import(obj) if obj.status == ImportBatch.Status.PENDING else None
    return render(
        request, "accounts/import_preview.html", {"government": government, "batch": obj, "plan": plan}
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, gov: str, batch: str) -> HttpResponse:
    government = admin_government(request, gov)
    obj = get_for_user(
        request,
        ImportBatch.objects.select_related("government"),
        write=True,
        uuid=batch,
        government=government,
    )
    try:
        summary = imports.confirm_import(
            actor=request.user, batch=obj, base_url=request.build_absolute_uri("/")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    except imports.ImportRefused:
        messages.error(
            request, _("Data berubah sejak pratinjau dan kini ada kesalahan. Tidak ada yang disimpan.")
        )
    else:
        messages.success(
            request,
            _(
                "Impor disimpan: %(un)s perangkat daerah baru, %(uc)s diubah; "
                "%(pn)s peran baru, %(pc)s diubah; %(inv)s undangan dikirim."
            )
            % {
                "un": summary["units_new"],
                "uc": summary["units_changed"],
                "pn": summary["people_new"],
                "pc": summary["people_changed"],
                "inv": summary["invitations"],
            },
        )
    return redirect("accounts:import-preview", gov=government.slug, batch=obj.uuid)
