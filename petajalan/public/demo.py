"""The demo's public page: Tanjungbalai (fictional) switched on, its closed 2023 and 2024 evaluation
results published. Idempotent: a second run changes nothing."""

from __future__ import annotations

from petajalan.accounts.models import Government
from petajalan.evaluations.models import Cycle, Phase
from petajalan.public.services import set_public_page, set_published_cycles

DEMO_SLUG = "tanjungbalai"
PUBLISHED_YEARS = (2023, 2024)


def build_demo_public(password: str) -> None:
    government = Government.objects.filter(slug=DEMO_SLUG).first()
    if government is None:
        return
    if not government.public_enabled:
        set_public_page(actor=None, government=government, enabled=True)
    cycles = Cycle.objects.filter(government=government)
    wanted = set(cycles.filter(year__in=PUBLISHED_YEARS, phase=Phase.CLOSED).values_list("pk", flat=True))
    wanted |= set(cycles.filter(is_published=True).values_list("pk", flat=True))
    set_published_cycles(actor=None, government=government, cycle_ids=wanted)
