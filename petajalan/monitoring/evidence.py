"""Quarterly reports and their realisation rows as targets of the evidence bank.

A realisation row's evidence sits in the packet folder of its focus node, under the quarter; a
report's packet holds the report's own evidence and every row's.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.evidence import targets
from petajalan.evidence.models import Link
from petajalan.evidence.targets import Target
from petajalan.monitoring.calendar import quarter_label
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.roadmaps.evidence import resolve_actions

K = Link.TargetKind


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if re.fullmatch(r"\d{1,18}", i)]


def _report_url(slug: str, report_uuid: Any) -> str:
    return reverse("monitoring:report-detail", kwargs={"gov": slug, "report": report_uuid})


def resolve_reports(ids: list[str]) -> dict[str, Target]:
    rows = QuarterReport.objects.filter(pk__in=_ids(ids)).values(
        "pk", "uuid", "year", "quarter", "unit_id", "government_id", "government__slug", "roadmap__title"
    )
    return {
        str(r["pk"]): Target(
            kind=K.QUARTER_REPORT,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=r["unit_id"],
            label=_("Laporan %(q)s %(y)s") % {"q": quarter_label(r["quarter"]), "y": r["year"]},
            url=_report_url(r["government__slug"], r["uuid"]),
            context=r["roadmap__title"],
            year=r["year"],
            folder=_("00 Laporan triwulan"),
            order=(0,),
        )
        for r in rows
    }


def resolve_realisations(ids: list[str]) -> dict[str, Target]:
    rows = list(
        Realisation.objects.filter(pk__in=_ids(ids)).values(
            "pk",
            "action_id",
            "year",
            "quarter",
            "unit_id",
            "government_id",
            "government__slug",
            "report__uuid",
            "report__roadmap__title",
        )
    )
    actions = resolve_actions([str(r["action_id"]) for r in rows])
    found = {}
    for r in rows:
        action = actions.get(str(r["action_id"]))
        found[str(r["pk"])] = Target(
            kind=K.REALISATION,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=r["unit_id"],
            label=_("Realisasi %(q)s %(y)s: %(a)s")
            % {
                "q": quarter_label(r["quarter"]),
                "y": r["year"],
                "a": action.label.split(": ", 1)[-1] if action else "",
            },
            url=_report_url(r["government__slug"], r["report__uuid"]) + f"#r{r['pk']}",
            context=r["report__roadmap__title"],
            year=r["year"],
            folder=action.folder if action else "",
            order=action.order if action else (9,),
        )
    return found


def _finder(resolver: Any, model: Any) -> Any:
    def find(request: Any, government: Any, target_id: str) -> Target:
        ids = _ids([target_id])
        visible = model.objects.visible_to(request.user).filter(government=government)
        if not ids or not visible.filter(pk=ids[0]).exists():
            raise Http404(_("Halaman tidak ditemukan."))
        return resolver([str(ids[0])])[str(ids[0])]

    return find


def report_scope(target: Target) -> list[tuple[str, str]]:
    """A quarter's packet: the report's own evidence and every row's."""
    ids = Realisation.objects.filter(report_id=int(target.id)).values_list("pk", flat=True)
    return [(str(K.REALISATION), str(pk)) for pk in ids]


def register() -> None:
    targets.register(
        K.QUARTER_REPORT,
        resolve=resolve_reports,
        find=_finder(resolve_reports, QuarterReport),
        scope=report_scope,
    )
    targets.register(
        K.REALISATION, resolve=resolve_realisations, find=_finder(resolve_realisations, Realisation)
    )
