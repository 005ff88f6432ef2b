"""The write endpoints, through the same services as the pages: a quarter's realisation of one
action (PUT with If-Match) and an evidence upload (multipart POST). The audit events the service
records are marked with the token that made them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from petajalan.accounts.models import AuditEvent, Government
from petajalan.accounts.permissions import current_user, get_for_user, get_government, roles_in
from petajalan.accounts.querysets import ADMIN, DRAFTER, UNIT_HEAD
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.api import schemas as s
from petajalan.api.auth import token_of
from petajalan.api.problems import ApiProblem
from petajalan.api.reads import etag_of, evidence_rows, evidence_values, get_realisation, router
from petajalan.evidence import services as evidence
from petajalan.evidence import targets
from petajalan.evidence.bulk import title_from_name
from petajalan.evidence.forms import UploadForm
from petajalan.evidence.models import Item
from petajalan.evidence.views import can_manage, manageable_units
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.roadmaps.models import Action, QuickWin, Roadmap

TAGS = ["tulis"]
ERRORS = {
    400: s.Problem,
    401: s.Problem,
    403: s.Problem,
    404: s.Problem,
    409: s.Problem,
    422: s.Problem,
    429: s.Problem,
}
IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


@contextmanager
def marked_as_api(request: HttpRequest) -> Iterator[None]:
    """Run a service and mark the audit events it recorded as made through the API with this token."""
    token = token_of(request)
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        yield
        if token is None:
            return
        label = _("lewat API, token «%(n)s» %(p)s") % {"n": token.name, "p": token.display}
        for event in AuditEvent.objects.filter(pk__gt=last, actor_id=request.user.pk):
            event.summary = (f"{event.summary} ({label})" if event.summary else label)[:300]
            event.after = {**(event.after or {}), "api_token": {"name": token.name, "prefix": token.prefix}}
            event.save(update_fields=["summary", "after"])


def _version_from(request: HttpRequest) -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise ApiProblem(
            428,
            _('Kirim kepala If-Match berisi ETag baris (versinya) yang Anda baca, mis. If-Match: "3".'),
        )
    match = IF_MATCH.match(header)
    if match is None:
        raise ApiProblem(428, _('Kepala If-Match harus berisi ETag dari GET baris ini, mis. "3".'))
    return int(match[1])


@router.put(
    "/governments/{gov}/realisations/{row}",
    response={200: s.RealisationOut, 412: s.Problem, 428: s.Problem, **ERRORS},
    summary="Simpan realisasi unit satu rencana aksi (If-Match wajib)",
    tags=TAGS,
)
def realisation_save(
    request: HttpRequest, response: HttpResponse, gov: str, row: int, payload: s.RealisationIn
) -> Any:
    """The unit's figures of one row, as the quarter page saves them: refused while the quarter is
    locked or the report is not open to the unit (409), and when the row changed since the ETag sent
    in If-Match was read (412 with the current values)."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        Realisation.objects.select_related("report", "report__government"),
        pk=row,
        government=government,
    )
    if not QuarterReport.objects.editable_by(request.user).filter(pk=obj.report_id).exists():
        raise PermissionDenied(_("Anda hanya dapat melihat laporan ini, tidak mengisinya."))
    version = _version_from(request)
    data = payload.model_dump(exclude_unset=True)
    for name in ("progress_note", "supporting_factors", "inhibiting_factors", "follow_up"):
        if name in data and data[name] is None:
            data[name] = ""
    try:
        with marked_as_api(request):
            monitoring.save_realisation(actor=current_user(request), row=obj, data=data, version=version)
    except StaleEdit:
        current = get_realisation(request, government, row)
        raise ApiProblem(
            412,
            _(
                "Baris ini sudah disimpan orang lain (kini versi %(v)s); isian Anda belum disimpan. "
                "Periksa nilai terbaru lalu kirim lagi dengan If-Match versi itu."
            )
            % {"v": current["version"]},
            current=current,
            headers={"ETag": etag_of(current["version"])},
        ) from None
    except ServiceError as exc:
        raise ApiProblem(409, exc.message) from None
    saved = get_realisation(request, government, row)
    response["ETag"] = etag_of(saved["version"])
    return saved


class UploadFields(Schema):
    """The metadata of a new document, as the bank's upload form asks it."""

    title: str = Field("", max_length=250, description="Kosong: dari nama berkas")
    kind: Item.Kind = Item.Kind.OTHER
    number: str = Field("", max_length=120)
    document_on: str = Field("", description="Tanggal dokumen, YYYY-MM-DD")
    issuer: str = Field("", max_length=150)
    unit: uuid.UUID | None = Field(
        None, description="Perangkat daerah (kosong: pemerintah daerah, khusus admin)"
    )
    year_from: int | None = Field(None, ge=2000, le=2100)
    year_to: int | None = Field(None, ge=2000, le=2100)
    valid_until: str = Field("", description="YYYY-MM-DD")
    tags: str = Field("", max_length=300)
    description: str = Field("", max_length=4000)
    target_kind: str = Field(
        "",
        max_length=30,
        description="Tautkan ke: roadmap, action, quick_win (UUID), realisation (id baris), …",
    )
    target_id: str = Field("", max_length=64)


# the API names road maps, actions and quick wins by their UUID; the bank's targets by primary key
PUBLIC_IDS: dict[str, tuple[Any, str]] = {
    "roadmap": (Roadmap, "uuid"),
    "action": (Action, "uid"),
    "quick_win": (QuickWin, "uid"),
}


def _target_pk(government: Government, kind: str, target_id: str) -> str:
    """The bank's id of a target named by its public UUID (other ids pass through)."""
    if kind not in PUBLIC_IDS:
        return target_id
    model, field = PUBLIC_IDS[kind]
    try:
        public = uuid.UUID(target_id)
    except ValueError:
        raise Http404 from None
    pk = model.objects.filter(government=government, **{field: public}).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return str(pk)


def _form_errors(form: Any) -> list[dict[str, Any]]:
    return [
        {"loc": ["form", field if field != "__all__" else ""], "msg": str(message), "type": "invalid"}
        for field, messages in form.errors.items()
        for message in messages
    ]


def _item_out(request: HttpRequest, government: Government, item: Item) -> dict[str, Any]:
    rows = list(evidence_values(Item.objects.filter(pk=item.pk)))
    return evidence_rows(request, government, rows)[0]


@router.post(
    "/governments/{gov}/evidence",
    response={201: s.UploadResult, 200: s.UploadResult, 413: s.Problem, **ERRORS},
    summary="Unggah data dukung (multipart)",
    tags=TAGS,
)
def evidence_upload(
    request: HttpRequest, gov: str, fields: Form[UploadFields], file: File[UploadedFile]
) -> Any:
    """Store a document through the bank's upload service and inspection (type by content, size,
    quota), optionally linked to a target the owner may manage. The same bytes again answer 200
    with the existing item, as the upload page offers it."""
    government = get_government(request, gov)
    user = current_user(request)
    if not roles_in(user, government) & {ADMIN, DRAFTER, UNIT_HEAD}:
        raise PermissionDenied(_("Peran Anda tidak mengizinkan mengunggah data dukung."))
    if file.size and file.size > int(settings.EVIDENCE_MAX_BYTES):
        raise ApiProblem(
            413,
            _("Berkas lebih besar dari %(n)s MB.") % {"n": int(settings.EVIDENCE_MAX_BYTES) // (1024 * 1024)},
        )
    target = None
    if fields.target_kind or fields.target_id:
        target_id = _target_pk(government, fields.target_kind, fields.target_id)
        target = targets.find(request, government, fields.target_kind, target_id)
        if not can_manage(user, government, target.unit_id):
            raise PermissionDenied(_("Anda tidak dapat menautkan data dukung ke sini."))
    units = manageable_units(user, government)
    post = request.POST.copy()
    for name, value in fields.model_dump(exclude={"unit", "target_kind", "target_id"}).items():
        post[name] = "" if value is None else str(value)  # the schema's defaults where none was sent
    post["unit"] = ""
    if fields.unit:
        unit = units.filter(uuid=fields.unit).values_list("pk", flat=True).first()
        if unit is None:
            raise ApiProblem(
                422,
                _("Perangkat daerah itu tidak dapat Anda pilih."),
                errors=[
                    {"loc": ["form", "unit"], "msg": _("Pilih perangkat daerah Anda."), "type": "invalid"}
                ],
            )
        post["unit"] = str(unit)
    form = UploadForm(post, request.FILES, units=units, allow_government=ADMIN in roles_in(user, government))
    if not form.is_valid():
        raise ApiProblem(422, _("Periksa isian data dukung."), errors=_form_errors(form))
    data = dict(form.cleaned_data)
    data.pop("file", None)
    data.pop("version", None)
    upload = evidence.Upload(
        file=request.FILES["file"], name=getattr(request.FILES["file"], "name", "") or ""
    )
    if not data.get("title"):
        data["title"] = title_from_name(upload.name)
    try:
        with marked_as_api(request):
            item = evidence.upload_item(
                actor=user, government=government, upload=upload, data=data, link_to=target
            )
    except evidence.DuplicateFile as exc:
        if not Item.objects.visible_to(user).filter(pk=exc.item.pk).exists():
            raise ApiProblem(
                409,
                _(
                    "Berkas yang sama persis sudah ada di bank data dukung, "
                    "di unit yang tidak dapat Anda lihat."
                ),
            ) from None
        linked = False
        if target is not None and Item.objects.editable_by(user).filter(pk=exc.item.pk).exists():
            with marked_as_api(request):
                evidence.link_item(actor=user, item=exc.item, target=target)
            linked = True
        return Status(
            200, {"duplicate": True, "linked": linked, "item": _item_out(request, government, exc.item)}
        )
    except ServiceError as exc:
        raise ApiProblem(
            422,
            exc.message,
            errors=[{"loc": ["form", exc.field or ""], "msg": exc.message, "type": "refused"}],
        ) from None
    return Status(
        201, {"duplicate": False, "linked": target is not None, "item": _item_out(request, government, item)}
    )
