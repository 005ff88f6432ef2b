"""The demo governments: Kota Tanjungbalai and its peer Kota Tebing Tinggi (fictional data).

Unit names follow the city's 2026 sources (domain brief §10); codes, heads, NIPs and people are
invented and the governments are flagged ``is_fictional`` so every page says so. Building is
idempotent: rows are matched by their natural keys and a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from petajalan.accounts.models import Government, Membership, Unit, User

K = Unit.Kind

# (short name, full name, kind, code, parent short name)
TANJUNGBALAI_UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("Setda", "Sekretariat Daerah", K.SETDA, "4.01.0.00.0.00.01.0000", None),
    (
        "Bagian Organisasi",
        "Bagian Organisasi Sekretariat Daerah",
        K.BAGIAN,
        "4.01.0.00.0.00.01.0003",
        "Setda",
    ),
    ("Setwan", "Sekretariat DPRD", K.SETWAN, "4.02.0.00.0.00.01.0000", None),
    ("Inspektorat", "Inspektorat Daerah", K.INSPEKTORAT, "6.01.0.00.0.00.01.0000", None),
    (
        "Bapperida",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        K.BADAN,
        "5.01.5.05.0.00.01.0000",
        None,
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        K.BADAN,
        "5.03.5.04.0.00.01.0000",
        None,
    ),
    (
        "BPKPD",
        "Badan Pengelola Keuangan, Pendapatan dan Aset Daerah",
        K.BADAN,
        "5.02.0.00.0.00.01.0000",
        None,
    ),
    ("Disdik", "Dinas Pendidikan", K.DINAS, "1.01.0.00.0.00.01.0000", None),
    ("Dinkes", "Dinas Kesehatan", K.DINAS, "1.02.0.00.0.00.01.0000", None),
    ("RSUD", "RSUD Dr. Tengku Mansyur", K.RSUD, "1.02.0.00.0.00.01.0001", "Dinkes"),
    ("Dinas PUTR", "Dinas Pekerjaan Umum dan Tata Ruang", K.DINAS, "1.03.0.00.0.00.01.0000", None),
    ("Dinas Perkim", "Dinas Perumahan dan Kawasan Permukiman", K.DINAS, "1.04.0.00.0.00.01.0000", None),
    ("Satpol PP", "Satuan Polisi Pamong Praja", K.DINAS, "1.05.0.00.0.00.01.0000", None),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", K.BADAN, "1.05.0.00.0.00.02.0000", None),
    ("Dinsos", "Dinas Sosial", K.DINAS, "1.06.0.00.0.00.01.0000", None),
    (
        "Dinas PPPA",
        (
            "Dinas Pemberdayaan Perempuan dan Perlindungan Anak, Pemberdayaan Masyarakat dan Desa, "
            "Pengendalian Penduduk dan Keluarga Berencana"
        ),
        K.DINAS,
        "2.08.2.13.2.14.01.0000",
        None,
    ),
    (
        "Dinas Naker",
        "Dinas Ketenagakerjaan, Koperasi dan Usaha Mikro, Kecil dan Menengah",
        K.DINAS,
        "2.07.2.17.0.00.01.0000",
        None,
    ),
    ("Dinas Perikanan", "Dinas Perikanan, Pangan dan Pertanian", K.DINAS, "3.25.2.09.3.27.01.0000", None),
    ("DLH", "Dinas Lingkungan Hidup", K.DINAS, "2.11.0.00.0.00.01.0000", None),
    ("Dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", K.DINAS, "2.12.0.00.0.00.01.0000", None),
    ("Dishub", "Dinas Perhubungan", K.DINAS, "2.15.0.00.0.00.01.0000", None),
    ("Diskominfo", "Dinas Komunikasi dan Informatika", K.DINAS, "2.16.2.20.2.21.01.0000", None),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        K.DINAS,
        "2.18.0.00.0.00.01.0000",
        None,
    ),
    ("Dispora", "Dinas Pemuda, Olahraga dan Pariwisata", K.DINAS, "2.19.3.26.0.00.01.0000", None),
    ("Dispusip", "Dinas Perpustakaan dan Arsip", K.DINAS, "2.23.2.24.0.00.01.0000", None),
    ("Disperindag", "Dinas Perdagangan dan Perindustrian", K.DINAS, "3.30.3.31.0.00.01.0000", None),
    ("Kesbangpol", "Badan Kesatuan Bangsa dan Politik", K.BADAN, "8.01.0.00.0.00.01.0000", None),
    ("Kec. Datuk Bandar Timur", "Kecamatan Datuk Bandar Timur", K.KECAMATAN, "7.01.0.00.0.00.01.0000", None),
    (
        "Kec. Tanjungbalai Selatan",
        "Kecamatan Tanjungbalai Selatan",
        K.KECAMATAN,
        "7.01.0.00.0.00.02.0000",
        None,
    ),
    ("Kec. Teluk Nibung", "Kecamatan Teluk Nibung", K.KECAMATAN, "7.01.0.00.0.00.03.0000", None),
]

TEBINGTINGGI_UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("Setda", "Sekretariat Daerah", K.SETDA, "4.01.0.00.0.00.01.0000", None),
    (
        "Bagian Organisasi",
        "Bagian Organisasi Sekretariat Daerah",
        K.BAGIAN,
        "4.01.0.00.0.00.01.0003",
        "Setda",
    ),
    ("Inspektorat", "Inspektorat Daerah", K.INSPEKTORAT, "6.01.0.00.0.00.01.0000", None),
    ("Dinkes", "Dinas Kesehatan", K.DINAS, "1.02.0.00.0.00.01.0000", None),
    ("Disdik", "Dinas Pendidikan", K.DINAS, "1.01.0.00.0.00.01.0000", None),
    ("Dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", K.DINAS, "2.12.0.00.0.00.01.0000", None),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    nip: str
    position: str
    role: str
    unit: str | None  # short name; reviewers: comma-separated reviewed units ("" = all)


R = Membership.Role

TANJUNGBALAI_PEOPLE = [
    DemoPerson(
        "admin@tanjungbalai.test",
        "Rina Marpaung, S.Sos.",
        "198503142010012004",
        "Analis Kelembagaan, Bagian Organisasi",
        R.ADMIN,
        None,
    ),
    DemoPerson(
        "penyusun.dinkes@tanjungbalai.test",
        "Dedi Siregar, S.K.M.",
        "199002202015031002",
        "Perencana Ahli Pertama, Dinas Kesehatan",
        R.DRAFTER,
        "Dinkes",
    ),
    DemoPerson(
        "kepala.dinkes@tanjungbalai.test",
        "dr. Hasanah Lubis, M.Kes.",
        "197211051999032003",
        "Kepala Dinas Kesehatan",
        R.UNIT_HEAD,
        "Dinkes",
    ),
    DemoPerson(
        "penyusun.dukcapil@tanjungbalai.test",
        "Fajar Nasution, S.Kom.",
        "199305112019031007",
        "Pranata Komputer, Dinas Kependudukan dan Pencatatan Sipil",
        R.DRAFTER,
        "Dukcapil",
    ),
    DemoPerson(
        "kepala.dukcapil@tanjungbalai.test",
        "Ahmad Rasyid Tanjung, S.H.",
        "197508081998031005",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        R.UNIT_HEAD,
        "Dukcapil",
    ),
    DemoPerson(
        "penyusun.dpmptsp@tanjungbalai.test",
        "Lestari Hutagalung, S.AP.",
        "199407232020122011",
        "Analis Perizinan, Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        R.DRAFTER,
        "DPMPTSP",
    ),
    DemoPerson(
        "coach@tanjungbalai.test",
        "Maria Simanjuntak, S.E., Ak.",
        "198107252006042001",
        "Auditor Ahli Muda, Inspektorat",
        R.REVIEWER,
        "",
    ),
    DemoPerson(
        "coach.dinkes@tanjungbalai.test",
        "Yusuf Harahap, S.STP.",
        "198811302010101001",
        "Analis Kebijakan, Bagian Organisasi (pendamping)",
        R.REVIEWER,
        "Dinkes,RSUD",
    ),
    DemoPerson(
        "pimpinan@tanjungbalai.test",
        "Ir. Bambang Pardede, M.Si.",
        "196806121994031006",
        "Sekretaris Daerah",
        R.LEADER,
        None,
    ),
]

TEBINGTINGGI_PEOPLE = [
    DemoPerson(
        "admin@tebingtinggi.test",
        "Sri Wahyuni Damanik, S.IP.",
        "198709092011012005",
        "Kepala Subbagian Reformasi Birokrasi, Bagian Organisasi",
        R.ADMIN,
        None,
    ),
    DemoPerson(
        "penyusun.dinkes@tebingtinggi.test",
        "Irwan Saragih, S.Kep.",
        "199108182017031004",
        "Pengelola Program, Dinas Kesehatan",
        R.DRAFTER,
        "Dinkes",
    ),
]


@dataclass(frozen=True)
class DemoGovernment:
    slug: str
    kind: str
    name: str
    province: str
    code: str
    units: list[tuple[str, str, str, str, str | None]]
    people: list[DemoPerson]


DEMO_GOVERNMENTS = [
    DemoGovernment(
        "tanjungbalai",
        Government.Kind.KOTA,
        "Kota Tanjungbalai",
        "Sumatera Utara",
        "12.72",
        TANJUNGBALAI_UNITS,
        TANJUNGBALAI_PEOPLE,
    ),
    DemoGovernment(
        "tebingtinggi",
        Government.Kind.KOTA,
        "Kota Tebing Tinggi",
        "Sumatera Utara",
        "12.74",
        TEBINGTINGGI_UNITS,
        TEBINGTINGGI_PEOPLE,
    ),
]

_HEADS = [
    ("Drs. Syahrial Panjaitan, M.AP.", "196904141995031002", "Pembina Utama Muda (IV/c)"),
    ("Nurhayati Sitorus, S.H., M.H.", "197602172000032004", "Pembina Tingkat I (IV/b)"),
    ("Hendra Gunawan Purba, S.T.", "197811232003121003", "Pembina (IV/a)"),
    ("Ir. Maruli Tua Simanjuntak, M.Si.", "197105091998031005", "Pembina Utama Muda (IV/c)"),
    ("dr. Rahmawati Lubis, M.Kes.", "198002112005012007", "Pembina Tingkat I (IV/b)"),
    ("Budi Santoso Harahap, S.E., M.M.", "197909302006041004", "Pembina (IV/a)"),
    ("Dra. Fitri Handayani Nasution", "197312081999032003", "Pembina Utama Muda (IV/c)"),
]  # fictional; seven, so that the Sekda and the Inspektur who sign together are two people


def _upsert[M: models.Model](
    model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, bool]:
    """Create, or update only the fields that differ (so a second run writes nothing)."""
    manager = model._default_manager
    obj = manager.filter(**lookup).first()
    if obj is None:
        return manager.create(**lookup, **values), True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    if changed:
        obj.save(update_fields=changed)
    return obj, bool(changed)


@transaction.atomic
def build_demo_governments(password: str) -> list[Government]:
    """Create or refresh both demo governments with their units and people."""
    governments = []
    for spec in DEMO_GOVERNMENTS:
        government, _ = _upsert(
            Government,
            {"slug": spec.slug},
            {
                "kind": spec.kind,
                "name": spec.name,
                "province": spec.province,
                "code": spec.code,
                "is_fictional": True,
            },
        )
        units: dict[str, Unit] = {}
        for index, (short, name, kind, code, parent) in enumerate(spec.units):
            head_name, head_nip, head_rank = _HEADS[index % len(_HEADS)]
            unit, _ = _upsert(
                Unit,
                {"government": government, "short_name": short},
                {
                    "name": name,
                    "kind": kind,
                    "code": code,
                    "parent": units[parent] if parent else None,
                    "head_name": head_name,
                    "head_nip": head_nip,
                    "head_rank": head_rank,
                    "head_position": f"Kepala {name}" if kind != K.SETDA else "Sekretaris Daerah",
                },
            )
            units[short] = unit
        for person in spec.people:
            user = User.objects.filter(email=person.email).first()
            if user is None:
                user = User.objects.create_user(
                    person.email,
                    password,
                    full_name=person.full_name,
                    nip=person.nip,
                    position=person.position,
                )
            member_unit = units[person.unit] if person.role in Membership.UNIT_ROLES and person.unit else None
            membership, _ = _upsert(
                Membership,
                {"user": user, "government": government, "role": person.role, "unit": member_unit},
                {"is_active": True},
            )
            if person.role == R.REVIEWER and person.unit:
                wanted = {units[s].pk for s in person.unit.split(",")}
                current = set(membership.reviewed_units.values_list("pk", flat=True))
                if wanted != current:
                    membership.reviewed_units.set(wanted)
        governments.append(government)
    return governments
