"""The evidence bank's pages: list and search, upload, item, versions, files, links and packets.

Every view starts with the permission gate (another government's evidence is 404, reading roles get
403 on writes) and files leave only through ``file_download`` and ``thumbnail``: as attachments,
with ``nosniff`` and a sandboxing policy, never from a public media URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government, Membership, Unit
from petajalan.accounts.permissions import current_user, get_for_user, get_government, roles_in
from petajalan.accounts.querysets import ADMIN, DRAFTER, UNIT_HEAD
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evidence import services, targets
from petajalan.evidence.bulk import title_from_name
from petajalan.evidence.forms import FilterForm, ItemForm, LinkForm, UploadForm, VersionForm
from petajalan.evidence.models import Blob, Item, Link, Version
from petajalan.evidence.packet import packet_entries, packet_filename, stream_packet
from petajalan.evidence.querysets import EXPIRING_DAYS, readable_links
from petajalan.evidence.storage import evidence_storage

PAGE_SIZE = 50
SUGGESTIONS = 8


# Helpers --------------------------------------------------------------------------------------


def manageable_units(user: Any, government: Government) -> Any:
    """Units whose evidence the user may manage: all for the admin, their own for drafters and heads."""
    units = Unit.objects.filter(government=government, is_active=True).order_by("code")
    if ADMIN in roles_in(user, government):
        return units
    own = Membership.objects.filter(
        user_id=user.pk, government=government, is_active=True, role__in=[DRAFTER, UNIT_HEAD]
    ).values("unit_id")
    return units.filter(pk__in=own)


def can_manage(user: Any, government: Government, unit_id: int | None) -> bool:
    """Whether the user may upload, link and unlink evidence for ``unit_id`` (None: the government)."""
    if ADMIN in roles_in(user, government):
        return True
    return unit_id is not None and manageable_units(user, government).filter(pk=unit_id).exists()


def _require_uploader(request: HttpRequest, government: Government) -> None:
    if not roles_in(request.user, government) & {ADMIN, DRAFTER, UNIT_HEAD}:
        raise PermissionDenied(_("Peran Anda tidak mengizinkan mengunggah data dukung."))


def _item(request: HttpRequest, government: Government, item: str, *, write: bool = False) -> Item:
    return get_for_user(
        request,
        Item.objects.select_related("unit", "current", "current__blob", "government"),
        write=write,
        uuid=item,
        government=government,
    )


def _target(request: HttpRequest, government: Government, kind: str, target_id: str) -> targets.Target:
    return targets.find(request, government, kind, target_id)


def _target_url(government: Government, target: targets.Target) -> str:
    return reverse(
        "evidence:attach", kwargs={"gov": government.slug, "kind": target.kind, "target": target.id}
    )


def _upload_from(request: HttpRequest) -> services.Upload:
    file = request.FILES["file"]
    return services.Upload(file=file, name=getattr(file, "name", "") or "")


def _duplicate_context(exc: services.DuplicateFile, request: HttpRequest) -> dict[str, Any]:
    visible = Item.objects.visible_to(request.user).filter(pk=exc.item.pk).exists()
    return {"duplicate": exc.item if visible else None, "duplicate_hidden": not visible}


# List and search ----------------------------------------------------------------------------


@login_required
@require_GET
def item_list(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    visible_units = Unit.objects.visible_to(request.user).filter(government=government).order_by("code")
    form = FilterForm(request.GET or None, units=visible_units)
    items = Item.objects.visible_to(request.user).filter(government=government).for_list()
    if form.is_valid():
        data = form.cleaned_data
        items = items.search(data["q"])
        if data["unit"]:
            items = items.filter(unit=data["unit"])
        if data["kind"]:
            items = items.filter(kind=data["kind"])
        if data["year"]:
            items = items.covering(data["year"])
        if data["tag"]:
            items = items.with_tag(data["tag"])
        if data["status"] == "unlinked":
            items = items.unlinked()
        elif data["status"] == "expiring":
            items = items.expiring(timezone.localdate()).order_by("valid_until", "-id")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("halaman"))
    roles = roles_in(request.user, government)
    context = {
        "government": government,
        "form": form,
        "page": page,
        "items": page.object_list,
        "can_upload": bool(roles & {ADMIN, DRAFTER, UNIT_HEAD}),
        "today": timezone.localdate(),
        "expiring_before": timezone.localdate() + dt.timedelta(days=EXPIRING_DAYS),
        "querystring": _querystring_without_page(request),
    }
    if ADMIN in roles:
        used, quota = services.government_usage(government), services.quota_bytes(government)
        context["usage"] = {"used": used, "quota": quota, "percent": min(100, round(used * 100 / quota))}
    if getattr(request, "htmx", False):
        return render(request, "evidence/item_list.html#results", context)
    return render(request, "evidence/item_list.html", context)


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()


# Upload, item page, edit, versions, delete --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    _require_uploader(request, government)
    user = current_user(request)
    target = None
    kind, target_id = request.GET.get("untuk", ""), request.GET.get("id", "")
    if kind and target_id:
        target = _target(request, government, kind, target_id)
        if not can_manage(user, government, target.unit_id):
            raise PermissionDenied(_("Anda tidak dapat menautkan data dukung ke sini."))
    units = manageable_units(user, government)
    is_admin = ADMIN in roles_in(user, government)
    initial: dict[str, Any] = {}
    if target is not None:
        initial = {"unit": target.unit_id, "year_from": target.year, "year_to": target.year}
    elif units.count() == 1 and not is_admin:
        initial = {"unit": units.first()}
    form = UploadForm(
        request.POST or None, request.FILES or None, units=units, allow_government=is_admin, initial=initial
    )
    context: dict[str, Any] = {"government": government, "form": form, "target": target}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("file", None)
        data.pop("version", None)
        upload = _upload_from(request)
        if not data.get("title"):
            data["title"] = title_from_name(upload.name)
        try:
            item = services.upload_item(
                actor=user, government=government, upload=upload, data=data, link_to=target
            )
        except services.DuplicateFile as exc:
            context.update(_duplicate_context(exc, request))
            return render(request, "evidence/item_form.html", context, status=409)
        except ServiceError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
            return render(request, "evidence/item_form.html", context, status=400)
        messages.success(request, _("Data dukung «%(t)s» tersimpan.") % {"t": item.title})
        if target is not None:
            return redirect(_target_url(government, target))
        return redirect("evidence:item-detail", gov=government.slug, item=item.uuid)
    status = 400 if request.method == "POST" else 200
    return render(request, "evidence/item_form.html", context, status=status)


@login_required
@require_GET
def item_detail(request: HttpRequest, gov: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item)
    blob = obj.current.blob if obj.current else None
    if blob is not None and blob.thumbnail_state == Blob.Thumbnail.PENDING:
        # a file moved in without one (materials from before the bank): the worker makes it once
        from petajalan.evidence.tasks import make_blob_thumbnail

        make_blob_thumbnail.enqueue(blob.pk)
    return render(request, "evidence/item_detail.html", _detail_context(request, government, obj))


def _detail_context(request: HttpRequest, government: Government, obj: Item, **extra: Any) -> dict[str, Any]:
    links = list(obj.links.select_related("version").order_by("created_at"))
    described = targets.resolve((link.target_kind, link.target_id) for link in links)
    used = [{"link": link, "target": described.get((link.target_kind, link.target_id))} for link in links]
    can_edit = Item.objects.editable_by(request.user).filter(pk=obj.pk).exists()
    return {
        "government": government,
        "item": obj,
        "versions": obj.versions.select_related("blob", "uploaded_by").order_by("-number"),
        "used": used,
        "can_edit": can_edit,
        "version_form": extra.pop("version_form", None) or VersionForm(initial={"version": obj.version}),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, gov: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item, write=True)
    user = current_user(request)
    units = manageable_units(user, government)
    if obj.unit_id:
        units = units | Unit.objects.filter(pk=obj.unit_id)
    is_admin = ADMIN in roles_in(user, government)
    form = ItemForm(
        request.POST or None,
        instance=obj,
        units=units.distinct(),
        allow_government=is_admin,
        initial={"version": obj.version},
    )
    context: dict[str, Any] = {"government": government, "form": form, "item": obj}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_item(actor=user, item=obj, data=data, version=form.cleaned_data["version"] or 0)
        except StaleEdit as exc:
            context["stale"] = exc.current
            return render(request, "evidence/item_edit.html", context, status=409)
        except ServiceError as exc:
            form.add_error(exc.field, exc.message)
            return render(request, "evidence/item_edit.html", context, status=400)
        messages.success(request, _("Keterangan data dukung tersimpan."))
        return redirect("evidence:item-detail", gov=government.slug, item=obj.uuid)
    return render(
        request, "evidence/item_edit.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def item_version(request: HttpRequest, gov: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item, write=True)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            new = services.add_version(
                actor=current_user(request),
                item=obj,
                upload=_upload_from(request),
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except services.DuplicateFile as exc:
            context = _detail_context(request, government, obj, version_form=form)
            context.update(_duplicate_context(exc, request))
            return render(request, "evidence/item_detail.html", context, status=409)
        except StaleEdit:
            form.add_error(
                None, _("Data dukung ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.")
            )
        except ServiceError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            messages.success(request, _("Versi %(n)s tersimpan.") % {"n": new.number})
            return redirect("evidence:item-detail", gov=government.slug, item=obj.uuid)
    context = _detail_context(request, government, obj, version_form=form)
    return render(request, "evidence/item_detail.html", context, status=400)


@login_required
@require_POST
def item_delete(request: HttpRequest, gov: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item, write=True)
    try:
        services.delete_item(actor=current_user(request), item=obj)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("evidence:item-detail", gov=government.slug, item=obj.uuid)
    messages.success(request, _("Data dukung «%(t)s» dihapus.") % {"t": obj.title})
    return redirect("evidence:item-list", gov=government.slug)


# Files -----------------------------------------------------------------------------------------


def _protect(response: HttpResponse | FileResponse | StreamingHttpResponse) -> Any:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def file_download(request: HttpRequest, gov: str, item: str, number: int) -> FileResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item)
    version = Version.objects.select_related("blob").filter(item=obj, number=number).first()
    if version is None:
        raise Http404(_("Versi berkas ini tidak ada."))
    try:
        stream = evidence_storage().open(version.blob.storage_key, "rb")
    except (OSError, FileNotFoundError) as exc:
        raise Http404(_("Berkas tidak ditemukan di penyimpanan.")) from exc
    response = FileResponse(
        stream, as_attachment=True, filename=version.original_name, content_type=version.blob.content_type
    )
    return _protect(response)


@login_required
@require_GET
def thumbnail(request: HttpRequest, gov: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    obj = _item(request, government, item)
    blob: Blob | None = obj.current.blob if obj.current else None
    if blob is None or blob.thumbnail_state != Blob.Thumbnail.READY:
        raise Http404(_("Pratinjau belum tersedia."))
    try:
        stream = evidence_storage().open(blob.thumbnail_key, "rb")
    except OSError as exc:
        raise Http404(_("Pratinjau belum tersedia.")) from exc
    response = FileResponse(stream, content_type="image/png")
    response = _protect(response)
    response["Cache-Control"] = "private, max-age=86400"
    return response


# Links: a target's evidence, suggestions, attach, unlink -----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, gov: str, kind: str, target: str) -> HttpResponse:
    government = get_government(request, gov)
    found = _target(request, government, kind, target)
    user = current_user(request)
    may_link = can_manage(user, government, found.unit_id)
    if request.method == "POST":
        if not may_link:
            raise PermissionDenied(_("Anda hanya dapat melihat data dukung ini."))
        form = LinkForm(request.POST)
        if form.is_valid():
            item = (
                Item.objects.editable_by(user)
                .filter(government=government, uuid=form.cleaned_data["item"])
                .select_related("current")
                .first()
            ) or Item.objects.visible_to(user).filter(
                government=government, uuid=form.cleaned_data["item"], unit__isnull=True
            ).first()
            if item is None:
                raise Http404(_("Data dukung tidak ditemukan."))
            services.link_item(actor=user, item=item, target=found)
            messages.success(request, _("«%(t)s» ditautkan.") % {"t": item.title})
            return redirect(_target_url(government, found))
        return render(
            request, "evidence/attach.html", _attach_context(request, government, found, may_link), status=400
        )
    return render(request, "evidence/attach.html", _attach_context(request, government, found, may_link))


def _attach_context(
    request: HttpRequest, government: Government, target: targets.Target, may_link: bool
) -> dict[str, Any]:
    every = list(Link.objects.for_target(target.kind, [target.id]).filter(government=government))
    linked_ids = [link.item_id for link in every]
    links, hidden_links = readable_links(request.user, every)
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("jenis", "")
    candidates = (
        Item.objects.visible_to(request.user).filter(government=government).exclude(pk__in=linked_ids)
    )
    if target.unit_id:
        candidates = candidates.filter(Q(unit_id=target.unit_id) | Q(unit__isnull=True))
    if kind in Item.Kind.values:
        candidates = candidates.filter(kind=kind)
    if query:
        found = candidates.search(query)
        title = _("Hasil pencarian")
    else:
        found = candidates.covering(target.year) if target.year else candidates
        title = _("Saran: masih berlaku untuk %(y)s") % {"y": target.year} if target.year else _("Saran")
    suggestions = list(found.for_list().order_by("-created_at")[:SUGGESTIONS])
    return {
        "government": government,
        "target": target,
        "links": links,
        "hidden_links": hidden_links,
        "suggestions": suggestions,
        "suggestions_title": title,
        "query": query,
        "kind": kind,
        "kinds": Item.Kind.choices,
        "may_link": may_link,
    }


@login_required
@require_POST
def unlink(request: HttpRequest, gov: str, kind: str, target: str, item: str) -> HttpResponse:
    government = get_government(request, gov)
    found = _target(request, government, kind, target)
    if not can_manage(current_user(request), government, found.unit_id):
        raise PermissionDenied(_("Anda hanya dapat melihat data dukung ini."))
    link = (
        Link.objects.visible_to(request.user)
        .filter(government=government, target_kind=found.kind, target_id=found.id, item__uuid=item)
        .select_related("item")
        .first()
    )
    if link is None:
        raise Http404(_("Tautan tidak ditemukan."))
    services.unlink(actor=current_user(request), link=link, target=found)
    messages.success(
        request, _("Tautan «%(t)s» dilepas; dokumennya tetap di bank data dukung.") % {"t": link.item.title}
    )
    return redirect(_target_url(government, found))


# Packets ---------------------------------------------------------------------------------------


@login_required
@require_GET
def packet(request: HttpRequest, gov: str, kind: str, target: str) -> StreamingHttpResponse:
    """The evidence of a target and everything under it, as one ZIP foldered for evaluators."""
    government = get_government(request, gov)
    found = _target(request, government, kind, target)
    pairs = targets.packet_scope(request, government, found)
    links = (
        Link.objects.visible_to(request.user)
        .filter(government=government)
        .filter(_pairs_filter(pairs))
        .select_related("item", "item__unit", "version", "version__blob")
    )
    described = targets.resolve(pairs)
    entries = packet_entries(links, described)
    response = StreamingHttpResponse(
        stream_packet(entries, title=found.label), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{packet_filename(found.label)}"'
    return _protect(response)


def _pairs_filter(pairs: list[tuple[str, str]]) -> Q:
    by_kind: dict[str, list[str]] = {}
    for kind, target_id in pairs:
        by_kind.setdefault(kind, []).append(target_id)
    query = Q(pk__in=[])
    for kind, ids in by_kind.items():
        query |= Q(target_kind=kind, target_id__in=ids)
    return query
