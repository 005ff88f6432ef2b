"""The Pedoman pages: packs and versions, a version as a searchable tree, compare, upload, activate.

Everyone with a role in the government reads; only its Bagian Organisasi (admin) uploads and
activates. Versions are shipped ones or the government's own uploads (``usable_in``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import get_for_user, get_government, require_role, roles_in
from petajalan.frameworks.diff import diff_documents
from petajalan.frameworks.forms import CompareForm, UploadForm
from petajalan.frameworks.models import Adoption, CrosswalkLink, Node, Pack, PackVersion
from petajalan.frameworks.schema import Parsed, Problem, ordered_document, parse_yaml
from petajalan.frameworks.services import PackConflict, activate_version, known_keys_in_db, store_pack

ADMIN = Membership.Role.ADMIN


def _versions(request: HttpRequest, government: Government) -> Any:
    return PackVersion.objects.visible_to(request.user).usable_in(government).select_related("pack")


def _get_version(request: HttpRequest, government: Government, pack: str, version: str) -> PackVersion:
    return get_for_user(request, _versions(request, government), pack__key=pack, version=version)


def _in_force_ids(government: Government) -> set[int]:
    return set(PackVersion.objects.in_force_for(government).values_list("pk", flat=True))


@login_required
@require_GET
def pack_list(request: HttpRequest, gov: str) -> HttpResponse:
    """Every pack with its versions, marking the one in force for this government."""
    government = get_government(request, gov)
    versions = (
        _versions(request, government)
        .annotate(node_count=Count("nodes", distinct=True), link_count=Count("links", distinct=True))
        .order_by("pack__purpose", "pack__key", "-valid_from", "-loaded_at")
    )
    in_force = _in_force_ids(government)
    adopted = set(Adoption.objects.filter(government=government).values_list("version_id", flat=True))
    packs: dict[int, dict[str, Any]] = {}
    for version in versions:
        version.is_in_force = version.pk in in_force
        version.is_adopted = version.pk in adopted
        entry = packs.setdefault(version.pack_id, {"pack": version.pack, "versions": []})
        entry["versions"].append(version)
    order = [choice for choice, _label in Pack.Purpose.choices]
    grouped = sorted(packs.values(), key=lambda e: (order.index(e["pack"].purpose), e["pack"].key))
    return render(
        request,
        "frameworks/pack_list.html",
        {
            "government": government,
            "packs": grouped,
            "is_admin": ADMIN in roles_in(request.user, government),
            "compare_form": CompareForm(choices=_version_choices(versions)),
        },
    )


# ---------------------------------------------------------------- a version as a tree


@dataclass
class TreeRow:
    node: Node
    depth: int
    matches: bool = True
    links: list[dict[str, Any]] = field(default_factory=list)
    kind_label: str = ""
    answer_label: str = ""


def _tree_words() -> dict[str, str]:
    """Labels translated once per page rather than once per node (big packs render much faster)."""
    return {
        "unverified": _("belum terverifikasi"),
        "incomplete": _("belum lengkap"),
        "weight": _("bobot"),
        "answer": _("Jawaban"),
        "range": _("Rentang nilai"),
        "range_word": _("rentang"),
        "proportional": _("dikonversi proporsional"),
        "multiplied": _("Dikalikan dengan"),
        "scored_by": _("Dinilai oleh"),
        "inferred": _("disimpulkan"),
        "applies": _("Berlaku untuk"),
        "evidence": _("Data dukung"),
        "guidance": _("Panduan"),
        "crosswalk": _("Padanan"),
        "crosswalk_lower": _("padanan"),
        "source": _("Sumber"),
    }


def _tree(nodes: list[Node], query: str) -> list[TreeRow]:
    """Nodes in depth-first order with their depth; with ``query``, matches and their ancestors."""
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    rows: list[TreeRow] = []
    stack = [(node, 0) for node in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        rows.append(TreeRow(node, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.pk, [])))
    if not query:
        return rows
    needle = query.casefold()
    by_id = {node.pk: node for node in nodes}
    keep: set[int] = set()
    for row in rows:
        node = row.node
        haystack = " ".join([node.key, node.ref, node.title, node.title_en, node.description, node.guidance])
        if needle in haystack.casefold():
            row.matches = True
            current: Node | None = node
            while current is not None and current.pk not in keep:
                keep.add(current.pk)
                current = by_id.get(current.parent_id) if current.parent_id else None
        else:
            row.matches = False
    return [row for row in rows if row.node.pk in keep]


@login_required
@require_GET
def version_detail(request: HttpRequest, gov: str, pack: str, version: str) -> HttpResponse:
    """One version as a tree with weights, answers, evidence, guidance, sources and crosswalks."""
    government = get_government(request, gov)
    obj = _get_version(request, government, pack, version)
    query = request.GET.get("q", "").strip()[:100]
    nodes = list(obj.nodes.all().order_by("order", "id"))
    rows = _tree(nodes, query)
    links = CrosswalkLink.objects.filter(
        Q(crosswalk=obj) | Q(source__version=obj) | Q(target__version=obj)
    ).select_related("crosswalk__pack", "source__version__pack", "target__version__pack")
    by_node: dict[int, list[dict[str, Any]]] = {}
    crosswalk_rows = []
    for link in links:
        if link.crosswalk_id == obj.pk:
            crosswalk_rows.append(link)
            continue
        if link.source.version_id == obj.pk:
            by_node.setdefault(link.source_id, []).append(
                {"relation": link.get_relation_display(), "other": link.target, "via": link.crosswalk}
            )
        if link.target.version_id == obj.pk:
            by_node.setdefault(link.target_id, []).append(
                {"relation": link.get_relation_display(), "other": link.source, "via": link.crosswalk}
            )
    kinds = {value: str(label) for value, label in Node.Kind.choices}
    answers = {value: str(label) for value, label in Node.AnswerType.choices}
    for row in rows:
        row.links = by_node.get(row.node.pk, [])
        row.kind_label = kinds.get(row.node.kind, row.node.kind)
        row.answer_label = answers.get(row.node.answer_type, row.node.answer_type)
    context = {
        "government": government,
        "version": obj,
        "rows": rows,
        "query": query,
        "total": len(nodes),
        "match_count": sum(1 for row in rows if row.matches),
        "crosswalk_rows": crosswalk_rows,
        "is_in_force": obj.pk in _in_force_ids(government),
        "is_admin": ADMIN in roles_in(request.user, government),
        "unverified_count": sum(1 for node in nodes if not node.verified),
        "t": _tree_words(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "frameworks/version_detail.html#tree", context)
    return render(request, "frameworks/version_detail.html", context)


# ---------------------------------------------------------------- compare


def _version_choices(versions: Any) -> list[tuple[str, str]]:
    return [(f"{v.pack.key}:{v.version}", f"{v.pack.title} — {v.version}") for v in versions]


def _by_choice(request: HttpRequest, government: Government, value: str) -> PackVersion:
    pack, _sep, version = value.partition(":")
    if not pack or not version:
        raise Http404(_("Versi tidak ditemukan."))
    return _get_version(request, government, pack, version)


@login_required
@require_GET
def version_compare(request: HttpRequest, gov: str) -> HttpResponse:
    """Nodes added, removed and changed (with the fields that changed) between two versions."""
    government = get_government(request, gov)
    versions = _versions(request, government).order_by("pack__purpose", "pack__key", "-valid_from")
    form = CompareForm(request.GET or None, choices=_version_choices(versions))
    context: dict[str, Any] = {"government": government, "form": form}
    if request.GET and form.is_valid():
        old = _by_choice(request, government, form.cleaned_data["a"])
        new = _by_choice(request, government, form.cleaned_data["b"])
        in_force = _in_force_ids(government)
        context.update(
            old=old,
            new=new,
            diff=diff_documents(old.document, new.document),
            can_activate=(
                ADMIN in roles_in(request.user, government)
                and new.pk not in in_force
                and new.pack_id == old.pack_id
            ),
            new_in_force=new.pk in in_force,
        )
    return render(request, "frameworks/version_compare.html", context)


# ---------------------------------------------------------------- upload, activate, export


def _read_upload(upload: Any, government: Government) -> Parsed:
    from petajalan.frameworks.xlsx import MAX_XLSX_BYTES, read_xlsx  # openpyxl: not at start-up

    name = upload.name or "unggahan"
    if upload.size > MAX_XLSX_BYTES:
        return Parsed(name, problems=[Problem(name, _("Berkas terlalu besar (paling besar 5 MB)."))])
    data = upload.read(MAX_XLSX_BYTES + 1)
    known = known_keys_in_db(government)
    lowered = name.lower()
    if lowered.endswith((".yaml", ".yml")):
        return parse_yaml(data, name, known)
    if lowered.endswith(".xlsx"):
        return read_xlsx(data, name, known)
    return Parsed(
        name, problems=[Problem(name, _("Jenis berkas tidak dikenal: unggah .yaml, .yml atau .xlsx."))]
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_upload(request: HttpRequest, gov: str) -> HttpResponse:
    """Upload a new version: validation report, then (when valid) the diff against the version in force."""
    government = get_government(request, gov)
    require_role(request, government, ADMIN)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        parsed = _read_upload(form.cleaned_data["file"], government)
        problems = parsed.problems
        if parsed.is_valid:
            try:
                version, created = store_pack(parsed, actor=request.user, owner=government)
            except PackConflict as exc:
                problems = [Problem(parsed.file, exc.message)]
            else:
                if created:
                    messages.success(
                        request,
                        _("Paket lolos pemeriksaan dan disimpan. Periksa perubahannya lalu aktifkan."),
                    )
                else:
                    messages.info(request, _("Isi paket ini sama dengan versi yang sudah tersimpan."))
                current = PackVersion.objects.in_force_for(government).filter(pack=version.pack).first()
                if current is None or current.pk == version.pk:
                    return redirect(
                        "frameworks:version-detail",
                        gov=government.slug,
                        pack=version.pack.key,
                        version=version.version,
                    )
                url = reverse("frameworks:version-compare", kwargs={"gov": government.slug})
                return redirect(
                    f"{url}?a={current.pack.key}:{current.version}&b={version.pack.key}:{version.version}"
                )
    return render(
        request,
        "frameworks/version_upload.html",
        {"government": government, "form": form, "problems": problems},
    )


@login_required
@require_POST
def version_activate(request: HttpRequest, gov: str, pack: str, version: str) -> HttpResponse:
    """Make a version the one in force for this government."""
    government = get_government(request, gov)
    obj = _get_version(request, government, pack, version)
    require_role(request, government, ADMIN)
    activate_version(actor=request.user, government=government, version=obj)
    messages.success(
        request,
        _("%(title)s versi %(version)s kini berlaku untuk %(gov)s.")
        % {"title": obj.pack.title, "version": obj.version, "gov": government.name},
    )
    return redirect("frameworks:pack-list", gov=government.slug)


@login_required
@require_GET
def version_export(request: HttpRequest, gov: str, pack: str, version: str, fmt: str) -> HttpResponse:
    """The version as XLSX or YAML; importing it back gives the same pack (same checksum)."""
    government = get_government(request, gov)
    obj = _get_version(request, government, pack, version)
    name = f"{obj.pack.key}-{obj.version}"
    if fmt == "xlsx":
        from petajalan.frameworks.xlsx import export_xlsx  # openpyxl: not at start-up

        response = HttpResponse(
            export_xlsx(obj.document),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "yaml":
        import yaml  # PyYAML: not at start-up

        class Dumper(yaml.SafeDumper):
            def ignore_aliases(self, data: Any) -> bool:
                return True  # a pack repeats values (sources, levels): written out, never as &/*

        text = yaml.dump(
            ordered_document(obj.document), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110
        )
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    else:
        raise Http404(_("Format tidak dikenal."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
