"""Fictional evidence for the demo city: small PDFs, pictures and a data table, generated here and
stored through the evidence bank's own service, linked to the seeded road maps (idempotent).

The story follows the road maps' dates: the city road map was enacted on 30 June 2025 (Perwal
19/2025), the DPMPTSP road map on 15 April 2025, its RB team decree dates from January 2025, the
satisfaction survey from December 2025, and so on. Every document says on its face that it is
fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from petajalan.accounts.models import Government, Membership, Unit
from petajalan.evidence import services
from petajalan.evidence.models import Item, Link
from petajalan.evidence.targets import resolve
from petajalan.lib.formatting import tanggal
from petajalan.lib.simplepdf import simple_pdf
from petajalan.roadmaps.models import Action, QuickWin, Roadmap

NINE = dt.time(9, 30)
FICTION = "DOKUMEN DEMO FIKTIF - bukan dokumen resmi Pemerintah Kota Tanjungbalai."
K = Link.TargetKind


@dataclass(frozen=True)
class DemoDoc:
    title: str
    unit: str | None  # short name; None for the government
    kind: str
    file_name: str
    body: list[str]
    number: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""
    years: tuple[int, int] | None = None
    valid_until: dt.date | None = None
    tags: str = ""
    links: list[str] = field(default_factory=list)  # "roadmap", "action:N" (Nth action), "quick_win:N"
    picture: tuple[int, int, int] | None = None  # a photo/screenshot in this colour instead of a PDF
    table: list[list[str]] | None = None  # a CSV data table instead of a PDF


def _perwal(number: int, signed_on: dt.date, subject: str, unit: str | None, file_name: str) -> DemoDoc:
    """The signed scan of the Perwal that enacted a road map, linked to that road map."""
    return DemoDoc(
        f"Peraturan Wali Kota Nomor {number} Tahun {signed_on.year} tentang Road Map RB {subject} "
        "(salinan bertanda tangan)",
        unit,
        Item.Kind.DECREE,
        file_name,
        [
            f"PERATURAN WALI KOTA TANJUNGBALAI NOMOR {number} TAHUN {signed_on.year}",
            f"tentang Road Map Reformasi Birokrasi {subject} Tahun 2025-2029",
            f"Ditetapkan di Tanjungbalai pada tanggal {tanggal(signed_on)}.",
            "Salinan pindaian yang sudah ditandatangani.",
        ],
        number=f"{number} Tahun {signed_on.year}",
        issued_on=signed_on,
        issuer="Wali Kota Tanjungbalai",
        years=(2025, 2029),
        tags="penetapan, road map",
        links=["roadmap"],
    )


DOCS = [
    _perwal(19, dt.date(2025, 6, 30), "Kota Tanjungbalai", None, "perwal-19-2025-roadmap-kota.pdf"),
    _perwal(7, dt.date(2025, 4, 15), "DPMPTSP", "DPMPTSP", "perwal-7-2025-roadmap-dpmptsp.pdf"),
    DemoDoc(
        "SK Tim Reformasi Birokrasi DPMPTSP 2025",
        "DPMPTSP",
        Item.Kind.DECREE,
        "SK_Tim_RB_DPMPTSP_2025.pdf",
        [
            "KEPUTUSAN KEPALA DPMPTSP KOTA TANJUNGBALAI",
            "Nomor 800/012/DPMPTSP/2025 tentang Tim Reformasi Birokrasi",
            "Menetapkan ketua, sekretaris dan anggota tim RB serta tugasnya.",
        ],
        number="800/012/DPMPTSP/2025",
        issued_on=dt.date(2025, 1, 8),
        issuer="Kepala DPMPTSP",
        years=(2025, 2026),
        tags="tim RB, SK",
        links=["action:1", "roadmap"],
    ),
    DemoDoc(
        "Laporan Survei Kepuasan Masyarakat DPMPTSP Semester II 2025",
        "DPMPTSP",
        Item.Kind.REPORT,
        "laporan-skm-dpmptsp-2025-s2.pdf",
        [
            "LAPORAN SURVEI KEPUASAN MASYARAKAT",
            "Mal Pelayanan Publik Kota Tanjungbalai, Juli-Desember 2025",
            "Responden: 412. Indeks kepuasan: 84,6 (baik).",
            "Unsur terendah: waktu penyelesaian izin reklame.",
        ],
        issued_on=dt.date(2025, 12, 22),
        issuer="DPMPTSP",
        years=(2025, 2025),
        tags="SKM, pelayanan publik",
        links=["action:2", "quick_win:1"],
    ),
    DemoDoc(
        "Foto loket layanan perizinan terpadu di MPP",
        "DPMPTSP",
        Item.Kind.PHOTO,
        "foto-loket-mpp.png",
        ["Loket MPP"],
        issued_on=dt.date(2025, 9, 3),
        years=(2025, 2025),
        tags="MPP, quick win",
        links=["quick_win:1"],
        picture=(46, 110, 160),
    ),
    DemoDoc(
        "Tangkapan layar pelacakan izin daring",
        "DPMPTSP",
        Item.Kind.SCREENSHOT,
        "tangkapan-layar-lacak-izin.png",
        ["Lacak izin"],
        issued_on=dt.date(2025, 10, 14),
        years=(2025, 2026),
        tags="SPBE, perizinan",
        links=["action:3"],
        picture=(240, 244, 248),
    ),
    DemoDoc(
        "Rekap izin terbit per bulan 2025",
        "DPMPTSP",
        Item.Kind.DATA_TABLE,
        "rekap-izin-terbit-2025.csv",
        [],
        issued_on=dt.date(2026, 1, 9),
        issuer="DPMPTSP",
        years=(2025, 2025),
        tags="data kinerja",
        links=["action:2"],
        table=[["bulan", "izin_terbit", "rata_rata_hari"]]
        + [
            [f"2025-{m:02d}", str(180 + 7 * m), f"{6.5 - m * 0.2:.1f}".replace(".", ",")]
            for m in range(1, 13)
        ],
    ),
    DemoDoc(
        "Notulen rapat tim RB DPMPTSP Triwulan I 2026",
        "DPMPTSP",
        Item.Kind.MINUTES,
        "notulen-rapat-tim-rb-2026-tw1.pdf",
        [
            "NOTULEN RAPAT TIM REFORMASI BIROKRASI",
            "Selasa, 17 Maret 2026, ruang rapat DPMPTSP",
            "Pembahasan capaian rencana aksi dan data dukung triwulan I.",
        ],
        issued_on=dt.date(2026, 3, 17),
        issuer="Sekretaris Tim RB DPMPTSP",
        years=(2026, 2026),
        tags="tim RB, rapat",
    ),
    DemoDoc(
        "SK Tim Reformasi Birokrasi Dinas Kesehatan 2025",
        "Dinkes",
        Item.Kind.DECREE,
        "SK-Tim-RB-Dinkes-2025.pdf",
        [
            "KEPUTUSAN KEPALA DINAS KESEHATAN KOTA TANJUNGBALAI",
            "Nomor 800/045/Dinkes/2025 tentang Tim Reformasi Birokrasi",
        ],
        number="800/045/Dinkes/2025",
        issued_on=dt.date(2025, 1, 20),
        issuer="Kepala Dinas Kesehatan",
        years=(2025, 2026),
        tags="tim RB, SK",
        links=["action:1"],
    ),
    DemoDoc(
        "Sertifikat akreditasi Puskesmas Datuk Bandar",
        "Dinkes",
        Item.Kind.OTHER,
        "sertifikat-akreditasi-puskesmas.pdf",
        ["SERTIFIKAT AKREDITASI PUSKESMAS", "Puskesmas Datuk Bandar - terakreditasi Paripurna"],
        issued_on=dt.date(2022, 1, 10),
        issuer="Kementerian Kesehatan",
        valid_until=dt.date(2026, 12, 31),
        tags="akreditasi",
    ),
]


def _photo(colour: tuple[int, int, int], label: str) -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (640, 420), colour)
    draw = ImageDraw.Draw(picture)
    ink = (20, 20, 20) if sum(colour) > 500 else (250, 250, 250)
    draw.rectangle((40, 60, 600, 300), outline=ink, width=4)
    draw.text((60, 80), label.upper(), fill=ink)
    draw.text((60, 340), "FOTO DEMO FIKTIF", fill=ink)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _content(doc: DemoDoc) -> bytes:
    if doc.picture:
        return _photo(doc.picture, doc.body[0])
    if doc.table:
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(doc.table)
        return out.getvalue().encode("utf-8")
    return simple_pdf([*doc.body, "", FICTION])


def _targets(roadmap: Roadmap, specs: list[str]) -> list[Any]:
    actions = list(
        Action.objects.filter(roadmap=roadmap).order_by("order", "id").values_list("pk", flat=True)
    )
    quick_wins = list(
        QuickWin.objects.filter(roadmap=roadmap).order_by("order", "id").values_list("pk", flat=True)
    )
    pairs = []
    for spec in specs:
        kind, _, n = spec.partition(":")
        if kind == "roadmap":
            pairs.append((K.ROADMAP, str(roadmap.pk)))
        elif kind == "action" and len(actions) >= int(n):
            pairs.append((K.ACTION, str(actions[int(n) - 1])))
        elif kind == "quick_win" and len(quick_wins) >= int(n):
            pairs.append((K.QUICK_WIN, str(quick_wins[int(n) - 1])))
    found = resolve(pairs)
    return [found[p] for p in pairs if p in found]


def build_demo_evidence(password: str) -> list[Item]:
    """Tanjungbalai's fictional evidence, linked to its seeded road maps (skips what is there)."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None:
        return []
    made: list[Item] = []
    with transaction.atomic():
        for doc in DOCS:
            if Item.objects.filter(government=government, title=doc.title).exists():
                continue
            unit = (
                Unit.objects.filter(government=government, short_name=doc.unit).first() if doc.unit else None
            )
            member = (
                Membership.objects.filter(government=government, unit=unit, role=Membership.Role.DRAFTER)
                .select_related("user")
                .first()
                if unit
                else None
            ) or Membership.objects.filter(government=government, role=Membership.Role.ADMIN).select_related(
                "user"
            ).first()
            actor = member.user if member else None
            try:
                item = services.upload_item(
                    actor=actor,
                    government=government,
                    upload=services.Upload(io.BytesIO(_content(doc)), doc.file_name),
                    data={
                        "title": doc.title,
                        "kind": doc.kind,
                        "number": doc.number,
                        "document_on": doc.issued_on,
                        "issuer": doc.issuer,
                        "unit": unit,
                        "year_from": doc.years[0] if doc.years else None,
                        "year_to": doc.years[1] if doc.years else None,
                        "valid_until": doc.valid_until,
                        "tags": doc.tags,
                        "description": "Dokumen demo fiktif, dibuat otomatis oleh petajalan load_demo.",
                    },
                )
            except services.DuplicateFile as exc:  # the same bytes under another title: reuse
                item = exc.item
            roadmap = Roadmap.objects.filter(government=government, unit=unit).order_by("-start_year").first()
            if roadmap is not None:
                for target in _targets(roadmap, doc.links):
                    services.link_item(actor=actor, item=item, target=target)
            if doc.issued_on:  # uploaded a few days after it was signed, as the story goes
                when = timezone.make_aware(dt.datetime.combine(doc.issued_on + dt.timedelta(days=3), NINE))
                Item.objects.filter(pk=item.pk).update(created_at=when)
                item.versions.update(uploaded_at=when)
                Link.objects.filter(item=item).update(created_at=when)
            made.append(item)
    return made
