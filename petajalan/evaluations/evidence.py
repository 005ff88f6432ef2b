"""Worksheet answers (jawaban kriteria LKE) as targets of the evidence bank.

An answer's evidence sits in the packet folder of its place in the worksheet, named by the
worksheet's numbering ("1B Capaian Pelaksanaan Kebijakan RB/1B.H Elemen hard/1B.H.5 Nilai SAKIP"),
so the evaluator's packet follows the sheet; files sort by the item's order in the pack.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.evaluations import services
from petajalan.evaluations.models import Answer
from petajalan.evidence import targets
from petajalan.evidence.models import Link
from petajalan.evidence.targets import Target
from petajalan.frameworks.models import PackVersion

K = Link.TargetKind


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if re.fullmatch(r"\d{1,18}", i)]


def folder_of(path: list[Any]) -> str:
    """The packet folder of an item: its own "ref title", e.g. "1B.H.5 Nilai SAKIP" (the ref carries
    the worksheet numbering; the packet's folder names are flat and cut at 60 characters)."""
    node = path[-1]
    return f"{node.ref} {node.title}".strip()


def resolve_answers(ids: list[str]) -> dict[str, Target]:
    """Answers by id, in two queries (the answers, their worksheets; a worksheet read once is cached)."""
    rows = list(
        Answer.objects.filter(pk__in=_ids(ids)).values(
            "pk",
            "node_key",
            "ref",
            "order",
            "unit_id",
            "cycle__year",
            "cycle__worksheet_id",
            "cycle__government_id",
            "cycle__government__slug",
        )
    )
    versions = {
        v.pk: v
        for v in PackVersion.objects.filter(pk__in={r["cycle__worksheet_id"] for r in rows}).only(
            "pk", "checksum"
        )
    }
    found = {}
    for r in rows:
        worksheet = services.worksheet_of(versions[r["cycle__worksheet_id"]])
        node = worksheet.nodes.get(r["node_key"])
        path = worksheet.path(r["node_key"]) if node else []
        title = node.title if node else r["ref"]
        found[str(r["pk"])] = Target(
            kind=K.CRITERION_ANSWER,
            id=str(r["pk"]),
            government_id=r["cycle__government_id"],
            unit_id=r["unit_id"],
            label=_("Kriteria %(ref)s: %(t)s") % {"ref": r["ref"], "t": title},
            url=reverse(
                "evaluations:answer-detail", kwargs={"gov": r["cycle__government__slug"], "answer": r["pk"]}
            ),
            context=_("Evaluasi RB %(y)s") % {"y": r["cycle__year"]},
            year=r["cycle__year"],
            folder=folder_of(path) or r["ref"],
            order=(r["order"],),
        )
    return found


def find_answer(request: Any, government: Any, target_id: str) -> Target:
    """One answer of ``government`` the user may see (anyone in it), else 404."""
    ids = _ids([target_id])
    visible = Answer.objects.visible_to(request.user).filter(cycle__government=government)
    if not ids or not visible.filter(pk=ids[0]).exists():
        raise Http404(_("Halaman tidak ditemukan."))
    return resolve_answers([str(ids[0])])[str(ids[0])]


def answer_scope(target: Target) -> list[tuple[str, str]]:
    """Nothing lies under one answer: its packet is its own evidence."""
    return []


def register() -> None:
    targets.register(K.CRITERION_ANSWER, resolve=resolve_answers, find=find_answer, scope=answer_scope)
