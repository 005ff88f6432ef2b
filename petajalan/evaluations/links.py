"""Declaring which road-map actions serve a worksheet criterion (``ActionCriterion``): one write
service, atomic and audited, used by the next-points page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError
from petajalan.evaluations.models import ActionCriterion, Cycle
from petajalan.evaluations.services import worksheet_of
from petajalan.roadmaps.models import Action


def link_actions(
    *, actor: Any, cycle: Cycle, node_key: str, add: Iterable[int] = (), remove: Iterable[int] = ()
) -> list[int]:
    """Link the actions ``add`` to the criterion and unlink ``remove``; only actions of the cycle's
    government. Returns the ids of the actions linked afterwards."""
    node = worksheet_of(cycle.worksheet).nodes.get(node_key)
    if node is None or not node.is_item:
        raise ServiceError(_("Pilih kriteria dari lembar kerja evaluasi ini."), "kriteria")
    wanted, dropped = set(add), set(remove)
    if wanted & dropped:
        raise ServiceError(_("Rencana aksi yang sama tidak dapat ditautkan dan dilepas sekaligus."), "aksi")
    mine = set(
        Action.objects.filter(pk__in=wanted | dropped, government_id=cycle.government_id).values_list(
            "pk", flat=True
        )
    )
    if mine != wanted | dropped:
        raise ServiceError(_("Sebagian rencana aksi tidak ditemukan di pemerintah daerah ini."), "aksi")
    with transaction.atomic():
        linked = ActionCriterion.objects.filter(node_key=node_key, action__government_id=cycle.government_id)
        before = sorted(linked.values_list("action_id", flat=True))
        ActionCriterion.objects.bulk_create(
            [ActionCriterion(action_id=pk, node_key=node_key) for pk in sorted(wanted - set(before))]
        )
        if dropped:
            linked.filter(action_id__in=dropped).delete()
        after = sorted(linked.values_list("action_id", flat=True))
        if before != after:
            record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=cycle,
                government=cycle.government,
                object_type="evaluations.actioncriterion",
                summary=_("Rencana aksi pendukung kriteria %(ref)s") % {"ref": node.ref or node.key},
                before={"node_key": node_key, "actions": before},
                after={"node_key": node_key, "actions": after},
            )
    return after
