"""The fictional words and figures of the demo road maps (Kota Tanjungbalai): each theme's rows,
the city road map's own rows, the quick wins and the chapter text. ``roadmaps/demo.py`` writes them;
the scale generator and the load test reuse the rows. Nothing here is a real government's plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

START, END = 2025, 2029  # the period of the demo road maps

# (focus key, problem, evidence, activity, output, indicator, unit, baseline, yearly targets, budget Rp/yr)
ROWS: dict[str, list[tuple[Any, ...]]] = {
    "kesehatan": [
        (
            "urn:rb:general:21",
            "Antrean pendaftaran puskesmas rata-rata 75 menit.",
            "Survei waktu tunggu 2024, 8 puskesmas",
            "Menerapkan pendaftaran daring dan nomor antrean SMS di 8 puskesmas",
            "Layanan antrean daring berjalan",
            "Rata-rata waktu tunggu pendaftaran",
            "menit",
            75,
            [60, 45, 30, 25, 20],
            180_000_000,
            "down",
        ),
        (
            "urn:rb:general:08",
            "Pengaduan layanan kesehatan tidak tercatat dan tidak ditindaklanjuti.",
            "Rekap SP4N-LAPOR! 2024: 12 dari 41 aduan dijawab",
            "Menetapkan SOP pengelolaan pengaduan dan petugas penghubung di tiap puskesmas",
            "SOP dan SK petugas pengaduan",
            "Persentase aduan dijawab ≤ 5 hari kerja",
            "%",
            29,
            [50, 70, 85, 90, 95],
            35_000_000,
            "up",
        ),
        (
            "urn:rb:general:06",
            "Belum ada unit layanan yang berpredikat WBK.",
            "Hasil TPI 2024",
            "Membangun Zona Integritas di RSUD dan 2 puskesmas percontohan",
            "Unit kerja diusulkan WBK",
            "Jumlah unit kerja berpredikat WBK",
            "unit",
            0,
            [0, 1, 1, 2, 3],
            60_000_000,
            "up",
        ),
    ],
    "rumah sakit": [
        (
            "urn:rb:general:21",
            "Waktu tunggu rawat jalan lebih dari 3 jam.",
            "Audit mutu 2024",
            "Menerapkan perjanjian jadwal poliklinik daring",
            "Sistem jadwal poliklinik",
            "Waktu tunggu rawat jalan",
            "menit",
            190,
            [150, 120, 90, 75, 60],
            250_000_000,
            "down",
        ),
        (
            "urn:rb:general:06",
            "Praktik gratifikasi belum terkendali.",
            "Temuan Inspektorat 2024",
            "Sosialisasi dan pelaporan gratifikasi daring",
            "Kanal pelaporan gratifikasi",
            "Jumlah laporan gratifikasi ditangani",
            "laporan",
            0,
            [5, 10, 10, 10, 10],
            20_000_000,
            "up",
        ),
    ],
    "adminduk": [
        (
            "urn:rb:general:05",
            "Penerbitan akta kelahiran masih manual dan perlu datang 3 kali.",
            "Data layanan 2024",
            "Layanan akta kelahiran daring terintegrasi dengan rumah sakit dan puskesmas",
            "Layanan daring akta kelahiran",
            "Persentase akta kelahiran terbit ≤ 1 hari",
            "%",
            35,
            [55, 70, 85, 90, 95],
            120_000_000,
            "up",
        ),
        (
            "urn:rb:general:12",
            "Arsip dokumen kependudukan berupa kertas dan rawan rusak.",
            "Inventaris arsip 2024",
            "Digitalisasi arsip register akta 1990–2020",
            "Arsip digital terindeks",
            "Persentase register akta terdigitalisasi",
            "%",
            10,
            [30, 50, 70, 90, 100],
            90_000_000,
            "up",
        ),
    ],
    "pendidikan": [
        (
            "urn:rb:general:18",
            "Kinerja guru tidak dipantau berbasis data.",
            "Rekap e-kinerja 2024",
            "Laporan",
            "Laporan",
            "",
            "",
            None,
            [None, None, None, None, None],
            0,
            "up",
        ),
        (
            "urn:rb:general:21",
            "Pendaftaran peserta didik baru menimbulkan antrean panjang.",
            "Pengaduan PPDB 2024: 63 aduan",
            "PPDB daring dengan kanal bantuan di setiap kecamatan",
            "Layanan PPDB daring",
            "Jumlah aduan PPDB",
            "aduan",
            63,
            [40, 25, 15, 10, 10],
            75_000_000,
            "down",
        ),
    ],
    "spbe": [
        (
            "urn:rb:general:03",
            "Aplikasi OPD tidak saling terhubung (47 aplikasi, 6 terintegrasi).",
            "Inventaris aplikasi 2024",
            "Menyusun arsitektur SPBE kota dan peta rencana integrasi",
            "Dokumen Arsitektur SPBE",
            "Indeks SPBE",
            "indeks",
            Decimal("2.1"),
            [Decimal("2.4"), Decimal("2.7"), Decimal("3.0"), Decimal("3.2"), Decimal("3.5")],
            150_000_000,
            "up",
        ),
        (
            "urn:rb:tematik:digitalisasi-administrasi",
            "Naskah dinas masih dicetak dan diparaf manual.",
            "Survei Bagian Umum 2024",
            "Menerapkan tanda tangan elektronik dan naskah dinas elektronik",
            "TTE untuk pejabat struktural",
            "Persentase naskah dinas bertanda tangan elektronik",
            "%",
            5,
            [25, 50, 75, 90, 95],
            110_000_000,
            "up",
        ),
    ],
    "perizinan": [
        # the exemplary road map (EXEMPLARY_UNIT): every row complete, each with its own evidence
        (
            "urn:rb:tematik:investasi",
            "Izin usaha mikro dan kecil terbit rata-rata 14 hari kerja.",
            "Data OSS 2024: 1.212 izin, rata-rata 14 hari kerja",
            "Pendampingan OSS berbasis risiko bagi pelaku usaha mikro di Mal Pelayanan Publik",
            "Loket pendampingan OSS buka setiap hari kerja",
            "Rata-rata lama terbit izin usaha mikro dan kecil",
            "hari kerja",
            14,
            [7, 5, 3, 2, 1],
            85_000_000,
            "down",
            "Rekap OSS per triwulan, daftar pelaku usaha yang didampingi, foto loket",
        ),
        (
            "urn:rb:general:21",
            "Indeks kepuasan masyarakat layanan perizinan 76,2, di bawah rata-rata kota.",
            "Survei kepuasan masyarakat 2024: 76,2 (rata-rata kota 79,5)",
            "Memperbarui standar pelayanan 12 jenis izin bersama wakil pemohon dan memajangnya di loket",
            "Standar pelayanan 12 jenis izin ditetapkan dan dipajang",
            "Indeks kepuasan masyarakat layanan perizinan",
            "indeks (0-100)",
            Decimal("76.2"),
            [78, 80, 82, 84, 85],
            40_000_000,
            "up",
            "Keputusan kepala dinas tentang standar pelayanan, notulen forum konsultasi publik, laporan SKM",
        ),
        (
            "urn:rb:general:05",
            "Permohonan izin reklame dan persetujuan bangunan gedung masih diajukan dengan berkas kertas.",
            "Register permohonan 2024: 80% berkas kertas",
            "Membuka permohonan izin reklame dan persetujuan bangunan gedung secara daring",
            "Formulir permohonan daring untuk 2 jenis izin",
            "Persentase permohonan izin yang diajukan daring",
            "%",
            20,
            [40, 60, 75, 85, 90],
            120_000_000,
            "up",
            "Tangkapan layar layanan daring, rekap permohonan daring dan luring per bulan",
        ),
        (
            "urn:rb:general:08",
            "Aduan perizinan di SP4N-LAPOR! lambat dijawab.",
            "Rekap SP4N-LAPOR! 2024: 18 dari 30 aduan dijawab dalam 5 hari kerja",
            "Menunjuk petugas penghubung pengaduan dan menetapkan batas jawab 5 hari kerja",
            "Alur tindak lanjut aduan dengan petugas penghubung berjalan",
            "Persentase aduan perizinan dijawab dalam 5 hari kerja",
            "%",
            60,
            [75, 85, 90, 95, 95],
            None,  # no budget needed: a decree and a procedure, done by existing staff
            "up",
            "SK petugas penghubung, rekap SP4N-LAPOR! per triwulan",
        ),
        (
            "urn:rb:general:06",
            "Unit layanan perizinan belum membangun Zona Integritas.",
            "Penilaian mandiri Zona Integritas 2024: nilai 62",
            "Membangun Zona Integritas di unit layanan perizinan Mal Pelayanan Publik",
            "Unit layanan perizinan diusulkan berpredikat WBK",
            "Nilai penilaian mandiri Zona Integritas unit layanan perizinan",
            "nilai (0-100)",
            62,
            [70, 75, 80, 85, 88],
            60_000_000,
            "up",
            "Lembar kerja evaluasi Zona Integritas, berita acara penilaian Tim Penilai Internal",
        ),
        (
            "urn:rb:general:09",
            "Sebagian pemohon masih dimintai imbalan oleh perantara di sekitar loket.",
            "Survei integritas layanan 2024: 9% responden pernah dimintai imbalan",
            "Memisahkan pemohon dari pemroses berkas dan membuka kanal pelaporan gratifikasi",
            "Pemrosesan berkas di ruang tertutup dan kanal pelaporan gratifikasi aktif",
            "Persentase responden survei yang pernah dimintai imbalan",
            "%",
            9,
            [6, 4, 2, 1, 0],
            15_000_000,
            "down",
            "Hasil survei integritas tahunan, rekap laporan gratifikasi, foto tata ruang layanan",
        ),
        (
            "urn:rb:general:18",
            "Kinerja petugas loket belum dinilai dengan data layanan.",
            "E-kinerja 2024: 40% pegawai dinilai triwulanan tepat waktu",
            "Menetapkan sasaran kinerja petugas loket dari data waktu layanan dan menilainya tiap triwulan",
            "Sasaran kinerja petugas loket berbasis data waktu layanan",
            "Persentase pegawai yang dinilai kinerjanya tiap triwulan tepat waktu",
            "%",
            40,
            [70, 85, 95, 100, 100],
            None,
            "up",
            "Rekap e-kinerja per triwulan, berita acara penilaian kinerja",
        ),
        (
            "urn:rb:general:04",
            "Indikator kinerja utama DPMPTSP belum mengukur hasil layanan bagi pemohon.",
            "Evaluasi SAKIP 2024 oleh Inspektorat: nilai 61,5",
            "Menyelaraskan indikator kinerja utama dan perjanjian kinerja dengan lama terbit izin",
            "Indikator kinerja utama yang mengukur lama terbit izin",
            "Nilai evaluasi SAKIP DPMPTSP",
            "nilai (0-100)",
            Decimal("61.5"),
            [65, 68, 71, 74, 77],
            None,
            "up",
            "Keputusan IKU, perjanjian kinerja, laporan hasil evaluasi SAKIP",
        ),
    ],
    # the road maps of ENACTED_UNITS: every indicator a level (percent, index, days) so that each
    # quarter has a target of its own (see _quarter_targets)
    "perencanaan": [
        (
            "urn:rb:general:04",
            "Indikator RKPD belum selaras dengan sasaran RPJMD.",
            "Reviu RKPD 2024: 62% indikator selaras",
            "Menyelaraskan indikator RKPD dan renstra perangkat daerah dengan pohon kinerja kota",
            "Pohon kinerja kota dan indikator RKPD yang diselaraskan",
            "Persentase indikator RKPD yang selaras dengan sasaran RPJMD",
            "%",
            62,
            [75, 85, 92, 96, 100],
            45_000_000,
            "up",
            "Dokumen pohon kinerja, berita acara reviu RKPD",
        ),
        (
            "urn:rb:general:10",
            "Kebijakan daerah disusun tanpa kajian data dan konsultasi publik.",
            "Indeks Kualitas Kebijakan 2024: 58,4",
            "Menerapkan kajian berbasis data dan konsultasi publik untuk setiap rancangan kebijakan",
            "Kajian kebijakan dengan konsultasi publik",
            "Indeks Kualitas Kebijakan",
            "indeks (0-100)",
            Decimal("58.4"),
            [62, 66, 70, 74, 78],
            60_000_000,
            "up",
            "Dokumen kajian, notulen konsultasi publik",
        ),
        (
            "urn:rb:general:13",
            "Data sektoral di portal Satu Data kota banyak yang kedaluwarsa.",
            "Portal Satu Data 2024: 35% data prioritas diperbarui tepat waktu",
            "Menetapkan walidata pendukung di setiap perangkat daerah dan jadwal pemutakhiran data",
            "Data sektoral prioritas diperbarui sesuai jadwal",
            "Persentase data sektoral prioritas yang diperbarui tepat waktu",
            "%",
            35,
            [55, 70, 80, 90, 95],
            75_000_000,
            "up",
            "Rekap pemutakhiran portal Satu Data per triwulan",
        ),
        (
            "urn:rb:tematik:kemiskinan",
            "Program penanggulangan kemiskinan memakai data sasaran yang berbeda-beda.",
            "Rekap TKPK 2024: 40% program memakai data terpadu",
            "Mewajibkan data terpadu kesejahteraan sosial sebagai dasar sasaran program kemiskinan",
            "Program kemiskinan memakai satu data sasaran",
            "Persentase program penanggulangan kemiskinan yang memakai data terpadu",
            "%",
            40,
            [60, 75, 85, 95, 100],
            50_000_000,
            "up",
            "Rekap program TKPK, surat edaran penggunaan data terpadu",
        ),
        (
            "urn:rb:general:18",
            "Laporan kinerja triwulan perangkat daerah sering terlambat.",
            "Rekap Bapperida 2024: 48% laporan tepat waktu",
            "Mengirim pengingat dan memantau laporan kinerja triwulan melalui aplikasi e-monev",
            "Laporan kinerja triwulan masuk tepat waktu",
            "Persentase perangkat daerah yang menyampaikan laporan kinerja triwulan tepat waktu",
            "%",
            48,
            [70, 85, 95, 100, 100],
            None,
            "up",
            "Rekap e-monev per triwulan",
        ),
    ],
    "pengawasan": [
        (
            "urn:rb:general:07",
            "Maturitas SPIP kota masih di tingkat berkembang.",
            "Penilaian BPKP 2024: maturitas SPIP 2,6",
            "Menyusun register risiko di setiap perangkat daerah dan memantau rencana tindak pengendaliannya",
            "Register risiko dan rencana tindak pengendalian",
            "Tingkat maturitas SPIP kota",
            "level (1-5)",
            Decimal("2.6"),
            [Decimal("2.8"), 3, Decimal("3.2"), Decimal("3.4"), Decimal("3.5")],
            80_000_000,
            "up",
            "Register risiko, laporan penilaian mandiri maturitas SPIP",
        ),
        (
            "urn:rb:general:09",
            "Rekomendasi hasil pemeriksaan lambat ditindaklanjuti perangkat daerah.",
            "Rekap tindak lanjut 2024: 64% rekomendasi selesai",
            "Memantau tindak lanjut rekomendasi per perangkat daerah dalam rapat bulanan",
            "Rekomendasi hasil pemeriksaan ditindaklanjuti",
            "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
            "%",
            64,
            [75, 82, 88, 92, 95],
            40_000_000,
            "up",
            "Rekap pemantauan tindak lanjut per triwulan",
        ),
        (
            "urn:rb:general:06",
            "Unit kerja pembangun Zona Integritas belum didampingi secara teratur.",
            "Penilaian mandiri Zona Integritas 2024: rata-rata nilai 60",
            "Mendampingi unit kerja pembangun Zona Integritas setiap triwulan dengan Tim Penilai Internal",
            "Pendampingan Zona Integritas triwulanan",
            "Nilai rata-rata penilaian mandiri Zona Integritas unit kerja pembangun",
            "nilai (0-100)",
            60,
            [68, 74, 80, 84, 88],
            55_000_000,
            "up",
            "Lembar kerja evaluasi Zona Integritas, berita acara Tim Penilai Internal",
        ),
        (
            "urn:rb:general:08",
            "Pengaduan berindikasi pelanggaran lama ditangani.",
            "Register pengaduan 2024: rata-rata 28 hari kerja",
            "Menetapkan SOP penanganan pengaduan berindikasi pelanggaran dengan batas waktu",
            "SOP penanganan pengaduan berjalan",
            "Rata-rata lama penanganan pengaduan berindikasi pelanggaran",
            "hari kerja",
            28,
            [21, 14, 10, 7, 5],
            25_000_000,
            "down",
            "Register pengaduan, SOP penanganan pengaduan",
        ),
        (
            "urn:rb:general:15",
            "Temuan BPK atas aset daerah berulang setiap tahun.",
            "LHP BPK 2024: 45% temuan aset selesai ditindaklanjuti",
            "Mendampingi BPKPD dan perangkat daerah menyelesaikan temuan aset",
            "Temuan aset selesai ditindaklanjuti",
            "Persentase temuan BPK atas aset yang selesai ditindaklanjuti",
            "%",
            45,
            [65, 80, 90, 95, 100],
            None,
            "up",
            "Rekap tindak lanjut temuan BPK",
        ),
    ],
    "kepegawaian": [
        (
            "urn:rb:general:19",
            "Sistem merit kota masih berkategori kurang.",
            "Penilaian KASN 2024: indeks sistem merit 0,51",
            "Menerapkan seleksi terbuka dan pemetaan talenta sesuai standar sistem merit",
            "Seleksi terbuka dan peta talenta",
            "Indeks sistem merit",
            "indeks (0-1)",
            Decimal("0.51"),
            [Decimal("0.55"), Decimal("0.6"), Decimal("0.65"), Decimal("0.7"), Decimal("0.75")],
            90_000_000,
            "up",
            "Laporan penilaian mandiri sistem merit, dokumen seleksi terbuka",
        ),
        (
            "urn:rb:general:17",
            "Jabatan kosong diisi tanpa rencana suksesi.",
            "Data BKPSDM 2024: belum ada kelompok rencana suksesi",
            "Membentuk kelompok rencana suksesi dan mengisi jabatan dari kelompok itu",
            "Kelompok rencana suksesi ditetapkan",
            "Persentase jabatan pimpinan tinggi dan administrator yang diisi dari kelompok rencana suksesi",
            "%",
            0,
            [20, 40, 60, 80, 100],
            70_000_000,
            "up",
            "Keputusan kelompok rencana suksesi, rekap pengisian jabatan",
        ),
        (
            "urn:rb:general:20",
            "Sebagian besar ASN belum mengikuti pengembangan kompetensi 20 jam pelajaran setahun.",
            "Rekap pengembangan kompetensi 2024: 35% ASN",
            "Menyelenggarakan pelatihan klasikal dan daring dengan kurikulum budaya kerja BerAKHLAK",
            "Pelatihan kompetensi dan budaya kerja",
            "Persentase ASN yang mengikuti pengembangan kompetensi minimal 20 jam pelajaran",
            "%",
            35,
            [55, 70, 80, 90, 95],
            120_000_000,
            "up",
            "Rekap jam pelajaran per ASN, sertifikat pelatihan",
        ),
        (
            "urn:rb:general:18",
            "Penilaian kinerja ASN di e-kinerja sering terlambat.",
            "E-kinerja 2024: 58% ASN dinilai tepat waktu",
            "Memantau penilaian kinerja di e-kinerja dan melatih pejabat penilai",
            "Penilaian kinerja ASN tepat waktu",
            "Persentase ASN yang dinilai kinerjanya tepat waktu di e-kinerja",
            "%",
            58,
            [75, 85, 95, 100, 100],
            30_000_000,
            "up",
            "Rekap e-kinerja per triwulan",
        ),
        (
            "urn:rb:general:16",
            "Usul kenaikan pangkat lama diproses.",
            "Register layanan 2024: rata-rata 30 hari kerja",
            "Memproses usul kenaikan pangkat secara elektronik dengan pemeriksaan berkas bertahap",
            "Layanan kenaikan pangkat elektronik",
            "Rata-rata waktu penyelesaian usul kenaikan pangkat",
            "hari kerja",
            30,
            [20, 14, 10, 7, 5],
            35_000_000,
            "down",
            "Register layanan kenaikan pangkat",
        ),
        (
            "urn:rb:general:02",
            "Belum ada perangkat daerah yang menerapkan kerja fleksibel berbasis kinerja.",
            "Data BKPSDM 2024",
            "Menyiapkan Perwal sistem kerja fleksibel dan mendampingi penerapannya per perangkat daerah",
            "Perangkat daerah menerapkan kerja fleksibel",
            "Persentase perangkat daerah yang menerapkan kerja fleksibel berbasis kinerja",
            "%",
            0,
            [25, 50, 75, 100, 100],
            20_000_000,
            "up",
            "Perwal sistem kerja fleksibel, rekap penerapan",
        ),
    ],
    "sosial": [
        (
            "urn:rb:tematik:kemiskinan",
            "Data keluarga miskin belum diverifikasi di lapangan.",
            "Rekap DTKS 2024: 42% data terverifikasi",
            "Memverifikasi data keluarga miskin bersama kelurahan dan pendamping sosial",
            "Data keluarga miskin terverifikasi",
            "Persentase data keluarga miskin yang diverifikasi lapangan",
            "%",
            42,
            [60, 75, 85, 90, 95],
            150_000_000,
            "up",
            "Berita acara verifikasi, rekap DTKS per triwulan",
        ),
        (
            "urn:rb:general:21",
            "Surat keterangan dan rekomendasi bantuan perlu berhari-hari.",
            "Register layanan 2024: rata-rata 6 hari kerja",
            "Menyederhanakan persyaratan dan menandatangani surat secara elektronik",
            "Layanan surat keterangan dan rekomendasi yang lebih cepat",
            "Rata-rata waktu penerbitan surat keterangan dan rekomendasi bantuan",
            "hari kerja",
            6,
            [4, 3, 2, 1, 1],
            40_000_000,
            "down",
            "Register layanan, SOP yang diperbarui",
        ),
        (
            "urn:rb:general:08",
            "Aduan bantuan sosial tidak terjawab.",
            "Rekap SP4N-LAPOR! 2024: 38% aduan dijawab dalam 5 hari kerja",
            "Menunjuk petugas pengaduan bantuan sosial dan batas jawab 5 hari kerja",
            "Aduan bantuan sosial dijawab tepat waktu",
            "Persentase aduan bantuan sosial dijawab dalam 5 hari kerja",
            "%",
            38,
            [60, 75, 85, 90, 95],
            20_000_000,
            "up",
            "Rekap SP4N-LAPOR! per triwulan",
        ),
        (
            "urn:rb:general:05",
            "Permohonan layanan sosial hanya dapat diajukan di kantor.",
            "Register layanan 2024: 5% permohonan daring",
            "Membuka permohonan layanan sosial secara daring lewat portal kota",
            "Permohonan layanan sosial daring",
            "Persentase permohonan layanan sosial yang diajukan daring",
            "%",
            5,
            [20, 35, 50, 65, 80],
            90_000_000,
            "up",
            "Tangkapan layar layanan daring, rekap permohonan",
        ),
        (
            "urn:rb:general:09",
            "Penyaluran bantuan nontunai sebagian tidak tepat sasaran.",
            "Uji petik Inspektorat 2024: 81% tepat sasaran",
            "Menyalurkan bantuan nontunai dengan daftar penerima yang dipadankan dengan data kependudukan",
            "Daftar penerima yang dipadankan",
            "Persentase penyaluran bantuan nontunai tepat sasaran hasil uji petik",
            "%",
            81,
            [85, 88, 90, 92, 95],
            25_000_000,
            "up",
            "Laporan uji petik, daftar penerima",
        ),
    ],
    "kearsipan": [
        (
            "urn:rb:general:12",
            "Arsip vital perangkat daerah masih berupa kertas.",
            "Survei arsip 2024: 12% arsip vital dialihmediakan",
            "Mengalihmediakan arsip vital perangkat daerah dan menyimpannya di aplikasi arsip kota",
            "Arsip vital dalam bentuk digital",
            "Persentase arsip vital perangkat daerah yang dialihmediakan",
            "%",
            12,
            [25, 40, 55, 70, 85],
            110_000_000,
            "up",
            "Berita acara alih media, daftar arsip digital",
        ),
        (
            "urn:rb:general:12",
            "Pengelolaan arsip perangkat daerah belum diawasi.",
            "Pengawasan kearsipan internal 2024: nilai 55",
            "Melakukan pengawasan kearsipan internal ke setiap perangkat daerah",
            "Laporan pengawasan kearsipan",
            "Nilai pengawasan kearsipan internal kota",
            "nilai (0-100)",
            55,
            [62, 68, 74, 80, 85],
            35_000_000,
            "up",
            "Laporan hasil pengawasan kearsipan internal",
        ),
        (
            "urn:rb:general:21",
            "Pemustaka mengeluhkan jam layanan dan koleksi perpustakaan.",
            "Survei kepuasan pemustaka 2024: 74",
            "Memperpanjang jam layanan dan menambah koleksi sesuai usulan pemustaka",
            "Jam layanan diperpanjang dan koleksi bertambah",
            "Indeks kepuasan pemustaka",
            "indeks (0-100)",
            74,
            [77, 79, 81, 83, 85],
            25_000_000,
            "up",
            "Laporan survei kepuasan pemustaka",
        ),
        (
            "urn:rb:general:05",
            "Koleksi perpustakaan daerah tidak dapat dicari dari rumah.",
            "Katalog 2024: 20% koleksi tercatat di katalog daring",
            "Memasukkan koleksi ke katalog daring dan menautkannya ke portal kota",
            "Katalog daring perpustakaan daerah",
            "Persentase koleksi perpustakaan daerah yang dapat dicari di katalog daring",
            "%",
            20,
            [40, 55, 70, 85, 95],
            60_000_000,
            "up",
            "Tangkapan layar katalog daring, rekap entri katalog",
        ),
    ],
    "kecamatan": [
        (
            "urn:rb:general:21",
            "Warga menunggu lama untuk layanan administrasi di kantor camat.",
            "Pencatatan waktu layanan 2024: rata-rata 95 menit",
            "Menata loket PATEN dengan nomor antrean dan standar waktu layanan",
            "Loket PATEN dengan standar waktu layanan",
            "Rata-rata waktu layanan administrasi terpadu kecamatan",
            "menit",
            95,
            [60, 45, 30, 30, 25],
            30_000_000,
            "down",
            "Rekap nomor antrean dan waktu layanan, foto loket",
        ),
        (
            "urn:rb:general:08",
            "Aduan warga di SP4N-LAPOR! lambat dijawab kecamatan.",
            "Rekap SP4N-LAPOR! 2024: 40% dijawab dalam 5 hari kerja",
            "Menunjuk admin pengaduan kecamatan dan kelurahan dengan batas jawab 5 hari kerja",
            "Aduan warga dijawab tepat waktu",
            "Persentase aduan warga dijawab dalam 5 hari kerja",
            "%",
            40,
            [60, 75, 85, 90, 95],
            None,
            "up",
            "Rekap SP4N-LAPOR! per triwulan",
        ),
        (
            "urn:rb:general:05",
            "Layanan kelurahan belum dapat diajukan daring.",
            "Data kecamatan 2024",
            "Membuka permohonan surat kelurahan secara daring lewat portal kota",
            "Permohonan surat kelurahan daring",
            "Persentase layanan kelurahan yang dapat diajukan daring",
            "%",
            0,
            [20, 40, 60, 80, 100],
            45_000_000,
            "up",
            "Tangkapan layar layanan daring, rekap permohonan",
        ),
        (
            "urn:rb:tematik:kemiskinan",
            "Data warga miskin di kelurahan jarang dimutakhirkan.",
            "Rekap kecamatan 2024: 50% kelurahan memutakhirkan data",
            "Memutakhirkan data warga miskin di setiap kelurahan melalui musyawarah kelurahan triwulanan",
            "Data warga miskin dimutakhirkan tiap triwulan",
            "Persentase kelurahan yang memutakhirkan data warga miskin setiap triwulan",
            "%",
            50,
            [70, 85, 100, 100, 100],
            15_000_000,
            "up",
            "Berita acara musyawarah kelurahan",
        ),
    ],
}

# The city road map's own rows (the Bagian Organisasi's), beside the rows consolidated from the units;
# it is enacted once the units' road maps are in (``build_demo_enacted_roadmaps``).
CITY_ROWS: list[tuple[Any, ...]] = [
    (
        "urn:rb:general:01",
        "Struktur organisasi perangkat daerah belum dievaluasi secara berkala.",
        "Evaluasi kelembagaan 2024: 30% perangkat daerah dievaluasi",
        "Mengevaluasi struktur organisasi setiap perangkat daerah dan menindaklanjuti hasilnya",
        "Laporan evaluasi kelembagaan per perangkat daerah",
        "Persentase perangkat daerah yang struktur organisasinya dievaluasi",
        "%",
        30,
        [50, 70, 85, 100, 100],
        60_000_000,
        "up",
        "Laporan evaluasi kelembagaan, berita acara pembahasan",
    ),
    (
        "urn:rb:general:20",
        "Agen perubahan belum aktif di sebagian besar perangkat daerah.",
        "Rekap Bagian Organisasi 2024: 40% perangkat daerah punya agen perubahan aktif",
        "Menetapkan dan membina agen perubahan di setiap perangkat daerah",
        "Agen perubahan aktif dengan rencana tindak",
        "Persentase perangkat daerah dengan agen perubahan aktif",
        "%",
        40,
        [60, 75, 90, 100, 100],
        45_000_000,
        "up",
        "Keputusan penetapan agen perubahan, laporan rencana tindak",
    ),
    (
        "urn:rb:general:04",
        "Akuntabilitas kinerja kota masih bernilai B.",
        "Laporan hasil evaluasi SAKIP 2024: 64,1",
        "Mendampingi penyusunan perjanjian kinerja dan LKjIP semua perangkat daerah",
        "Perjanjian kinerja dan LKjIP yang memenuhi kaidah",
        "Nilai evaluasi SAKIP kota",
        "nilai (0-100)",
        Decimal("64.1"),
        [67, 70, 73, 76, 80],
        70_000_000,
        "up",
        "Laporan hasil evaluasi SAKIP, perjanjian kinerja",
    ),
    (
        "urn:rb:general:01",
        "SOP perangkat daerah banyak yang tidak diperbarui.",
        "Inventaris SOP 2024: 50% perangkat daerah mengevaluasi SOP dalam dua tahun terakhir",
        "Mengevaluasi SOP perangkat daerah dan memetakan proses bisnis kota",
        "SOP yang dievaluasi dan peta proses bisnis kota",
        "Persentase perangkat daerah dengan SOP yang dievaluasi dalam dua tahun terakhir",
        "%",
        50,
        [65, 80, 90, 100, 100],
        40_000_000,
        "up",
        "Daftar SOP yang dievaluasi, peta proses bisnis",
    ),
]

# The quick win of each theme of ENACTED_UNITS: (title, change for citizens, deadline, before, after)
QUICK_WINS: dict[str, tuple[str, str, dt.date, str, str]] = {
    "perencanaan": (
        "Dasbor capaian kinerja perangkat daerah untuk pimpinan",
        "Pimpinan melihat capaian setiap perangkat daerah tanpa menunggu rekap manual.",
        dt.date(START, 9, 30),
        "Rekap kinerja dikumpulkan manual selama 3 minggu",
        "Rekap tersedia paling lama 5 hari setelah triwulan berakhir",
    ),
    "pengawasan": (
        "Kanal pengaduan pelanggaran (whistleblowing) daring",
        "Pegawai dan warga melaporkan dugaan pelanggaran tanpa harus datang dan tanpa membuka identitas.",
        dt.date(START, 8, 31),
        "Pengaduan hanya lewat surat dan datang langsung",
        "Pengaduan daring dengan nomor lacak",
    ),
    "kepegawaian": (
        "Usul kenaikan pangkat tanpa berkas kertas",
        "ASN mengusulkan kenaikan pangkat dari kantornya dan memantau statusnya.",
        dt.date(START, 10, 31),
        "Berkas kertas diantar ke BKPSDM, rata-rata 30 hari kerja",
        "Usul elektronik, paling lama 10 hari kerja",
    ),
    "sosial": (
        "Surat keterangan tidak mampu terbit dalam satu hari",
        "Warga yang membutuhkan surat keterangan tidak mampu pulang membawa suratnya pada hari yang sama.",
        dt.date(START, 12, 31),
        "Rata-rata 6 hari kerja",
        "Terbit pada hari yang sama",
    ),
    "kearsipan": (
        "Peminjaman arsip daring",
        "Perangkat daerah meminjam dan menerima salinan arsip tanpa datang ke depo arsip.",
        dt.date(START + 1, 3, 31),
        "Datang ke depo arsip, rata-rata 3 hari",
        "Salinan digital dikirim paling lama 1 hari kerja",
    ),
    "kecamatan": (
        "Layanan PATEN keliling ke kelurahan",
        "Warga kelurahan yang jauh dari kantor camat dilayani di kantor lurah setiap pekan.",
        dt.date(START, 11, 30),
        "Warga datang ke kantor camat",
        "Layanan di setiap kantor lurah bergiliran setiap pekan",
    ),
}


# Fictional chapter text, long enough to read as a real draft (the clinic asks ~40 words per chapter).
CHAPTER_TEXT = {
    "bab-1": (
        "Road map ini memuat langkah reformasi birokrasi **{unit}** untuk periode {period}. Dokumen ini "
        "menjadi acuan bagi seluruh pegawai dalam memperbaiki tata kelola dan pelayanan, sejalan dengan "
        "road map kota dan pedoman Kementerian PANRB yang berlaku. Data dalam demo ini **fiktif** dan "
        "hanya dipakai untuk latihan penyusunan."
    ),
    "bab-2": (
        "Pada periode lalu {unit} telah menerbitkan standar pelayanan dan membuka kanal pengaduan, namun "
        "waktu tunggu layanan masih panjang, pengaduan belum tercatat rapi, dan data kinerja belum "
        "dipakai untuk mengambil keputusan. Potensi yang ada: pegawai muda yang terbiasa dengan aplikasi "
        "dan dukungan jaringan dari Diskominfo."
    ),
    "bab-3": (
        "Arah kebijakan {unit} periode {period} adalah layanan yang cepat, pasti dan terbuka. Sasaran "
        "diukur dengan waktu tunggu, persentase pengaduan yang dijawab tepat waktu, dan jumlah unit "
        "kerja berpredikat WBK. Setiap sasaran punya data dasar 2024 dan target per tahun pada matriks "
        "rencana aksi."
    ),
    "bab-4": (
        "Rencana aksi disusun per kegiatan utama RB General dan tema RB Tematik yang relevan. Setiap "
        "baris menjawab satu permasalahan hasil diagnosis, memiliki keluaran, indikator dengan satuan, "
        "target tahunan, anggaran per tahun dan penanggung jawab, serta data dukung yang akan "
        "dikumpulkan setiap triwulan."
    ),
    "bab-5": (
        "Quick win {unit} dipilih karena langsung dirasakan warga dalam satu tahun: layanan tanpa antre "
        "dengan nomor antrean dari rumah. Ukuran sebelum dan sesudah dicatat, dan hasilnya dilaporkan "
        "kepada tim pengarah reformasi birokrasi kota setiap triwulan bersama foto dan rekap waktu tunggu."
    ),
    "bab-6": (
        "Pelaksanaan dipimpin kepala perangkat daerah sebagai ketua tim pelaksana, dibantu sekretaris dan "
        "kelompok kerja. Agen perubahan menjalankan rencana tindak masing-masing. Capaian dilaporkan "
        "setiap triwulan kepada Bagian Organisasi dengan data dukung, lalu dievaluasi bersama pendamping "
        "dari Inspektorat. Kendala yang muncul dibahas dalam rapat tim setiap bulan agar rencana aksi "
        "yang tertinggal segera dikejar."
    ),
    "bab-7": (
        "Road map ini bersifat dinamis dan dapat diubah melalui usulan perubahan bila kebijakan nasional "
        "atau daerah berubah. Keberhasilannya bergantung pada komitmen pimpinan, keterlibatan seluruh "
        "pegawai, dan keterbukaan kepada masyarakat tentang capaian dan kendala pelaksanaannya. Capaian "
        "tahunan diumumkan di laman resmi agar warga ikut mengawasi."
    ),
}


# The showcase's chapters: specific to the unit, each well above the clinic's 40-word minimum.
EXEMPLARY_CHAPTERS = {
    "bab-1": (
        "Road map reformasi birokrasi **{unit}** periode {period} menjabarkan road map Kota Tanjungbalai "
        "ke dalam langkah yang dapat dikerjakan dan diukur oleh satu perangkat daerah. Dokumen ini "
        "disusun oleh tim pelaksana RB bersama pendamping dari Inspektorat dan Bagian Organisasi, lalu "
        "ditetapkan dengan Peraturan Wali Kota. *Seluruh data dalam contoh ini fiktif dan dipakai untuk "
        "latihan penyusunan.*"
    ),
    "bab-2": (
        "Pada 2024 {unit} menerbitkan 1.212 izin usaha melalui OSS dengan rata-rata 14 hari kerja. "
        "Indeks kepuasan masyarakat layanan perizinan 76,2, di bawah rata-rata kota 79,5. Delapan dari "
        "sepuluh permohonan izin reklame dan persetujuan bangunan gedung masih berupa berkas kertas, 12 "
        "dari 30 aduan di SP4N-LAPOR! dijawab lewat dari lima hari kerja, dan survei integritas mencatat "
        "9% responden pernah dimintai imbalan. Permasalahan ini dirinci per kegiatan utama pada bagian "
        "diagnosis, masing-masing dengan data dukungnya."
    ),
    "bab-3": (
        "Arah kebijakan {unit} periode {period}: izin terbit cepat, pasti dan bersih. Sasarannya lama "
        "terbit izin usaha mikro turun dari 14 menjadi 1 hari kerja, indeks kepuasan masyarakat naik "
        "menjadi 85, 90% permohonan diajukan daring, dan unit layanan perizinan berpredikat WBK. Setiap "
        "sasaran mendukung sasaran road map kota pada kegiatan utama pelayanan publik dan tema RB "
        "Tematik peningkatan investasi."
    ),
    "bab-4": (
        "Rencana aksi disusun dari permasalahan hasil diagnosis: setiap baris menjawab satu "
        "permasalahan, menyebut keluaran, indikator dengan satuan, data dasar 2024, target setiap tahun "
        "yang bergerak ke arah yang benar, anggaran per tahun atau keterangan tidak memerlukan anggaran, "
        "penanggung jawab, dan data dukung yang dikumpulkan. Kegiatan utama yang menjadi kewenangan "
        "perangkat daerah lain dijelaskan alasannya pada hasil klinik."
    ),
    "bab-5": (
        "Dua quick win dipilih karena langsung dirasakan pemohon dalam tahun pertama: izin usaha mikro "
        "terbit di hari yang sama melalui loket pendampingan OSS, dan status berkas yang dikirim lewat "
        "pesan singkat sehingga pemohon tidak perlu datang menanyakan berkasnya. Ukuran sebelum dan "
        "sesudah dicatat dari rekap OSS dan dilaporkan kepada tim pengarah setiap triwulan."
    ),
    "bab-6": (
        "Tim pengarah dipimpin Sekretaris Daerah; tim pelaksana dipimpin Kepala {unit} dengan dua "
        "kelompok kerja: pelayanan publik dan Zona Integritas, serta akuntabilitas kinerja. Dua agen "
        "perubahan menjalankan rencana tindak masing-masing. Capaian setiap rencana aksi dipantau "
        "bulanan dalam rapat tim, dilaporkan triwulanan kepada Bagian Organisasi dengan data dukung, "
        "dan dievaluasi setiap tahun bersama pendamping dari Inspektorat."
    ),
    "bab-7": (
        "Road map ini menjadi pegangan seluruh pegawai {unit} sampai akhir periode {period}. Perubahan "
        "hanya dilakukan melalui usulan perubahan kepada Bagian Organisasi bila kebijakan nasional atau "
        "daerah berubah. Capaian tahunan diumumkan di laman resmi dan di ruang tunggu Mal Pelayanan "
        "Publik agar pemohon ikut mengawasi dan memberi masukan."
    ),
}
