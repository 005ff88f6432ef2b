"""National-size fictional data in bulk (``petajalan generate_scale``), for ``make bench-scale`` and the
EXPLAIN test: many governments, each with units, one enacted road map per unit, quarterly targets,
reports and realisation rows, evidence, audit events and two evaluation cycles.

Everything is labelled fictional: ``Government.is_fictional``, names such as "Kota Fiktif 007"
under "Provinsi Fiktif 01", e-mail addresses under ``.test``. Rows go into the models' own tables
through their real schema, with PostgreSQL's ``COPY`` (``bulk.Sink``), else ``bulk_create`` in
batches; ids of rows others point at are reserved from the table's sequence first. First each
government is written with its road maps (one transaction each), then the quarters one by one, every
government's reports of the quarter together: on disk a government's rows of a quarter lie between
the other governments' rows, as they do when every city reports in the same weeks. What each row
holds depends only on its place (``scale_rows.py``): government 1 holds the same rows whether 6 or 60
are generated, so its pages can be timed at both sizes. Evaluation cycles go through
``evaluations.services``.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User
from petajalan.evidence.models import Blob, Item, Link, Version
from petajalan.evidence.storage import content_key, evidence_storage
from petajalan.frameworks.models import Node
from petajalan.lib.formatting import angka
from petajalan.monitoring import calendar
from petajalan.monitoring.achievement import achievement
from petajalan.monitoring.models import Holiday, Period, QuarterReport, Realisation, Settings
from petajalan.ops.bulk import Ids, Load, Sink, analyze, postgres
from petajalan.ops.scale_rows import (
    ACTION,
    CITY_ACTIONS,
    LINK_EVERY,
    NOTES,
    REALISATION,
    SHARES,
    UNIT_NAMES,
    Report,
    Template,
    achieved,
    answer_for,
    at,
    quarters_back,
    status_of,
    templates,
    typed,
    unit_kind,
)
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, Chapter, Problem, QuickWin, Roadmap

LINK = ("government_id", "item_id", "version_id", "target_kind", "target_id", "created_by_id", "created_at")
SLUG = "kota-fiktif-{:03d}"
PROVINCE_SLUG = "provinsi-fiktif-{:02d}"
S = QuarterReport.Status
A = AuditEvent.Action
K = Link.TargetKind


@dataclass(frozen=True)
class Shape:
    """How much to generate: ``governments`` × ``units`` × ``actions`` × ``quarters``."""

    governments: int
    units: int = 40
    actions: int = 150
    quarters: int = 20
    per_province: int = 5  # governments a fictional province holds: province 01 alike at 6 and 60
    today: dt.date | None = None

    @property
    def realisations(self) -> int:
        """Unit realisation rows (the city road map's few rows come on top)."""
        return self.governments * self.units * self.actions * self.quarters


@dataclass
class Summary:
    governments: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, label: str, n: int) -> int:
        self.rows[label] = self.rows.get(label, 0) + n
        return n


@dataclass
class City:
    """A government written in the first pass, as the quarters need it."""

    id: int
    admin_id: int
    roadmaps: list[tuple[int, int | None]]  # (road-map id, unit id or None: the city's)
    actions: dict[int, list[tuple[int, Template]]]  # road-map id → its actions
    items: dict[int, tuple[int, int]]  # road-map index → its unit's first item and version ids


class Generator:
    """Writes ``shape`` into the database (see the module)."""

    def __init__(
        self, shape: Shape, *, password: str | None = None, say: Callable[[str], Any] = print
    ) -> None:
        from django.contrib.auth.hashers import make_password

        self.shape, self.say = shape, say
        self.today = shape.today or timezone.localdate()
        self.quarters = quarters_back(self.today, shape.quarters)
        self.start_year = self.quarters[0][0]
        self.end_year = max(self.start_year + 4, self.quarters[-1][0])
        self.years = list(range(self.start_year, self.end_year + 1))
        self.period = f"{self.start_year}-{self.end_year}"
        self.schedule = [f"{y}-Q{q}" for y, q in self.quarters]
        self.templates = templates()
        self.ids = Ids()
        self.summary = Summary()
        self.hashed = make_password(password)  # once: None gives an unusable password
        self.now = timezone.now()
        days_off = calendar.indonesian_holidays([*self.years, self.end_year + 1])
        self.holidays = sorted(days_off.items())
        rules = Settings()
        self.periods = {
            (y, q): calendar.default_dates(
                y, q, due_working_days=rules.due_working_days, lock_days=rules.lock_days, holidays=days_off
            )
            for y, q in self.quarters
        }
        self.money: dict[tuple[Decimal, Decimal], Decimal] = {}

    # the whole run

    def run(self) -> Summary:
        started = time.perf_counter()

        def progress(label: str, since: float) -> None:
            now = time.perf_counter()
            self.say(f"  {label} ({angka(now - since, 1)} s; total {angka(now - started)} s)")

        if postgres():
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")  # this session only: a throwaway database
        cities: list[City] = []
        province: Government | None = None
        with Load() as load:
            for i in range(1, self.shape.governments + 1):
                one = time.perf_counter()
                with transaction.atomic():
                    if (i - 1) % self.shape.per_province == 0:
                        province = self.province((i - 1) // self.shape.per_province + 1)
                    assert province is not None
                    cities.append(self.government(i, province))
                progress(f"{SLUG.format(i)}: road map, target, data dukung, evaluasi", one)
            for k, (y, q) in enumerate(self.quarters):
                one = time.perf_counter()
                with transaction.atomic():
                    for city in cities:
                        self.quarter(city, k)
                progress(f"{y} TW {q}: {angka(self.summary.rows.get('realisasi', 0))} baris realisasi", one)
            if load.unchecked:
                self.say("  memeriksa semua kunci asing …")
            if dangling := load.check():
                raise RuntimeError(f"dangling foreign keys: {', '.join(dangling)}")
        if postgres():
            self.say("  VACUUM ANALYZE …")
            analyze()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def province(self, p: int) -> Government:
        name = f"Provinsi Fiktif {p:02d}"
        made = Government.objects.create(
            slug=PROVINCE_SLUG.format(p),
            kind=Government.Kind.PROVINSI,
            name=name,
            province=name,
            code=f"F{p:02d}",
            is_fictional=True,
        )
        self.person(made, f"Admin Biro Organisasi {name} (fiktif)")
        self.summary.provinces.append(made.slug)
        return made

    def person(self, government: Government, name: str) -> User:
        """The government's admin (Bagian Organisasi); the password is set once for everyone."""
        user = User(email=f"admin@{government.slug}.test", full_name=name, password=self.hashed)
        user.save()
        Membership.objects.create(user=user, government=government, role=Membership.Role.ADMIN)
        return user

    # first pass: one government

    def government(self, i: int, province: Government) -> City:
        from petajalan.roadmaps.services.create import versions_in_force

        name = f"Kota Fiktif {i:03d}"
        gov = Government.objects.create(
            slug=SLUG.format(i),
            kind=Government.Kind.KOTA,
            name=name,
            province=province.name,
            code=f"{province.code}.{i:03d}",
            parent=province,
            is_fictional=True,
        )
        self.summary.governments.append(gov.slug)
        admin = self.person(gov, f"Admin Bagian Organisasi {name} (fiktif)")
        Settings.objects.create(government=gov)
        Holiday.objects.bulk_create(
            Holiday(government=gov, on=day, name=label[:150], is_from_package=True)
            for day, label in self.holidays
        )
        Period.objects.bulk_create(
            Period(government=gov, year=y, quarter=q, due_on=due, locks_on=locks)
            for (y, q), (due, locks) in self.periods.items()
        )
        units = self.units(gov)
        roadmaps = self.roadmaps(gov, admin, units, versions_in_force(gov))
        actions = self.actions(gov, admin, units, roadmaps)
        items = self.bank(gov, admin, roadmaps, actions)
        self.evaluations(gov, admin)
        return City(gov.pk, admin.pk, roadmaps, actions, items)

    def units(self, gov: Government) -> list[tuple[int, str, str]]:
        """(id, name, short name) of the government's units."""
        n = self.shape.units
        names = [
            *UNIT_NAMES,
            *((f"Unit Fiktif {j + 1}", f"Unit {j + 1}") for j in range(len(UNIT_NAMES), n)),
        ][:n]
        first = self.ids.take(Unit, n)
        made = [(first + j, name, short) for j, (name, short) in enumerate(names)]
        sink = Sink(
            Unit, ("id", "government_id", "name", "short_name", "kind", "code", "head_name", "head_position")
        )
        self.summary.add(
            "perangkat daerah",
            sink.write(
                (pk, gov.pk, name, short, unit_kind(name), f"9.{j // 100:02d}.0.00.0.00.{j % 100:02d}.0000",
                 f"Kepala {short} (fiktif)", f"Kepala {name}")
                for j, (pk, name, short) in enumerate(made)
            ),
        )  # fmt: skip
        return made

    def roadmaps(
        self, gov: Government, admin: User, units: list[tuple[int, str, str]], versions: list[Any]
    ) -> list[tuple[int, int | None]]:
        """One enacted road map per unit, then the city's: (id, unit id or None)."""
        from petajalan.roadmaps.demo_text import CHAPTER_TEXT
        from petajalan.roadmaps.services.create import DEFAULT_OUTLINE

        owners: list[tuple[int | None, str]] = [(pk, name) for pk, name, _short in units] + [(None, gov.name)]
        first = self.ids.take(Roadmap, len(owners))
        made = [(first + j, unit_id) for j, (unit_id, _name) in enumerate(owners)]
        enacted = dt.date(self.start_year, 1, 20)
        sink = Sink(
            Roadmap,
            ("id", "government_id", "unit_id", "title", "start_year", "end_year", "period_label", "status",
             "enactment_number", "enacted_on", "created_by_id"),
        )  # fmt: skip
        self.summary.add(
            "road map",
            sink.write(
                (pk, gov.pk, unit_id, f"Road Map Reformasi Birokrasi {owner} {self.period}", self.start_year,
                 self.end_year, self.period, Roadmap.Status.ENACTED, str(j + 1), enacted, admin.pk)
                for j, ((pk, unit_id), (_u, owner)) in enumerate(zip(made, owners, strict=True))
            ),
        )  # fmt: skip
        through = Roadmap.pack_versions.through
        Sink(through, ("roadmap_id", "packversion_id")).write((pk, v.pk) for pk, _u in made for v in versions)
        outline = [v for v in versions if v.pack.purpose == "outline"]
        nodes = Node.objects.filter(version__in=outline, kind=Node.Kind.CHAPTER).order_by("order", "id")
        chapters = [(n.key, n.ref, n.title, n.guidance or n.description) for n in nodes] or DEFAULT_OUTLINE
        sink = Sink(
            Chapter, ("government_id", "roadmap_id", "key", "ref", "title", "body", "guidance", "order")
        )
        self.summary.add(
            "bab",
            sink.write(
                (gov.pk, pk, key, ref, title,
                 CHAPTER_TEXT.get(key.rsplit(":", 1)[-1], "").format(unit=owner, period=self.period),
                 guidance, order)
                for (pk, _u), (_id, owner) in zip(made, owners, strict=True)
                for order, (key, ref, title, guidance) in enumerate(chapters, start=1)
            ),
        )  # fmt: skip
        sink = Sink(QuickWin, ("government_id", "roadmap_id", "title", "change_for_citizens", "owner",
                               "deadline_on", "before_measure", "after_measure", "order"))  # fmt: skip
        sink.write(
            (gov.pk, pk, title, change, owner, dt.date(self.start_year, 12, 15), before, after, k + 1)
            for (pk, _u), (_id, owner) in zip(made, owners, strict=True)
            for k, (title, change, before, after) in enumerate(
                (
                    (
                        "Layanan tanpa antre",
                        "Warga mengambil nomor antrean dari rumah",
                        "75 menit",
                        "15 menit",
                    ),
                    (
                        "Izin selesai di hari yang sama",
                        "Pemohon tidak perlu datang dua kali",
                        "5 hari",
                        "1 hari",
                    ),
                )
            )
        )
        return made

    def template_of(self, n_roadmap: int, n: int, city: bool) -> Template:
        return self.templates[(n * 5 if city else n_roadmap * 7 + n) % len(self.templates)]

    def yearly(self, t: Template, year: int) -> Decimal | None:
        """The template's target for ``year`` (its fifth year's beyond five)."""
        if not t.targets:
            return None
        return t.targets[min(year - self.start_year, len(t.targets) - 1)]

    def actions(
        self,
        gov: Government,
        admin: User,
        units: list[tuple[int, str, str]],
        roadmaps: list[tuple[int, int | None]],
    ) -> dict[int, list[tuple[int, Template]]]:
        """The action matrix of each road map, its problems, yearly and quarterly targets and budgets:
        road-map id → [(action id, template)]."""
        plan: list[tuple[int, int | None, list[Template]]] = []
        for j, (rid, unit_id) in enumerate(roadmaps):
            city = unit_id is None
            count = min(CITY_ACTIONS, self.shape.actions) if city else self.shape.actions
            plan.append((rid, unit_id, [self.template_of(j, n, city) for n in range(count)]))
        first = self.ids.take(Action, sum(len(ts) for _r, _u, ts in plan))
        # one problem per distinct template of a road map, answered by the actions made from it
        problem_of: dict[tuple[int, int], int] = {}
        problems: list[tuple[int, Template]] = []
        for rid, _u, ts in plan:
            for t in ts:
                if (rid, t.index) not in problem_of:
                    problem_of[rid, t.index] = len(problems)
                    problems.append((rid, t))
        first_problem = self.ids.take(Problem, len(problems))
        Sink(
            Problem, ("id", "government_id", "roadmap_id", "focus_key", "statement", "evidence", "order")
        ).write(
            (first_problem + k, gov.pk, rid, t.focus_key, t.problem, t.evidence, k + 1)
            for k, (rid, t) in enumerate(problems)
        )
        made: dict[int, list[tuple[int, Template]]] = {}
        pk = first
        for rid, _u, ts in plan:
            made[rid] = [(pk + n, t) for n, t in enumerate(ts)]
            pk += len(ts)
        n_templates = len(self.templates)
        self.summary.add(
            "rencana aksi",
            Sink(Action, ACTION).write(
                (aid, gov.pk, rid, t.focus_key,
                 t.activity if n < n_templates else f"{t.activity} (tahap {n // n_templates + 1})",
                 t.output, t.indicator, t.unit_of_measure, t.direction, self.start_year - 1, t.baseline,
                 t.budget is None, units[n % len(units)][0] if unit_id is None else unit_id,
                 self.schedule, "SK, SOP, laporan capaian triwulan", n + 1, admin.pk)
                for rid, unit_id, _ts in plan
                for n, (aid, t) in enumerate(made[rid])
            ),
        )  # fmt: skip
        Sink(Action.problems.through, ("action_id", "problem_id")).write(
            (aid, first_problem + problem_of[rid, t.index]) for rid, pairs in made.items() for aid, t in pairs
        )
        every = [(aid, t) for pairs in made.values() for aid, t in pairs]
        self.summary.add(
            "target",
            Sink(ActionTarget, ("government_id", "action_id", "year", "quarter", "value")).write(
                itertools.chain(
                    (
                        (gov.pk, aid, y, None, v)
                        for aid, t in every
                        for y in self.years
                        if (v := self.yearly(t, y)) is not None
                    ),
                    (
                        (gov.pk, aid, y, q, v)
                        for aid, t in every
                        for y, q in self.quarters
                        if (v := self.yearly(t, y)) is not None
                    ),
                )
            ),
        )
        Sink(ActionBudget, ("government_id", "action_id", "year", "amount")).write(
            (gov.pk, aid, y, t.budget) for aid, t in every if t.budget for y in self.years
        )
        return made

    def spent(self, planned: Decimal | None, share: Decimal) -> Decimal | None:
        if not planned:
            return None
        key = (planned, share)
        if key not in self.money:
            self.money[key] = (planned / 4 * min(share, Decimal(1))).quantize(Decimal(1))
        return self.money[key]

    def bank(
        self,
        gov: Government,
        admin: User,
        roadmaps: list[tuple[int, int | None]],
        actions: dict[int, list[tuple[int, Template]]],
    ) -> dict[int, tuple[int, int]]:
        """Two small data tables per unit in the evidence bank (real files, one blob each), the first
        linked to each of the unit's actions; returns road-map index → (first item id, version id)."""
        from django.conf import settings

        from petajalan.evidence.inspect import inspect_upload
        from petajalan.evidence.services import build_search_text

        owned = [(j, rid, unit_id) for j, (rid, unit_id) in enumerate(roadmaps) if unit_id is not None]
        n = 2 * len(owned)
        first_blob, first_item, first_version = (self.ids.take(m, n) for m in (Blob, Item, Version))
        storage = evidence_storage()
        blobs, items, versions = [], [], []
        found: dict[int, tuple[int, int]] = {}
        for m, (j, _rid, unit_id) in enumerate(owned):
            found[j] = (first_item + 2 * m, first_version + 2 * m)
            for half in (0, 1):
                k = 2 * m + half
                lines = ["bulan,layanan,perangkat daerah,pemerintah daerah"]
                lines += [
                    f"{month},{100 + 7 * month + half + j},{unit_id},{gov.name} (fiktif)"
                    for month in range(1, 13)
                ]
                content = ("\n".join(lines) + "\n").encode()
                name = f"rekap-layanan-{unit_id}-{half + 1}.csv"
                seen = inspect_upload(io.BytesIO(content), name, max_bytes=int(settings.EVIDENCE_MAX_BYTES))
                key = content_key(seen.sha256, seen.extension)
                if not storage.exists(key):
                    key = storage.save(key, ContentFile(content, name=seen.storage_name))
                blobs.append((first_blob + k, seen.sha256, seen.size, seen.kind, seen.content_type, key,
                              seen.pages, seen.text, Blob.Thumbnail.NONE))  # fmt: skip
                title = f"Rekap layanan triwulanan {half + 1} (fiktif)"
                item = Item(title=title, kind=Item.Kind.DATA_TABLE, tags="fiktif, skala", issuer=gov.name)
                search = f"{build_search_text(item, None)} {name}"
                items.append((first_item + k, gov.pk, unit_id, title, item.kind, item.tags, item.issuer,
                              "Data fiktif untuk uji skala nasional.", first_version + k, self.start_year,
                              self.end_year, search, admin.pk))  # fmt: skip
                versions.append(
                    (first_version + k, gov.pk, first_item + k, 1, first_blob + k, name, admin.pk)
                )
        Sink(Blob, ("id", "sha256", "size", "file_kind", "content_type", "storage_key", "pages", "text",
                    "thumbnail_state")).write(blobs)  # fmt: skip
        self.summary.add(
            "data dukung",
            Sink(Item, ("id", "government_id", "unit_id", "title", "kind", "tags", "issuer", "description",
                        "current_id", "year_from", "year_to", "search_text", "created_by_id")).write(items),
        )  # fmt: skip
        Sink(
            Version,
            ("id", "government_id", "item_id", "number", "blob_id", "original_name", "uploaded_by_id"),
        ).write(versions)
        made_at = at(dt.date(self.start_year, 1, 25), 10)
        self.summary.add(
            "tautan data dukung",
            Sink(Link, LINK).write(
                (gov.pk, *found[j], K.ACTION, str(aid), admin.pk, made_at)
                for j, rid, _u in owned
                for aid, _t in actions[rid]
            ),
        )
        return found

    def evaluations(self, gov: Government, admin: User) -> None:
        """Two evaluation cycles through the services: two years ago (closed, the ministry's result
        typed) and last year (verified, waiting for the ministry); every item answered."""
        from petajalan.accounts.services import ServiceError
        from petajalan.evaluations import services
        from petajalan.evaluations.models import Answer, Cycle, Phase

        year = self.today.year
        for back, phase in ((2, Phase.CLOSED), (1, Phase.EVALUATOR)):
            try:
                cycle = services.open_cycle(actor=admin, government=gov, year=year - back)
            except ServiceError:
                return  # no worksheet pack loaded: no evaluation pages to measure
            sheet = services.worksheet_of(cycle.worksheet)
            by_value: dict[str, list[int]] = {}  # one UPDATE per distinct answer, not one per row
            for pk, key, order in cycle.answers.values_list("pk", "node_key", "order"):
                by_value.setdefault(answer_for(sheet.nodes[key], order), []).append(pk)
            when = at(dt.date(year - back + 1, 2, 10), 11)
            for value, pks in by_value.items():
                Answer.objects.filter(pk__in=pks).update(
                    self_value=value,
                    answered_by=admin,
                    answered_at=when,
                    check_state=Answer.Check.AGREED,
                    verified_value=value,
                    verified_by=admin,
                    verified_at=when + dt.timedelta(days=30),
                    evaluator_value=value if phase == Phase.CLOSED else "",
                )
                self.summary.add("jawaban LKE", len(pks))
            Cycle.objects.filter(pk=cycle.pk).update(phase=phase)

    # second pass: one quarter of one government

    def quarter(self, city: City, k: int) -> None:
        """The government's reports of quarter ``k``, a realisation row per action, the evidence
        linked to them and the audit events their writes left."""
        nq, (y, q) = len(self.quarters), self.quarters[k]
        end = calendar.quarter_end(y, q)
        opened = min(self.now, at(calendar.quarter_start(y, q) + dt.timedelta(days=20), 9))
        first = self.ids.take(QuarterReport, len(city.roadmaps))
        reports = []
        for j, (rid, unit_id) in enumerate(city.roadmaps):
            status = status_of(j, k, nq)
            sent = None if status == S.DRAFT else at(end + dt.timedelta(days=5), 10)
            checked = at(end + dt.timedelta(days=9), 14) if status == S.VERIFIED else None
            reports.append(
                Report(
                    id=first + j,
                    uuid=uuid.uuid4(),
                    government_id=city.id,
                    roadmap_id=rid,
                    unit_id=unit_id,
                    year=y,
                    quarter=q,
                    status=status,
                    submitted_by_id=city.admin_id if sent else None,
                    submitted_at=sent,
                    verified_by_id=city.admin_id if checked else None,
                    verified_at=checked,
                    return_note="Lampirkan daftar hadir sosialisasi." if status == S.RETURNED else "",
                    created_at=opened,
                    updated_at=checked or sent or opened,
                )
            )
        self.summary.add("laporan triwulan", Sink(QuarterReport, Report._fields).write(reports))
        first_row = self.ids.take(Realisation, sum(len(city.actions[r.roadmap_id]) for r in reports))
        linked: list[tuple[int, int]] = []  # (realisation id, road-map index)
        typed_recently: list[tuple[int, Decimal, dt.datetime]] = []
        rows = self.realisations(city, k, reports, first_row, linked, typed_recently)
        self.summary.add("realisasi", Sink(Realisation, REALISATION).write(rows))
        links = itertools.chain(
            (
                (
                    city.id,
                    city.items[j][0] + 1,
                    city.items[j][1] + 1,
                    K.QUARTER_REPORT,
                    str(r.id),
                    city.admin_id,
                    r.submitted_at,
                )
                for j, r in enumerate(reports)
                if r.submitted_at is not None and j in city.items
            ),
            (
                (
                    city.id,
                    city.items[j][0] + pk % 2,
                    city.items[j][1] + pk % 2,
                    K.REALISATION,
                    str(pk),
                    city.admin_id,
                    opened,
                )
                for pk, j in linked
            ),
        )
        self.summary.add("tautan data dukung", Sink(Link, LINK).write(links))
        self.audit(city, reports, typed_recently)

    def realisations(
        self,
        city: City,
        k: int,
        reports: list[Report],
        pk: int,
        linked: list[tuple[int, int]],
        typed_recently: list[tuple[int, Decimal, dt.datetime]],
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of the quarter's reports (fields ``REALISATION``) from id ``pk`` on; fills
        ``linked`` (rows that get evidence) and ``typed_recently`` (rows typed in the last two
        quarters: their audit events)."""
        nq = len(self.quarters)
        lift = Decimal("0.02") * (k - nq + 1)  # units improve a little quarter by quarter
        checked_note = "Disesuaikan dengan data dukung."
        for j, r in enumerate(reports):
            counted = r.status == S.VERIFIED
            head, when = (r.government_id, r.id), (r.year, r.quarter)
            for n, (aid, t) in enumerate(city.actions[r.roadmap_id]):
                target = self.yearly(t, r.year)
                if target is None or not typed(r.status, j, k, n, nq):
                    yield (pk, *head, aid, r.unit_id, t.focus_key, *when, None, None, "", None, "",
                           target, t.budget, None, counted, None, r.created_at)  # fmt: skip
                    pk += 1
                    continue
                share = max(SHARES[(n + k + j) % len(SHARES)] + lift, Decimal("0.1"))
                value, result = achieved(t.direction, target, share)
                verified, note = None, ""
                if counted and n % 9 == 4:
                    verified, note = (value * Decimal("0.95")).quantize(Decimal("0.01")), checked_note
                    result = achievement(t.direction, target, verified)
                spent = self.spent(t.budget, share)
                yield (pk, *head, aid, r.unit_id, t.focus_key, *when, value, spent, NOTES[(n + k) % 3],
                       verified, note, target, t.budget, result, counted, city.admin_id,
                       r.updated_at)  # fmt: skip
                if r.unit_id is not None and pk % LINK_EVERY == 0:
                    linked.append((pk, j))
                if k >= nq - 2:
                    typed_recently.append((pk, value, r.updated_at))
                pk += 1

    def audit(
        self, city: City, reports: list[Report], typed_recently: list[tuple[int, Decimal, dt.datetime]]
    ) -> None:
        """What the services would have logged: each report opened, submitted and verified, and each
        row typed in the last two quarters."""
        gov, actor, kind = city.id, city.admin_id, "monitoring.quarterreport"

        def events() -> Iterator[tuple[Any, ...]]:
            for r in reports:
                key, label = str(r.uuid), f"Laporan {r.year} TW {r.quarter}"
                yield (gov, actor, A.CREATE, kind, key, label, "", None, None, r.created_at)
                if r.submitted_at is not None:
                    yield (gov, actor, A.TRANSITION, kind, key, label, "Diajukan",
                           {"status": S.DRAFT}, {"status": S.SUBMITTED}, r.submitted_at)  # fmt: skip
                if r.verified_at is not None:
                    yield (gov, actor, A.TRANSITION, kind, key, label, "Diverifikasi",
                           {"status": S.SUBMITTED}, {"status": S.VERIFIED}, r.verified_at)  # fmt: skip
            for pk, value, when in typed_recently:
                yield (gov, actor, A.UPDATE, "monitoring.realisation", str(pk), f"Realisasi {pk}", "",
                       {"value": None}, {"value": str(value)}, when)  # fmt: skip

        names = ("government_id", "actor_id", "action", "object_type", "object_id", "object_repr", "summary",
                 "before", "after", "created_at")  # fmt: skip
        self.summary.add("catatan audit", Sink(AuditEvent, names).write(events()))


def generate(shape: Shape, *, password: str | None = None, say: Callable[[str], Any] = print) -> Summary:
    """Write ``shape`` (see ``Generator``); refuses a database that already holds generated data."""
    if Government.objects.filter(slug=SLUG.format(1)).exists():
        raise ValueError(SLUG.format(1))
    return Generator(shape, password=password, say=say).run()
