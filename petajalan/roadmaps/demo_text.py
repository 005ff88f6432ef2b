"""The fictional words of the demo road maps (Kota Tanjungbalai): the quick win of each theme and
the chapter text, long enough to read as a real draft. ``roadmaps/demo.py`` writes them; the scale
generator reuses the chapters. Nothing here is a real government's plan.
"""

from __future__ import annotations

import datetime as dt

from petajalan.roadmaps.demo_rows import START

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
