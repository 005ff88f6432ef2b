"""A lean city for the load test (``make load``): one unit, road maps and quarter report per user.

``python -m bench.load_seed --users 50 --manifest var/load/manifest.json`` migrates the database in
``DATABASE_URL``, loads the framework packs and writes the fictional city "Kota Beban" through the
product's services (``create_roadmap``, ``apply_plain``, ``open_report``, ``upload_item``), then the
manifest that ``bench/load.py`` reads: who logs in and which rows are whose.

Every simulated user i (``penyusun.NN@beban.test``) drafts for unit i, which has an enacted road map
for the period ending this year (with the current quarter's report open, a row per action) and a
draft road map of the next period (the action matrix). Every tenth user, from the third on, is a
leader (``pimpinan.NN@beban.test``: dashboards and reads); their unit is seeded all the same, so the
lists are as long whatever the mix. All drafters also draft for one shared unit: its few rows are
the ones edited concurrently on purpose (409 "stale edit" is the expected answer there).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

SLUG = "kota-beban"
PASSWORD = "beban-uji-petajalan"  # noqa: S105 - a fictional load-test city on a throwaway database
THEMES = ["kesehatan", "adminduk", "pendidikan", "spbe", "perizinan", "kepegawaian", "sosial", "kearsipan"]


def is_leader(index: int) -> bool:
    """Users 2, 12, 22, …: one in ten reads dashboards instead of typing."""
    return index % 10 == 2


@dataclass
class RoadmapRows:
    """One road map with the uids of its actions (the matrix) or one report with its rows."""

    uuid: str
    rows: list[str] = field(default_factory=list)


@dataclass
class LoadUser:
    index: int
    email: str
    role: str  # "drafter" or "leader"
    draft: RoadmapRows | None = None  # own draft road map: action uids
    report: RoadmapRows | None = None  # own quarter report: realisation ids
    enacted: str = ""  # own enacted road map's uuid (its quarters page)
    api_token: str = ""  # a read token of this person, for the API reads


@dataclass
class Manifest:
    """What the load client needs to know about the seeded city."""

    government: str
    password: str
    year: int
    quarter: int
    users: list[LoadUser]
    shared_draft: RoadmapRows
    shared_report: RoadmapRows
    roadmaps: list[str]  # every unit road map's uuid (leaders read any of them)
    enacted: list[str]  # the enacted ones (their open data, JSON)
    units: int  # rows of the unit list (the plain list page)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        users = []
        for u in data.pop("users"):
            draft, report = u.pop("draft"), u.pop("report")
            users.append(
                LoadUser(
                    **u,
                    draft=RoadmapRows(**draft) if draft else None,
                    report=RoadmapRows(**report) if report else None,
                )
            )
        return cls(
            users=users,
            shared_draft=RoadmapRows(**data.pop("shared_draft")),
            shared_report=RoadmapRows(**data.pop("shared_report")),
            **data,
        )


def seed(*, users: int = 50, actions: int = 12, shared_rows: int = 2, password: str = PASSWORD) -> Manifest:
    """Write Kota Beban into an empty database whose framework packs are loaded (``load_frameworks``)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from petajalan.accounts.models import Government, Membership, Unit, User
    from petajalan.monitoring import calendar
    from petajalan.monitoring import services as monitoring
    from petajalan.roadmaps import hooks
    from petajalan.roadmaps.models import Roadmap, Snapshot
    from petajalan.roadmaps.services import (
        apply_plain,
        create_roadmap,
        focus_nodes,
        freeze_snapshot,
        to_plain,
    )

    R = Membership.Role
    if Government.objects.filter(slug=SLUG).exists():
        raise SystemExit(f"{SLUG} is already in this database: the load test seeds a fresh one.")
    today = timezone.localdate()
    year, quarter = calendar.quarter_of(today)
    hashed = make_password(password)  # once: the production hasher costs 0.5-1 s a user

    def person(email: str, name: str) -> User:
        user = User.objects.create_user(email, None, full_name=name)
        User.objects.filter(pk=user.pk).update(password=hashed)
        return user

    with transaction.atomic():
        government = Government.objects.create(
            slug=SLUG,
            kind=Government.Kind.KOTA,
            name="Kota Beban",
            province="Sumatera Utara",
            code="99.98",
            is_fictional=True,
        )
        admin = person("admin@beban.test", "Admin Bagian Organisasi (fiktif)")
        Membership.objects.create(user=admin, government=government, role=R.ADMIN)

        def unit(n: int, name: str, short: str) -> Unit:
            return Unit.objects.create(
                government=government,
                name=name,
                short_name=short,
                kind=Unit.Kind.DINAS,
                code=f"9.{n // 100:02d}.0.00.0.00.{n % 100:02d}.0000",
                head_name="Kepala (fiktif)",
            )

        shared_unit = unit(0, "Dinas Bersama (baris yang diubah bersamaan)", "Bersama")
        load_users: list[LoadUser] = []
        units: list[Unit] = []
        drafters: list[User | None] = []
        for i in range(users):
            u = unit(i + 1, f"Dinas Beban {i + 1:02d}", f"Beban {i + 1:02d}")
            units.append(u)
            if is_leader(i):
                email = f"pimpinan.{i + 1:02d}@beban.test"
                user = person(email, f"Pimpinan {i + 1:02d} (fiktif)")
                Membership.objects.create(user=user, government=government, role=R.LEADER)
                load_users.append(LoadUser(index=i, email=email, role="leader"))
                drafters.append(None)
                continue
            email = f"penyusun.{i + 1:02d}@beban.test"
            user = person(email, f"Penyusun {i + 1:02d} (fiktif)")
            Membership.objects.create(user=user, government=government, role=R.DRAFTER, unit=u)
            Membership.objects.create(user=user, government=government, role=R.DRAFTER, unit=shared_unit)
            load_users.append(LoadUser(index=i, email=email, role="drafter"))
            drafters.append(user)

    def roadmaps_of(u: Unit, actor: User, n_rows: int, theme: str) -> tuple[Roadmap, Roadmap]:
        """The unit's enacted road map (period ending this year) and its draft of the next one."""
        made = []
        for start, status in ((year - 4, Roadmap.Status.ENACTED), (year + 1, Roadmap.Status.DRAFT)):
            r = create_roadmap(
                actor=actor, government=government, unit=u, start_year=start, end_year=start + 4
            )
            plain = to_plain(r)
            plain.actions = _actions(r, u, n_rows, theme, [n.key for n in focus_nodes(r)])
            apply_plain(actor=actor, roadmap=r, plain=plain)
            if status == Roadmap.Status.ENACTED:
                Roadmap.objects.filter(pk=r.pk).update(
                    status=status, enacted_on=today.replace(month=1, day=15), enactment_number=f"{u.pk}"
                )
                r.refresh_from_db()
                freeze_snapshot(actor=admin, roadmap=r, kind=Snapshot.Kind.ENACT)
            hooks.content_changed(r)  # the clinic's stored review, as after a save through the pages
            made.append(r)
        return made[0], made[1]

    every: list[str] = []
    with transaction.atomic():
        enacted, draft = roadmaps_of(shared_unit, admin, shared_rows, "perencanaan")
        shared_report = monitoring.open_report(actor=admin, roadmap=enacted, year=year, quarter=quarter)
        shared = (
            RoadmapRows(
                str(draft.uuid),
                [str(uid) for uid in draft.actions.order_by("order").values_list("uid", flat=True)],
            ),
            RoadmapRows(str(shared_report.uuid), _row_ids(shared_report)),
        )
        every += [str(enacted.uuid), str(draft.uuid)]
        in_force = [str(enacted.uuid)]
    for i, (u, drafter, lu) in enumerate(zip(units, drafters, load_users, strict=True)):
        with transaction.atomic():
            actor = drafter or admin
            enacted, draft = roadmaps_of(u, actor, actions, THEMES[i % len(THEMES)])
            report = monitoring.open_report(actor=actor, roadmap=enacted, year=year, quarter=quarter)
            _evidence(actor, government, u, draft)
            every += [str(enacted.uuid), str(draft.uuid)]
            in_force.append(str(enacted.uuid))
            if drafter is not None:
                lu.draft = RoadmapRows(
                    str(draft.uuid),
                    [str(uid) for uid in draft.actions.order_by("order").values_list("uid", flat=True)],
                )
                lu.report = RoadmapRows(str(report.uuid), _row_ids(report))
                lu.enacted = str(enacted.uuid)
    from petajalan.api.services import create_token

    for lu in load_users:
        user = User.objects.get(email=lu.email)
        lu.api_token = create_token(actor=user, user=user, name="uji beban", scope="read", days=7).text
    return Manifest(
        government=SLUG,
        password=password,
        year=year,
        quarter=quarter,
        users=load_users,
        shared_draft=shared[0],
        shared_report=shared[1],
        roadmaps=every,
        enacted=in_force,
        units=users + 1,
    )


def _row_ids(report: Any) -> list[str]:
    return [
        str(pk)
        for pk in report.realisations.order_by("action__order", "action_id").values_list("pk", flat=True)
    ]


def _actions(roadmap: Any, unit: Any, n: int, theme: str, known: list[str]) -> list[Any]:
    """``n`` rows in the demo's words (``roadmaps.demo_rows.ROWS``), due every quarter of the period."""
    from petajalan.roadmaps import plain as P
    from petajalan.roadmaps.demo_rows import ROWS

    pool = [r for r in ROWS[theme] if r[0] in known] or [
        r for rows in ROWS.values() for r in rows if r[0] in known
    ]
    schedule = [f"{y}-Q{q}" for y in roadmap.years for q in (1, 2, 3, 4)]
    found = []
    for k in range(n):
        key, _problem, _evidence, activity, output, indicator, uom, base, targets, budget, direction = pool[
            k % len(pool)
        ][:11]
        found.append(
            P.Action(
                uid=str(uuid.uuid4()),
                focus_key=key,
                activity=f"{activity} (tahap {k // len(pool) + 1})" if k >= len(pool) else activity,
                output=output,
                indicator=indicator,
                unit_of_measure=uom,
                direction=direction,
                baseline_year=roadmap.start_year - 1 if base is not None else None,
                baseline_value=Decimal(str(base)) if base is not None else None,
                targets=[
                    P.YearValue(y, Decimal(str(v)))
                    for y, v in zip(roadmap.years, targets, strict=False)
                    if v is not None
                ],
                budgets=[P.YearValue(y, Decimal(budget)) for y in roadmap.years] if budget else [],
                no_budget_needed=not budget,
                responsible_unit=unit.short_name,
                schedule=schedule,
                expected_evidence="SK, SOP, laporan capaian triwulan",
                order=k + 1,
            )
        )
    return found


def _evidence(actor: Any, government: Any, unit: Any, roadmap: Any) -> None:
    """Two small data tables per unit in the evidence bank, linked to its draft road map."""
    from petajalan.evidence import services
    from petajalan.evidence.models import Item, Link
    from petajalan.evidence.targets import resolve

    target = resolve([(Link.TargetKind.ROADMAP, str(roadmap.pk))])[(Link.TargetKind.ROADMAP, str(roadmap.pk))]
    for n in (1, 2):
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["bulan", "layanan", "unit"])
        for month in range(1, 13):
            writer.writerow([month, 100 + 7 * month + n, unit.short_name])
        services.upload_item(
            actor=actor,
            government=government,
            upload=services.Upload(io.BytesIO(text.getvalue().encode()), f"rekap-{unit.pk}-{n}.csv"),
            data={
                "title": f"Rekap layanan {unit.short_name} ({n})",
                "kind": Item.Kind.DATA_TABLE,
                "unit": unit,
                "tags": "beban",
                "description": "Data fiktif untuk uji beban.",
            },
            link_to=target,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--actions", type=int, default=12, help="action rows per road map")
    parser.add_argument("--shared-rows", type=int, default=2, help="rows of each kind every drafter edits")
    parser.add_argument("--manifest", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_frameworks", verbosity=0)
    manifest = seed(users=args.users, actions=args.actions, shared_rows=args.shared_rows)
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(manifest.to_json())
    print(
        f"Seeded {SLUG}: {args.users} users, {manifest.units} units, {len(manifest.roadmaps)} road maps "
        f"in {time.perf_counter() - started:.1f} s → {args.manifest}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
