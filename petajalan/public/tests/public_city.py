"""A public city for the public-page tests and bench/bench_public.py: enacted road maps with
verified and unverified quarters, a draft road map, comments, unverified figures, evaluation cycles
in several states, NIPs and e-mails, each carrying a marker the leak test searches every public
answer for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from petajalan.accounts.models import Government, Membership, Unit, User
from petajalan.evaluations import scoring
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.frameworks.models import PackVersion
from petajalan.monitoring.models import Realisation
from petajalan.monitoring.tests.city_data import City, seed_city
from petajalan.roadmaps.models import ChangeAgent, Comment, Roadmap, TeamMember
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.factories import make_person, make_unit

DRAFT_TITLE = "PENANDA-DRAF-RAHASIA"
DRAFT_ACTIVITY = "KEGIATAN-DRAF-RAHASIA"
COMMENT = "KOMENTAR-REVIU-RAHASIA"
NOTE = "CATATAN-BELUM-TERVERIFIKASI"
VERIFIER_NOTE = "CATATAN-VERIFIKATOR-RAHASIA"
UNVERIFIED_VALUE = Decimal("424242.42")
UNVERIFIED_SHOWN = ("424242", "424.242")
SIGNATORY_NIP = "196805172000031004"
TEAM_NIP = "197703122005011002"
AGENT_NIP = "198811202010012003"
UNIT_HEAD_NIP = "197001012000031001"  # the factories' unit heads
PERSON_NIP = "198501012010011002"
QUARTERS = [(2025, 1), (2025, 2)]


@dataclass
class PublicCity:
    government: Government
    city: City
    draft: Roadmap
    enacted: Roadmap
    cycles: dict[str, Cycle] = field(default_factory=dict)

    def emails(self) -> list[str]:
        return list(
            User.objects.filter(memberships__government=self.government).values_list("email", flat=True)
        )


def worst_answer(node: scoring.Node) -> str:
    if node.choices:
        return min(node.choices, key=lambda c: Decimal(str(node.conversion[c])))
    bounds = node.range
    return scoring.plain(bounds[0]) if bounds else "0"


def make_cycle(government: Government, year: int, *, phase: str, checked: int, published: bool) -> Cycle:
    """A cycle whose units claimed the best answer on every item; the Inspektorat checked the first
    ``checked`` items and changed each of them to the worst answer."""
    worksheet = PackVersion.objects.get(pack__key="lke", version="2023", owner__isnull=True)
    cycle = evaluations.open_cycle(actor=None, government=government, year=year, worksheet=worksheet)
    sheet = evaluations.worksheet_of(cycle.worksheet)
    rows = list(cycle.answers.order_by("order"))
    for n, answer in enumerate(rows):
        node = sheet.nodes[answer.node_key]
        answer.self_value = scoring.best_answer(node)
        if n < checked:
            answer.check_state = Answer.Check.CHANGED
            answer.verified_value = worst_answer(node)
    Answer.objects.bulk_update(rows, ["self_value", "check_state", "verified_value"])
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase, is_published=published)
    cycle.refresh_from_db()
    return cycle


def build_public_city(
    government: Government, *, units: int = 3, actions: int = 4, quarters: list[tuple[int, int]] | None = None
) -> PublicCity:
    """An enabled government with ``units`` enacted unit road maps and everything that must stay
    inside (see the module's docstring)."""
    Government.objects.filter(pk=government.pk).update(public_enabled=True, public_since=timezone.now())
    government.refresh_from_db()
    city = seed_city(government, units=units, actions=actions, quarters=quarters or QUARTERS)
    enacted = city.roadmaps[0]
    Roadmap.objects.filter(pk=enacted.pk).update(
        enactment_number="7",
        enacted_on=dt.date(2025, 3, 12),
        signatory_nip=SIGNATORY_NIP,
        signatory_name="Kepala Uji",
    )
    enacted.refresh_from_db()
    TeamMember.objects.create(
        roadmap=enacted,
        government=government,
        team=TeamMember.Team.STEERING,
        role="Ketua",
        name="Ketua Tim",
        nip=TEAM_NIP,
    )
    ChangeAgent.objects.create(roadmap=enacted, government=government, name="Agen Uji", nip=AGENT_NIP)
    draft_unit = make_unit(government, name="Dinas Draf", short_name="Draf")
    draft = make_roadmap(government, draft_unit, title=DRAFT_TITLE)
    make_action(draft, activity=DRAFT_ACTIVITY)
    for r in (enacted, draft):
        Comment.objects.create(government=government, roadmap=r, body=COMMENT)
    Realisation.objects.filter(government=government, is_counted=False).update(
        value=UNVERIFIED_VALUE, progress_note=NOTE
    )
    Realisation.objects.filter(government=government, is_counted=True).update(verifier_note=VERIFIER_NOTE)
    if not User.objects.filter(nip=PERSON_NIP).exists():
        make_person(government, Membership.Role.LEADER, nip=PERSON_NIP, email="rahasia.pimpinan@uji.test")
    return PublicCity(government, city, draft, enacted)


def add_cycles(made: PublicCity) -> PublicCity:
    """2023 closed and published (some items checked), 2024 published but still in verification,
    2025 closed but not published."""
    g = made.government
    made.cycles = {
        "closed": make_cycle(g, 2023, phase=Phase.CLOSED, checked=6, published=True),
        "verifying": make_cycle(g, 2024, phase=Phase.VERIFICATION, checked=6, published=True),
        "unpublished": make_cycle(g, 2022, phase=Phase.CLOSED, checked=6, published=False),
    }
    return made


def unit_names(government: Government) -> list[str]:
    return list(Unit.objects.filter(government=government).values_list("name", flat=True))
