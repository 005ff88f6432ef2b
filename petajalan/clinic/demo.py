"""Demo coaching clinic for Kota Tanjungbalai (fictional): a session modelled on the seed event
(a coaching clinic for every OPD with speakers from the provincial Inspectorate and a peer city's
Bagian Organisasi, about 85 participants), with attendance, a consultation note and follow-ups.
Idempotent: an existing demo session is left untouched. Names and NIPs are invented.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction

from petajalan.accounts.models import Government, Membership, Unit
from petajalan.clinic import services
from petajalan.clinic.models import ClinicSession

TITLE = "Coaching Clinic Penyusunan Road Map Reformasi Birokrasi Perangkat Daerah"
FIRST = [
    "Ahmad",
    "Rina",
    "Budi",
    "Siti",
    "Hendra",
    "Dewi",
    "Rizki",
    "Nurul",
    "Fajar",
    "Lestari",
    "Yusuf",
    "Maya",
]
LAST = [
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Sitompul",
    "Tanjung",
    "Pohan",
    "Daulay",
    "Batubara",
    "Hasibuan",
]


def build_demo_clinic(password: str) -> list[ClinicSession]:
    """One past coaching clinic for Tanjungbalai with about 85 participants (fictional)."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None or ClinicSession.objects.filter(government=government, title=TITLE).exists():
        return []
    admin = (
        Membership.objects.filter(government=government, role=Membership.Role.ADMIN, is_active=True)
        .select_related("user")
        .first()
    )
    actor = admin.user if admin else None
    units = list(
        Unit.objects.filter(government=government, is_active=True, parent__isnull=True).order_by("code")
    )
    names = (f"{f} {last}" for f, last in itertools.product(FIRST, LAST))
    with transaction.atomic():
        session = services.create_session(
            actor=actor,
            government=government,
            title=TITLE,
            held_on=dt.date(2026, 6, 9),
            place="Aula Sekretariat Daerah Kota Tanjungbalai",
            speakers="Inspektorat Provinsi Sumatera Utara\nBagian Organisasi Kota Tebing Tinggi",
            agenda=(
                "Pembukaan oleh Sekretaris Daerah.\n\n"
                "Materi: menyusun rantai permasalahan → rencana aksi → indikator terukur; "
                "quick wins; tim RB dan agen perubahan.\n\n"
                "Klinik: konsultasi per perangkat daerah dengan pendamping."
            ),
            invited_units=units,
        )
        for n, unit in zip(range(85 if units else 0), itertools.cycle(units), strict=False):
            services.add_participant(
                actor=actor,
                session=session,
                name=next(names),
                position="Penyusun program" if n % 2 else "Kepala subbagian umum dan kepegawaian",
                unit=unit,
                is_present=n % 9 != 0,  # a few did not come
            )
        dinkes = next((u for u in units if u.short_name == "Dinkes"), None)
        if dinkes is not None:
            services.record_consultation(
                actor=actor,
                session=session,
                unit=dinkes,
                notes=(
                    "Output beberapa rencana aksi masih berupa laporan; indikator belum punya satuan. "
                    "Quick win pendaftaran daring puskesmas sudah baik."
                ),
                follow_ups=[
                    {
                        "description": "Ganti output 'laporan' dengan indikator hasil",
                        "owner": "Kasubag Program",
                        "due_on": dt.date(2026, 7, 10),
                    },
                    {
                        "description": "Lengkapi baseline 2024 semua rencana aksi",
                        "owner": "Sekretaris Dinas",
                        "due_on": dt.date(2026, 7, 31),
                    },
                ],
            )
    return [session]
