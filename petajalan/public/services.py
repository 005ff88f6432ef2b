"""Writes of the public page: the switch and the choice of published evaluation cycles (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government
from petajalan.evaluations.models import Cycle


def set_public_page(*, actor: Any, government: Government, enabled: bool) -> Government:
    """Switch the government's public page on or off; ``public_since`` is the time it was last
    switched on (kept when switched off, so the audit log and the page agree)."""
    with transaction.atomic():
        current = Government.objects.select_for_update().get(pk=government.pk)
        before = {"public_enabled": current.public_enabled}
        if current.public_enabled != enabled:
            current.public_enabled = enabled
            if enabled:
                current.public_since = timezone.now()
            current.save(update_fields=["public_enabled", "public_since"])
            record(
                actor=actor,
                action=AuditEvent.Action.ACTIVATE if enabled else AuditEvent.Action.DEACTIVATE,
                obj=current,
                government=current,
                object_type="public.page",
                before=before,
                after={"public_enabled": enabled},
                summary=_("Halaman publik diaktifkan") if enabled else _("Halaman publik dinonaktifkan"),
            )
    government.public_enabled, government.public_since = current.public_enabled, current.public_since
    return current


def set_published_cycles(*, actor: Any, government: Government, cycle_ids: Iterable[int]) -> list[int]:
    """Publish exactly the government's cycles in ``cycle_ids`` (others unpublished); each cycle
    that changes gets a new version and one audit event. Returns the ids that changed."""
    wanted = set(cycle_ids)
    changed: list[int] = []
    with transaction.atomic():
        cycles = list(Cycle.objects.select_for_update().filter(government=government).order_by("year"))
        for cycle in cycles:
            publish = cycle.pk in wanted
            if cycle.is_published == publish:
                continue
            Cycle.objects.filter(pk=cycle.pk).update(is_published=publish, version=F("version") + 1)
            changed.append(cycle.pk)
            record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=cycle,
                government=government,
                before={"is_published": cycle.is_published},
                after={"is_published": publish},
                summary=(
                    _("Hasil evaluasi %(y)s ditampilkan di halaman publik")
                    if publish
                    else _("Hasil evaluasi %(y)s tidak lagi ditampilkan di halaman publik")
                )
                % {"y": cycle.year},
            )
    return changed
