"""Diagnosis, quick wins, RB team, agents of change (one generic table each) and chapters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from petajalan.roadmaps import hooks, services
from petajalan.roadmaps.forms import (
    SECTION_FORMS,
    ChapterForm,
    ProblemForm,
    QuickWinForm,
)
from petajalan.roadmaps.markup import render_markdown
from petajalan.roadmaps.models import Chapter, Roadmap
from petajalan.roadmaps.views.base import (
    SECTION_TITLES,
    can_edit,
    focus_choices,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- diagnosis, quick wins, team, agents


def _section_form(section: str, r: Roadmap, data: Any = None, initial: Any = None) -> Any:
    form_class = SECTION_FORMS[section][1]
    if form_class is ProblemForm:
        return ProblemForm(data, initial=initial, focus=focus_choices(r))
    if form_class is QuickWinForm:
        return QuickWinForm(data, initial=initial, roadmap=r)
    return form_class(data, initial=initial)


def _section_rows(section: str, r: Roadmap) -> list[Any]:
    model = SECTION_FORMS[section][0]
    rows = list(model._default_manager.filter(roadmap=r).order_by("order", "id"))
    if section == "diagnosis":
        nodes = {n.key: n for n in services.focus_nodes(r)}
        for p in rows:
            p.node = nodes.get(getattr(p, "focus_key", ""))  # type: ignore[attr-defined]
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def section_list(request: HttpRequest, gov: str, roadmap: str, section: str) -> HttpResponse:
    if section not in SECTION_FORMS:
        raise Http404(_("Halaman tidak ditemukan."))
    government, r = get_roadmap(request, gov, roadmap, write=request.method == "POST")
    form = _section_form(section, r, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.save_row(actor=request.user, roadmap=r, model=SECTION_FORMS[section][0], values=values)
        hooks.content_changed(r)
        messages.success(request, _("Tersimpan."))
        return redirect("roadmaps:section-list", gov=government.slug, roadmap=r.uuid, section=section)
    return render(
        request,
        "roadmaps/section.html",
        page_context(
            government,
            r,
            section,
            section=section,
            section_title=SECTION_TITLES[section],
            rows=_section_rows(section, r),
            form=form,
            can_edit=can_edit(request, r),
        ),
    )


def _section_row(section: str, r: Roadmap, uid: str) -> Any:
    model = SECTION_FORMS[section][0]
    try:
        return model._default_manager.get(roadmap=r, uid=uid)
    except ObjectDoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc


@login_required
@require_http_methods(["GET", "POST"])
def section_row_edit(request: HttpRequest, gov: str, roadmap: str, section: str, row: str) -> HttpResponse:
    if section not in SECTION_FORMS:
        raise Http404(_("Halaman tidak ditemukan."))
    government, r = get_roadmap(request, gov, roadmap, write=True)
    obj = _section_row(section, r, row)
    names = list(_section_form(section, r).fields)
    initial = {n: getattr(obj, n) for n in names if n != "version"} | {"version": getattr(obj, "version", 0)}
    form = _section_form(section, r, request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_row(
                actor=request.user,
                roadmap=r,
                model=type(obj),
                row=obj,
                values=values,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEditError as exc:
            status = 409
            theirs = "; ".join(
                f"{form.fields[n].label}: {getattr(exc.current, n)}" for n in names if n != "version"
            )
            form.add_error(
                None,
                _(
                    "Orang lain menyimpan baris ini lebih dulu; isian Anda belum disimpan. Isian "
                    "terbaru: %(t)s"
                )
                % {"t": theirs},
            )
            data = request.POST.copy()
            data["version"] = str(getattr(exc.current, "version", 0))
            form = _section_form(section, r, data)
            form.is_valid()
            form.add_error(None, _("Periksa lalu simpan lagi untuk menimpa isian terbaru."))
        else:
            hooks.content_changed(r)
            messages.success(request, _("Tersimpan."))
            return redirect("roadmaps:section-list", gov=government.slug, roadmap=r.uuid, section=section)
    return render(
        request,
        "roadmaps/section_edit.html",
        page_context(
            government, r, section, section=section, section_title=SECTION_TITLES[section], form=form, row=obj
        ),
        status=status,
    )


@login_required
@require_POST
def section_row_delete(request: HttpRequest, gov: str, roadmap: str, section: str, row: str) -> HttpResponse:
    if section not in SECTION_FORMS:
        raise Http404(_("Halaman tidak ditemukan."))
    government, r = get_roadmap(request, gov, roadmap, write=True)
    services.delete_row(actor=request.user, roadmap=r, row=_section_row(section, r, row))
    hooks.content_changed(r)
    messages.success(request, _("Dihapus."))
    return redirect("roadmaps:section-list", gov=government.slug, roadmap=r.uuid, section=section)


# ---------------------------------------------------------------- chapters


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request: HttpRequest, gov: str, roadmap: str, chapter: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    try:
        obj = Chapter.objects.get(roadmap=r, uid=chapter)
    except Chapter.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    form = ChapterForm(
        request.POST if request.method == "POST" else None, initial={"body": obj.body, "version": obj.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_chapter(
                actor=request.user,
                roadmap=r,
                chapter=obj,
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEditError as exc:
            status = 409
            form.add_error(
                None,
                _(
                    "Orang lain menyimpan bab ini lebih dulu; isian Anda belum disimpan. Isi terbaru "
                    "ada di bawah kotak ini."
                ),
            )
            form.theirs = exc.current.body  # type: ignore[attr-defined]
            data = request.POST.copy()
            data["version"] = str(getattr(exc.current, "version", 0))
            form.data = data
        else:
            hooks.content_changed(r)
            messages.success(request, _("Bab disimpan."))
            return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)
    preview = render_markdown(form.data.get("body", obj.body) if form.is_bound else obj.body)
    return render(
        request,
        "roadmaps/chapter_edit.html",
        page_context(
            government,
            r,
            "overview",
            chapter=obj,
            form=form,
            preview=preview,
            guidance=render_markdown(obj.guidance),
        ),
        status=status,
    )
