"""Demo coaching clinic for Kota Tanjungbalai (fictional): a session modelled on the seed event
(a coaching clinic for every OPD with speakers from the provincial Inspectorate and a peer city's
Bagian Organisasi, about 85 participants), with attendance, a consultation note and follow-ups.
Idempotent: an existing demo session is left untouched. Names and NIPs are invented.

The showcase road map (``roadmaps.demo.EXEMPLARY_UNIT``) has no open finding: the main activities
it does not act on carry the drafter's explanation (an acknowledgement of ``coverage.gap``), the way
the clinic asks a unit to explain a gap instead of inventing an action for every focus node.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from petajalan.accounts.models import Government, Membership, Unit
from petajalan.clinic import services
from petajalan.clinic.models import Acknowledgement, ClinicSession
from petajalan.lib.simplepdf import simple_pdf
from petajalan.roadmaps.demo import EXEMPLARY_UNIT
from petajalan.roadmaps.demo_rows import START
from petajalan.roadmaps.models import Roadmap

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


# Why the showcase unit (a licensing office) has no action under these main activities (fictional).
GAP_REASONS = {
    "urn:rb:general:01": "Penyederhanaan birokrasi dan penataan organisasi dikoordinasikan Bagian Organisasi "
    "Setda untuk seluruh perangkat daerah; DPMPTSP mengikuti hasil evaluasi kelembagaan kota.",
    "urn:rb:general:02": "Sistem kerja fleksibel ditetapkan BKPSDM dengan Peraturan Wali Kota; petugas loket "
    "tetap bekerja di Mal Pelayanan Publik sesuai jam layanan.",
    "urn:rb:general:03": "Arsitektur SPBE kota disusun Diskominfo; aplikasi perizinan DPMPTSP sudah masuk "
    "peta rencana integrasi kota.",
    "urn:rb:general:07": "Maturitas SPIP dinilai di tingkat kota oleh Inspektorat; DPMPTSP mengisi register "
    "risiko setiap tahun sebagai bagian SPIP kota.",
    "urn:rb:general:10": "Kajian kualitas kebijakan dikoordinasikan Bapperida dan Bagian Hukum; DPMPTSP "
    "tidak menyusun kebijakan publik baru dalam periode ini.",
    "urn:rb:general:11": "Pembentukan peraturan menjadi tugas Bagian Hukum Setda; usulan perubahan Perwal "
    "perizinan disampaikan melalui Bagian Hukum.",
    "urn:rb:general:12": "Alih media arsip dipimpin Dispusip untuk semua perangkat daerah; berkas izin baru "
    "sudah tersimpan elektronik di OSS.",
    "urn:rb:general:13": "Statistik sektoral dibina Diskominfo; data izin terbit sudah dikirim setiap bulan "
    "ke portal Satu Data kota.",
    "urn:rb:general:14": "Pengadaan barang dan jasa dilaksanakan UKPBJ Setda; belanja DPMPTSP kecil dan "
    "memakai katalog elektronik.",
    "urn:rb:general:15": "Pengelolaan keuangan dan aset dibina BPKPD di tingkat kota; DPMPTSP tidak "
    "memiliki rekomendasi BPK yang belum ditindaklanjuti.",
    "urn:rb:general:16": "Penyetaraan jabatan ke jabatan fungsional di DPMPTSP sudah selesai dan "
    "dikoordinasikan BKPSDM.",
    "urn:rb:general:17": "Manajemen talenta ASN diselenggarakan BKPSDM untuk seluruh pemerintah kota.",
    "urn:rb:general:19": "Sistem merit dibangun dan dinilai BKPSDM di tingkat kota.",
    "urn:rb:general:20": "Nilai BerAKHLAK ditanamkan lewat rencana tindak agen perubahan (Bab VI) dan "
    "program budaya kerja kota oleh BKPSDM, tanpa rencana aksi tersendiri.",
}


def build_demo_clinic(password: str) -> list[ClinicSession]:
    """One past coaching clinic for Tanjungbalai with about 85 participants (fictional), and the
    showcase road map's coverage gaps explained."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None:
        return []
    explain_exemplary_gaps(government)
    if ClinicSession.objects.filter(government=government, title=TITLE).exists():
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
        services.add_material(
            actor=actor,
            session=session,
            title="Materi: dari permasalahan ke indikator yang terukur",
            file=SimpleUploadedFile(
                "materi-rantai-masalah-indikator.pdf",
                simple_pdf(
                    [
                        "DARI PERMASALAHAN KE INDIKATOR YANG TERUKUR",
                        "Materi coaching clinic road map RB, 9 Juni 2026",
                        "1. Mulai dari masalah yang dirasakan masyarakat.",
                        "2. Rencana aksi menjawab masalah; keluarannya bukan sekadar laporan.",
                        "3. Indikator punya satuan, data dasar dan target per tahun.",
                        "",
                        "MATERI DEMO FIKTIF",
                    ]
                ),
            ),
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


def explain_exemplary_gaps(government: Government) -> list[Acknowledgement]:
    """The showcase unit's drafter explains each uncovered main activity (idempotent: an existing
    explanation is kept as it is)."""
    roadmap = (
        Roadmap.objects.filter(government=government, unit__short_name=EXEMPLARY_UNIT, start_year=START)
        .select_related("unit", "government")
        .first()
    )
    if roadmap is None:
        return []
    # the unit's drafter (or its head) writes the explanations; the admin when the unit has neither
    R = Membership.Role
    people = Membership.objects.filter(government=government, is_active=True).select_related("user")
    drafter = (
        people.filter(unit=roadmap.unit, role=R.DRAFTER).first()
        or people.filter(unit=roadmap.unit, role=R.UNIT_HEAD).first()
        or people.filter(role=R.ADMIN).first()
    )
    _plain, result = services.review_roadmap(roadmap)
    done = set(services.acknowledged(roadmap))
    made = []
    with transaction.atomic():
        for finding in result.findings:
            reason = GAP_REASONS.get(finding.location.row) if finding.rule == "coverage.gap" else None
            if reason and finding.fingerprint not in done:
                made.append(
                    services.acknowledge_finding(
                        actor=drafter.user if drafter else None,
                        roadmap=roadmap,
                        finding=finding,
                        reason=reason,
                    )
                )
    return made
