"""Demo monitoring for Kota Tanjungbalai (fictional figures): every enacted road map reports its
quarters from 2025 Q1, through the monitoring services, dated as the story goes.

The story as it stands on 4 December 2026, with 2026 Q4 the open quarter:

- most units are green most quarters; BKPSDM hovers amber, Dinsos and the Kecamatan started red and
  recovered, Dispusip slipped to red in 2025 Q3; the verifier corrects a few figures that the
  evidence does not carry;
- 2026 Q3, the last quarter due: DPMPTSP, Bapperida and Inspektorat verified green, BKPSDM verified
  amber, the Kecamatan submitted and waiting for verification, Dinsos returned with a note and
  reopened for the fix, Dispusip late (half typed, never submitted);
- DPMPTSP's quick win "Izin usaha mikro terbit di hari yang sama" delivered in 2025 Q3 (the bank
  holds the photo of its loket); a few realisation rows carry evidence from the bank;
- 2026 Q4: DPMPTSP has started typing, Inspektorat has opened its report;
- the city road map (enacted 30 June 2025) is reported by the Bagian Organisasi on each due date:
  its own rows typed, the rows consolidated from a unit copied from that unit's report.

Past quarters are locked today. Instead of a time machine, the demo opens each report for the
seeding moment the way the admin's reopening does (``reopened_until``) and closes it again, so every
figure still goes through the services and their checks. Idempotent: a road map with any quarterly
report is left untouched.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone

from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User
from petajalan.evidence import services as bank
from petajalan.evidence.models import Item, Link
from petajalan.evidence.targets import resolve
from petajalan.monitoring import calendar, services
from petajalan.monitoring.models import QuarterReport, QuickWinDelivery, Realisation
from petajalan.roadmaps.demo_rows import START
from petajalan.roadmaps.models import Notification, QuickWin, Roadmap

S = QuarterReport.Status
R = Membership.Role
QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]
LAST = QUARTERS[-1]  # the last quarter due on 4 December 2026
CURRENT = (2026, 4)

# unit → the colour its verified figures earn in each of QUARTERS (g green, a amber, r red)
STORY = {
    "DPMPTSP": "agggggg",
    "Bapperida": "gggaggg",
    "Inspektorat": "ggggggg",
    "BKPSDM": "aagaaga",
    "Dinsos": "raagaaa",
    "Dispusip": "aaragaa",
    "Kec. Datuk Bandar Timur": "rraaagg",
}
OTHER = "aggaggg"  # the city road map's own rows (and any other enacted road map)
# how the last quarter due ends where it is not simply verified
LEFT_OPEN = {"Dinsos": S.RETURNED, "Dispusip": S.DRAFT, "Kec. Datuk Bandar Timur": S.SUBMITTED}
RETURN_NOTE = "Realisasi anggaran belum sesuai SP2D; lampirkan bukti."
RETURNED_ON = dt.date(2026, 11, 3)
REOPENED_UNTIL = dt.date(2026, 12, 18)
LATE_TYPED_ON = dt.date(2026, 10, 8)
CURRENT_TYPED_ON = dt.date(2026, 12, 2)
STARTED = {"DPMPTSP": 3, "Inspektorat": 0}  # units with a report in the current quarter: rows typed
COACHED = {"BKPSDM", "Dinsos", "Dispusip", "Kec. Datuk Bandar Timur"}  # verified by the coach

# (unit, year, quarter) → quick wins delivered in that report: (order, delivered on, after, note)
DELIVERIES: dict[tuple[str, int, int], list[tuple[int, dt.date, str, str]]] = {
    ("DPMPTSP", 2025, 3): [
        (
            1,
            dt.date(2025, 9, 1),
            "Terbit pada hari yang sama untuk 83% permohonan usaha mikro (rekap OSS September 2025)",
            "Loket pendampingan OSS di Mal Pelayanan Publik buka setiap hari kerja sejak 1 September 2025.",
        )
    ],
    ("DPMPTSP", 2025, 4): [
        (
            2,
            dt.date(2025, 11, 17),
            "Status berkas dikirim lewat pesan singkat; pemohon tidak perlu datang menanyakan berkas",
            "Terwujud tujuh minggu setelah tenggat: menunggu sambungan ke layanan pesan singkat kota.",
        )
    ],
    ("Inspektorat", 2025, 3): [
        (
            1,
            dt.date(2025, 8, 25),
            "Pengaduan daring dengan nomor lacak; 14 laporan masuk pada bulan pertama",
            "Kanal diumumkan lewat surat edaran Sekretaris Daerah.",
        )
    ],
    ("Kec. Datuk Bandar Timur", 2025, 4): [
        (
            1,
            dt.date(2025, 11, 24),
            "Layanan di setiap kantor lurah bergiliran setiap Selasa dan Kamis",
            "Terlambat tiga pekan dari tenggat karena menunggu perangkat cetak keliling.",
        )
    ],
    ("Dinsos", 2026, 1): [
        (
            1,
            dt.date(2026, 2, 16),
            "Surat keterangan tidak mampu terbit pada hari yang sama untuk 91% permohonan",
            "Tanda tangan elektronik kepala dinas berlaku sejak Februari 2026.",
        )
    ],
}
# evidence of the bank (by title; see roadmaps/demo_evidence.py) → (unit, year, quarter, action order)
ROW_EVIDENCE = {
    "Foto loket layanan perizinan terpadu di MPP": ("DPMPTSP", 2025, 3, 1),
    "Rekap izin terbit per bulan 2025": ("DPMPTSP", 2025, 4, 1),
    "Laporan Survei Kepuasan Masyarakat DPMPTSP Semester II 2025": ("DPMPTSP", 2025, 4, 2),
    "Tangkapan layar pelacakan izin daring": ("DPMPTSP", 2025, 4, 3),
    "Notulen rapat tim RB DPMPTSP Triwulan I 2026": ("DPMPTSP", 2026, 1, 1),
}

# achievement (percent) of most rows, of the one odd row of a report, and how often a report has one
BANDS = {
    "g": ((96, 112), (80, 88), 0.35),
    "a": ((63, 84), (92, 104), 0.5),
    "r": ((28, 50), (60, 72), 0.4),
}
SPENT = {"g": (0.9, 1.05), "a": (0.7, 0.95), "r": (0.4, 0.75)}  # share of the quarter's plan spent
SHARE = {1: Decimal("0.12"), 2: Decimal("0.24"), 3: Decimal("0.28"), 4: Decimal("0.33")}  # of a year
# (progress, supporting factors, inhibiting factors, follow-up) by colour
NOTES = {
    "g": [
        (
            "Target triwulan tercapai; kegiatan berjalan sesuai jadwal.",
            "Dukungan pimpinan dan petugas yang sudah terlatih.",
            "",
            "Mempertahankan capaian dan melengkapi data dukung setiap bulan.",
        ),
        (
            "Seluruh kegiatan triwulan selesai dan hasilnya dipantau dalam rapat tim RB.",
            "Data layanan dicatat harian sehingga capaian mudah dihitung.",
            "Dua petugas mengikuti pelatihan sehingga layanan sempat dirangkap.",
            "Berbagi praktik baik dengan perangkat daerah lain.",
        ),
        (
            "Capaian melampaui target berkat layanan daring yang makin dikenal warga.",
            "Sosialisasi lewat media sosial kota dan kelurahan.",
            "",
            "Menjaga kualitas layanan dan menindaklanjuti masukan warga.",
        ),
    ],
    "a": [
        (
            "Sebagian kegiatan bergeser ke triwulan berikutnya.",
            "Tim kerja sudah terbentuk dan rutin rapat.",
            "Pengadaan perangkat terlambat; petugas merangkap tugas lain.",
            "Menjadwalkan ulang kegiatan dan memantau kemajuan setiap minggu.",
        ),
        (
            "Capaian belum penuh karena data dari kelurahan belum lengkap.",
            "Format pelaporan sudah seragam.",
            "Data dari kelurahan masuk terlambat.",
            "Mengirim pengingat dan menjemput data ke kelurahan.",
        ),
        (
            "Kegiatan berjalan tetapi hasilnya belum sesuai target triwulan.",
            "Anggaran tersedia sesuai DPA.",
            "Aplikasi pendukung sempat tidak dapat diakses selama dua minggu.",
            "Berkoordinasi dengan Diskominfo untuk pemulihan aplikasi.",
        ),
    ],
    "r": [
        (
            "Kegiatan belum berjalan sesuai rencana.",
            "Komitmen pimpinan untuk memulai kembali.",
            "Anggaran baru tersedia setelah APBD Perubahan; SK tim belum diperbarui.",
            "Mengusulkan anggaran dan memperbarui SK tim RB pada triwulan berikutnya.",
        ),
        (
            "Baru sebagian kecil target yang tercapai.",
            "",
            "Pejabat pelaksana berganti dan serah terima belum tuntas.",
            "Rapat koordinasi dengan Bagian Organisasi dan menyusun rencana percepatan.",
        ),
        (
            "Capaian rendah karena layanan baru belum dikenal warga.",
            "Perangkat sudah tersedia.",
            "Sosialisasi belum dilakukan; petugas belum terlatih.",
            "Melatih petugas dan melakukan sosialisasi di kelurahan.",
        ),
    ],
}
CORRECTION_NOTE = "Disesuaikan dengan rekap data dukung; angka unit belum seluruhnya didukung bukti."
BUDGET_NOTE = "Angka realisasi anggaran berbeda dengan SP2D triwulan III."
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


@dataclass
class Cast:
    """Who does what for one road map's reports."""

    drafter: User | None
    head: User | None
    verifier: User | None


def build_demo_monitoring(password: str) -> list[QuarterReport]:
    """Quarterly reports of Tanjungbalai's enacted road maps from 2025 Q1 to today (idempotent)."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None:
        return []
    roadmaps = [
        r
        for r in Roadmap.objects.filter(
            government=government, start_year=START, status=Roadmap.Status.ENACTED
        ).select_related("unit", "government")
        if not r.quarter_reports.exists()
    ]
    if not roadmaps:
        return []
    admin = _person(government, R.ADMIN)
    coach = _person(government, R.REVIEWER, reviews_all=True) or admin
    made: list[QuarterReport] = []
    # Nobody should get e-mail about 2025 replayed today; the in-app notices are kept, dated and read.
    with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
        holidays = services.holidays_of(government, [START, START + 1, START + 2])
        for roadmap in sorted(roadmaps, key=lambda r: (r.unit is None, r.unit.code if r.unit else "")):
            unit = roadmap.unit
            name = unit.short_name if unit else ""
            cast = Cast(
                drafter=_person(government, R.DRAFTER, unit)
                or _person(government, R.UNIT_HEAD, unit)
                or admin,
                head=_person(government, R.UNIT_HEAD, unit) or admin,
                verifier=coach if name in COACHED else admin,
            )
            story = STORY.get(name, OTHER)
            for n, (year, quarter) in enumerate(QUARTERS):
                end = LEFT_OPEN.get(name, S.VERIFIED) if (year, quarter) == LAST else S.VERIFIED
                made.append(_quarter(roadmap, name, year, quarter, story[n], end, cast, holidays))
            if name in STARTED:
                made.append(_current(roadmap, name, STARTED[name], cast))
    return made


def _quarter(
    roadmap: Roadmap,
    name: str,
    year: int,
    quarter: int,
    colour: str,
    end: str,
    cast: Cast,
    holidays: set[dt.date],
) -> QuarterReport:
    """One past quarter's report: typed, submitted, verified (or left where ``end`` says)."""
    rng = _rng(roadmap, name, year, quarter)
    days = _days(roadmap, year, quarter, rng, holidays)
    mark = _mark()
    report = services.open_report(actor=cast.drafter, roadmap=roadmap, year=year, quarter=quarter)
    rows = _rows(report)
    typed = rows[: max(1, len(rows) // 2)] if end == S.DRAFT else rows
    copied = _copied(typed, year, quarter)
    own = [row for row in typed if row.pk not in copied]
    achievements = _achievements(colour, len(own), rng)
    with _open_for_seeding(report):
        for row, target_achievement in zip(own, achievements, strict=True):
            _type(cast.drafter, row, colour, target_achievement, rng)
        for row in typed:
            if row.pk in copied:
                services.save_realisation(
                    actor=cast.drafter, row=row, data=copied[row.pk], version=row.version
                )
        for order, delivered_on, after, note in DELIVERIES.get((name, year, quarter), []):
            quick_win = QuickWin.objects.filter(roadmap=roadmap, order=order).first()
            if quick_win is not None:
                services.record_delivery(
                    actor=cast.drafter,
                    report=report,
                    quick_win=quick_win,
                    data={"delivered_on": delivered_on, "after_measure": after, "note": note},
                )
        _link_evidence(cast.drafter, name, year, quarter, rows)
        if end == S.DRAFT:
            typed_at = _at(LATE_TYPED_ON, rng)
            _date_since(mark, typed_at, read=False)
            _date_report(report, created=typed_at, typed=typed_at)
            return report
        if (year, quarter) == LAST and name == "Dinsos":
            _overstate_budget(cast.drafter, rows)
        _date_since(mark, days["typed"], read=True)
        mark = _mark()
        services.submit_report(actor=cast.head, report=report)
    waiting = (year, quarter) == LAST and end in (S.SUBMITTED, S.RETURNED)
    _date_since(mark, days["submitted"], read=not waiting)
    if end == S.SUBMITTED:
        _date_report(report, created=days["typed"], typed=days["typed"], submitted=days["submitted"])
        return report
    checked = _at(RETURNED_ON, rng) if end == S.RETURNED else days["verified"]
    _check(report, end, cast, rng, checked)
    _date_report(
        report, created=days["typed"], typed=days["typed"], submitted=days["submitted"], checked=checked
    )
    return report


def _check(report: QuarterReport, end: str, cast: Cast, rng: random.Random, checked: dt.datetime) -> None:
    """The verifier's turn: verify (correcting a few figures the evidence does not carry) or return
    with the note, reopening the quarter for the fix."""
    mark = _mark()
    if end == S.RETURNED:
        budgeted = next((r for r in _rows(report) if r.budget_planned), None)
        if budgeted is not None:
            services.verify_row(
                actor=cast.verifier,
                row=budgeted,
                data={"verifier_note": BUDGET_NOTE},
                version=budgeted.version,
            )
        services.return_report(actor=cast.verifier, report=report, note=RETURN_NOTE)
        _date_since(mark, checked, read=False)
        mark = _mark()
        if timezone.localdate() <= REOPENED_UNTIL:  # the unit may fix it now (run later: still locked)
            services.reopen_report(
                actor=cast.verifier,
                report=report,
                until=REOPENED_UNTIL,
                reason="Dibuka agar perangkat daerah dapat melampirkan SP2D dan memperbaiki realisasi.",
            )
        _date_since(mark, checked + dt.timedelta(minutes=5), read=False)
        return
    for row in _rows(report):
        if row.action.source_id:  # a copy of a unit's row: its figures were checked in that report
            continue
        if row.achievement is not None and row.achievement >= 104 and rng.random() < 0.3:
            services.verify_row(
                actor=cast.verifier,
                row=row,
                data={"verified_value": _value(row, Decimal(97)), "verifier_note": CORRECTION_NOTE},
                version=row.version,
            )
    services.verify_report(actor=cast.verifier, report=report)
    _date_since(mark, checked, read=True)


def _current(roadmap: Roadmap, name: str, typed: int, cast: Cast) -> QuarterReport:
    """The open quarter: the report opened and its first rows typed (a draft)."""
    year, quarter = CURRENT
    rng = _rng(roadmap, name, year, quarter)
    mark = _mark()
    report = services.open_report(actor=cast.drafter, roadmap=roadmap, year=year, quarter=quarter)
    rows = _rows(report)[:typed]
    with _open_for_seeding(report):  # not locked yet on 4 December 2026; kept for a later run
        for row, target_achievement in zip(rows, _achievements("g", len(rows), rng), strict=True):
            _type(cast.drafter, row, "g", target_achievement, rng)
    at = _at(CURRENT_TYPED_ON, rng)
    _date_since(mark, at, read=True)
    _date_report(report, created=at, typed=at)
    return report


# Figures -----------------------------------------------------------------------------------------


def _rng(roadmap: Roadmap, name: str, year: int, quarter: int) -> random.Random:
    """The same figures on every run: seeded by the road map's owner and the quarter."""
    seed = f"{roadmap.government.slug}/{name or 'kota'}/{year}/{quarter}"
    return random.Random(seed)  # noqa: S311 - demo figures, not secrets


def _rows(report: QuarterReport) -> list[Realisation]:
    return list(report.realisations.select_related("action").order_by("action__order", "action_id"))


def _achievements(colour: str, n: int, rng: random.Random) -> list[Decimal]:
    """The achievement each row should land on: the colour's band, with at most one odd row."""
    (low, high), (odd_low, odd_high), odd_chance = BANDS[colour]
    picked = [Decimal(rng.uniform(low, high)) for _ in range(n)]
    if n > 1 and rng.random() < odd_chance:
        picked[rng.randrange(n)] = Decimal(rng.uniform(odd_low, odd_high))
    return picked


def _value(row: Realisation, achievement: Decimal) -> Decimal | None:
    """The realised value that gives ``achievement`` against the row's target, rounded the way a
    unit would type it and kept inside the indicator's scale (a share never passes 100 %)."""
    target = row.target
    if target is None:
        return None
    share = achievement / 100
    direction = row.action.direction
    if direction == "down":
        value = target * (2 - share)
    elif direction == "keep":
        value = target * min(share, Decimal(1))
    else:
        value = target * share
    bound = _upper_bound(row.action.unit_of_measure)
    if bound is not None:
        value = min(value, bound)
    value = max(value, Decimal(0))
    return value.quantize(Decimal("0.01") if abs(target) < 10 else Decimal("0.1"))


def _upper_bound(unit_of_measure: str) -> Decimal | None:
    if unit_of_measure.strip().startswith("%"):
        return Decimal(100)
    scale = re.search(r"\((\d+(?:[.,]\d+)?)\s*-\s*(\d+(?:[.,]\d+)?)\)", unit_of_measure)
    return Decimal(scale.group(2).replace(",", ".")) if scale else None


def _type(actor: Any, row: Realisation, colour: str, achievement: Decimal, rng: random.Random) -> None:
    """The unit types one row: its value, the budget spent and the notes."""
    progress, supporting, inhibiting, follow_up = rng.choice(NOTES[colour])
    spent = None
    if row.budget_planned:
        low, high = SPENT[colour]
        spent = row.budget_planned * SHARE[row.quarter] * Decimal(rng.uniform(low, high))
        spent = (spent / 1000).quantize(Decimal(1)) * 1000
    services.save_realisation(
        actor=actor,
        row=row,
        data={
            "value": _value(row, achievement),
            "budget_spent": spent,
            "progress_note": progress,
            "supporting_factors": supporting,
            "inhibiting_factors": inhibiting,
            "follow_up": follow_up,
        },
        version=row.version,
    )


def _copied(rows: list[Realisation], year: int, quarter: int) -> dict[int, dict[str, Any]]:
    """The figures of the city's consolidated rows, compiled from the unit's report of the quarter
    (rows whose unit has not reported them are typed like the city's own)."""
    sources = {row.action.source_id: row for row in rows if row.action.source_id}
    if not sources:
        return {}
    found = Realisation.objects.filter(
        action_id__in=list(sources), year=year, quarter=quarter, value__isnull=False
    ).select_related("unit")
    return {
        sources[src.action_id].pk: {
            "value": src.value,
            "budget_spent": src.budget_spent,
            "progress_note": f"Dihimpun dari laporan {src.unit.short_name if src.unit else ''}: "
            f"{src.progress_note}",
            "supporting_factors": src.supporting_factors,
            "inhibiting_factors": src.inhibiting_factors,
            "follow_up": src.follow_up,
        }
        for src in found
    }


def _overstate_budget(actor: Any, rows: list[Realisation]) -> None:
    """The figure the verifier will not find in the SP2D: the plan, not what was paid."""
    row = next((r for r in _fresh(rows) if r.budget_planned), None)
    if row is not None:
        services.save_realisation(
            actor=actor,
            row=row,
            data={"budget_spent": (row.budget_planned or Decimal(0)) * SHARE[row.quarter]},
            version=row.version,
        )


def _fresh(rows: list[Realisation]) -> list[Realisation]:
    by_pk = {
        r.pk: r for r in Realisation.objects.filter(pk__in=[r.pk for r in rows]).select_related("action")
    }
    return [by_pk[r.pk] for r in rows]


def _link_evidence(actor: Any, name: str, year: int, quarter: int, rows: list[Realisation]) -> None:
    """Evidence already in the bank, linked to the row it supports."""
    wanted = {
        title: order for title, (u, y, q, order) in ROW_EVIDENCE.items() if (u, y, q) == (name, year, quarter)
    }
    if not wanted or not rows:
        return
    items = Item.objects.filter(government_id=rows[0].government_id, title__in=wanted)
    by_order = {r.action.order: r for r in rows}
    for item in items:
        row = by_order.get(wanted[item.title])
        if row is None:
            continue
        key = (str(Link.TargetKind.REALISATION), str(row.pk))
        target = resolve([key]).get(key)
        if target is not None:
            bank.link_item(actor=actor, item=item, target=target)


# Dates -------------------------------------------------------------------------------------------


def _days(
    roadmap: Roadmap, year: int, quarter: int, rng: random.Random, holidays: set[dt.date]
) -> dict[str, dt.datetime]:
    """When the unit typed, submitted and the verifier checked: after the quarter, by its due date
    (a road map enacted late in or after its first reporting window reports three working days
    after its enactment)."""
    period = services.ensure_period(roadmap.government, year, quarter)
    end = calendar.quarter_end(year, quarter)
    submitted = _back(period.due_on, rng.randint(0, 3), holidays)
    typed = min(calendar.add_working_days(end, rng.randint(2, 5), holidays), submitted)
    if roadmap.unit_id is None:  # the city compiles the units' figures and submits on the due date
        submitted, typed = period.due_on, _back(period.due_on, 2, holidays)
    if roadmap.enacted_on and submitted < calendar.add_working_days(roadmap.enacted_on, 3, holidays):
        typed = calendar.add_working_days(roadmap.enacted_on, 1, holidays)
        submitted = calendar.add_working_days(roadmap.enacted_on, 3, holidays)
    checked = calendar.add_working_days(submitted, rng.randint(2, 6), holidays)
    return {"typed": _at(typed, rng), "submitted": _at(submitted, rng), "verified": _at(checked, rng)}


def _back(day: dt.date, working_days: int, holidays: set[dt.date]) -> dt.date:
    """``working_days`` working days before ``day`` (``day`` itself when 0)."""
    while working_days:
        day -= calendar.DAY
        if day.weekday() < 5 and day not in holidays:
            working_days -= 1
    return day


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment of office hours on ``day`` (local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59))))


def _mark() -> tuple[int, int]:
    """Where the audit log and the notices stand, to date what the next step writes."""
    events = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    notices = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    return events, notices


def _date_since(mark: tuple[int, int], when: dt.datetime, *, read: bool) -> None:
    """Date the audit events and notices written since ``mark`` (only the demo rewrites history);
    notices the recipients have long since acted on are read."""
    AuditEvent.objects.filter(pk__gt=mark[0]).update(created_at=when)
    Notification.objects.filter(pk__gt=mark[1]).update(created_at=when, is_read=read)


def _date_report(
    report: QuarterReport,
    *,
    created: dt.datetime,
    typed: dt.datetime,
    submitted: dt.datetime | None = None,
    checked: dt.datetime | None = None,
) -> None:
    """The report, its rows, deliveries and links dated as the story goes."""
    report.realisations.update(updated_at=typed)
    if checked is not None:
        report.realisations.exclude(verifier_note="").update(updated_at=checked)
    QuickWinDelivery.objects.filter(report=report).update(updated_at=typed)
    Link.objects.filter(
        target_kind=Link.TargetKind.REALISATION,
        target_id__in=[str(pk) for pk in report.realisations.values_list("pk", flat=True)],
    ).update(created_at=typed)
    fields: dict[str, Any] = {
        "created_at": created - dt.timedelta(minutes=20),
        "updated_at": checked or submitted or typed,
    }
    if submitted is not None:
        fields["submitted_at"] = submitted
    if checked is not None and report.status == S.VERIFIED:
        fields["verified_at"] = checked
    QuarterReport.objects.filter(pk=report.pk).update(**fields)


@contextmanager
def _open_for_seeding(report: QuarterReport) -> Iterator[None]:
    """Open a report of a locked quarter while the demo writes it, as the admin's reopening does,
    and close it again (the field is written directly: no reopening happened in the story)."""
    today = timezone.localdate()
    QuarterReport.objects.filter(pk=report.pk).update(reopened_until=today)
    report.reopened_until = today
    try:
        yield
    finally:
        QuarterReport.objects.filter(pk=report.pk).update(reopened_until=None)
        report.reopened_until = None


def _person(
    government: Government, role: str, unit: Unit | None = None, *, reviews_all: bool = False
) -> User | None:
    members = Membership.objects.filter(government=government, role=role, is_active=True).select_related(
        "user"
    )
    if role in Membership.UNIT_ROLES:
        members = members.filter(unit=unit)
    if reviews_all:
        members = members.filter(reviewed_units__isnull=True)
    first = members.order_by("pk").first()
    return first.user if first else None
