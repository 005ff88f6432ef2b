"""Road maps, actions and quick wins as targets of the evidence bank.

Registered at start-up (``RoadmapsConfig.ready``). A target's id is the row's primary key (uids
may repeat across road maps); what it shows and the packet folder it falls in are read as values in
a constant number of queries. Evaluator packets of a road map are foldered by focus node
(area of change, main activity or theme), in the pack's order.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.evidence import targets
from petajalan.evidence.models import Link
from petajalan.evidence.querysets import readable_links
from petajalan.evidence.targets import Target
from petajalan.frameworks.models import Node
from petajalan.roadmaps.models import Action, QuickWin, Roadmap

K = Link.TargetKind


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if re.fullmatch(r"\d{1,18}", i)]


def _year(start: int, end: int) -> int:
    return min(max(timezone.localdate().year, start), end)


def _roadmap_label(row: dict[str, Any]) -> str:
    return str(row["title"])


def resolve_roadmaps(ids: list[str]) -> dict[str, Target]:
    rows = Roadmap.objects.filter(pk__in=_ids(ids)).values(
        "pk", "uuid", "title", "government_id", "government__slug", "unit_id", "start_year", "end_year"
    )
    return {
        str(r["pk"]): Target(
            kind=K.ROADMAP,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=r["unit_id"],
            label=_("Road map: %(t)s") % {"t": r["title"]},
            url=reverse(
                "roadmaps:roadmap-detail", kwargs={"gov": r["government__slug"], "roadmap": r["uuid"]}
            ),
            year=_year(r["start_year"], r["end_year"]),
            folder=_("00 Road map dan penetapannya"),
            order=(0,),
        )
        for r in rows
    }


def _focus_folders(roadmap_ids: set[int], focus_keys: set[str]) -> dict[tuple[int, str], tuple[int, str]]:
    """(roadmap, focus key) → (order, "NN Title") from the packs each road map was written under."""
    through = Roadmap.pack_versions.through
    versions = through.objects.filter(roadmap_id__in=roadmap_ids).values_list("roadmap_id", "packversion_id")
    by_version: dict[int, list[int]] = {}
    for roadmap_id, version_id in versions:
        by_version.setdefault(version_id, []).append(roadmap_id)
    nodes = Node.objects.filter(version_id__in=by_version, key__in=focus_keys).values(
        "version_id", "key", "title", "order", "ref"
    )
    folders: dict[tuple[int, str], tuple[int, str]] = {}
    for node in nodes:
        for roadmap_id in by_version[node["version_id"]]:
            folders[(roadmap_id, node["key"])] = (node["order"], node["title"])
    return folders


def _folder(index: int, title: str) -> str:
    return f"{index:02d} {title}"


def resolve_actions(ids: list[str]) -> dict[str, Target]:
    rows = list(
        Action.objects.filter(pk__in=_ids(ids)).values(
            "pk",
            "uid",
            "order",
            "activity",
            "focus_key",
            "roadmap_id",
            "roadmap__uuid",
            "roadmap__title",
            "roadmap__start_year",
            "roadmap__end_year",
            "roadmap__unit_id",
            "government_id",
            "government__slug",
        )
    )
    folders = _focus_folders({r["roadmap_id"] for r in rows}, {r["focus_key"] for r in rows})
    ranks = {key: n for n, key in enumerate(sorted(set(folders.values())), start=1)}
    found = {}
    for r in rows:
        order, title = folders.get((r["roadmap_id"], r["focus_key"]), (10**6, r["focus_key"]))
        rank = ranks.get((order, title), 99)
        found[str(r["pk"])] = Target(
            kind=K.ACTION,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=r["roadmap__unit_id"],
            label=_("Rencana aksi: %(t)s") % {"t": _short(r["activity"])},
            url=reverse(
                "roadmaps:action-matrix", kwargs={"gov": r["government__slug"], "roadmap": r["roadmap__uuid"]}
            )
            + f"#a{r['uid'].hex}",
            context=r["roadmap__title"],
            year=_year(r["roadmap__start_year"], r["roadmap__end_year"]),
            folder=_folder(rank, title),
            order=(1, order, r["order"]),
        )
    return found


def resolve_quick_wins(ids: list[str]) -> dict[str, Target]:
    rows = QuickWin.objects.filter(pk__in=_ids(ids)).values(
        "pk",
        "uid",
        "order",
        "title",
        "deadline_on",
        "roadmap__uuid",
        "roadmap__title",
        "roadmap__start_year",
        "roadmap__end_year",
        "roadmap__unit_id",
        "government_id",
        "government__slug",
    )
    return {
        str(r["pk"]): Target(
            kind=K.QUICK_WIN,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=r["roadmap__unit_id"],
            label=_("Quick win: %(t)s") % {"t": _short(r["title"])},
            url=reverse(
                "roadmaps:section-list",
                kwargs={"gov": r["government__slug"], "roadmap": r["roadmap__uuid"], "section": "quick-win"},
            ),
            context=r["roadmap__title"],
            year=r["deadline_on"].year
            if r["deadline_on"]
            else _year(r["roadmap__start_year"], r["roadmap__end_year"]),
            folder=_("99 Quick win"),
            order=(2, r["order"]),
        )
        for r in rows
    }


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _find(resolver: Any, queryset: Any) -> Any:
    def find(request: Any, government: Any, target_id: str) -> Target:
        roadmaps = Roadmap.objects.visible_to(request.user).filter(government=government)
        ids = _ids([target_id])
        if not ids or not queryset(roadmaps).filter(pk=ids[0]).exists():
            raise Http404(_("Halaman tidak ditemukan."))
        return resolver([str(ids[0])])[str(ids[0])]

    return find


def roadmap_scope(target: Target) -> list[tuple[str, str]]:
    """A road map's packet holds its own evidence, its actions' and its quick wins'."""
    actions = Action.objects.filter(roadmap_id=int(target.id)).values_list("pk", flat=True)
    quick_wins = QuickWin.objects.filter(roadmap_id=int(target.id)).values_list("pk", flat=True)
    pairs: list[tuple[str, str]] = [(K.ACTION, str(pk)) for pk in actions]
    return pairs + [(K.QUICK_WIN, str(pk)) for pk in quick_wins]


def evidence_counts(
    roadmap: Roadmap, actions: list[int], quick_wins: list[int]
) -> dict[tuple[str, int], int]:
    """(kind, row pk) → number of evidence links, for a road map and the given rows, in one query."""
    counts: dict[tuple[str, int], int] = {}
    links = Link.objects.filter(government_id=roadmap.government_id).filter(
        Q(target_kind=K.ROADMAP, target_id=str(roadmap.pk))
        | Q(target_kind=K.ACTION, target_id__in=[str(pk) for pk in actions])
        | Q(target_kind=K.QUICK_WIN, target_id__in=[str(pk) for pk in quick_wins])
    )
    for kind, target_id in links.values_list("target_kind", "target_id"):
        key = (kind, int(target_id))
        counts[key] = counts.get(key, 0) + 1
    return counts


def register() -> None:
    targets.register(
        K.ROADMAP,
        resolve=resolve_roadmaps,
        find=_find(resolve_roadmaps, lambda roadmaps: roadmaps),
        scope=roadmap_scope,
    )
    targets.register(
        K.ACTION,
        resolve=resolve_actions,
        find=_find(resolve_actions, lambda roadmaps: Action.objects.filter(roadmap__in=roadmaps)),
    )
    targets.register(
        K.QUICK_WIN,
        resolve=resolve_quick_wins,
        find=_find(resolve_quick_wins, lambda roadmaps: QuickWin.objects.filter(roadmap__in=roadmaps)),
    )


def evidence_panel(request: Any, roadmap: Roadmap) -> tuple[str, dict[str, Any]] | None:
    """The road map page's panel: its own evidence with thumbnails and each row's evidence count."""
    # the gate's query costs ~5 ms to build and compile: readable_links runs it only when there are links
    own, hidden = readable_links(
        request.user,
        list(
            Link.objects.for_target(K.ROADMAP, [str(roadmap.pk)]).filter(government_id=roadmap.government_id)
        ),
    )
    rows = row_evidence(roadmap)
    return (
        "roadmaps/evidence_panel.html",
        {
            "roadmap": roadmap,
            "links": own,
            "hidden_links": hidden,
            "rows": rows,
            "rows_with_evidence": sum(1 for r in rows if r["count"]),
            "kind_roadmap": K.ROADMAP,
        },
    )


def row_evidence(roadmap: Roadmap) -> list[dict[str, Any]]:
    """Each action and quick win of ``roadmap`` with its number of evidence links and the address
    of its evidence page, in three queries (one reversed address for all rows: reversing and
    translating per row cost ~10 ms of the summary page at 300 actions)."""
    actions = list(
        Action.objects.filter(roadmap=roadmap).order_by("order", "id").values_list("pk", "activity")
    )
    quick_wins = list(
        QuickWin.objects.filter(roadmap=roadmap).order_by("order", "id").values_list("pk", "title")
    )
    counts = evidence_counts(roadmap, [pk for pk, _a in actions], [pk for pk, _t in quick_wins])
    slug = roadmap.government.slug
    rows: list[dict[str, Any]] = []
    for kind, found in ((K.ACTION, actions), (K.QUICK_WIN, quick_wins)):
        # ".../untuk/action/0/" → ".../untuk/action/" + pk + "/"
        base = reverse("evidence:attach", kwargs={"gov": slug, "kind": kind, "target": "0"})[:-2]
        rows += [
            {
                "kind": kind,
                "pk": pk,
                "label": _short(label),
                "count": counts.get((kind, pk), 0),
                "url": f"{base}{pk}/",
            }
            for pk, label in found
        ]
    return rows
