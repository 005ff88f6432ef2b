"""Permission-matrix rows of views/analysis.py: every role of the government reads the analysis pages
and may run a what-if (it stores nothing); only the admin links actions and keeps scenarios. A cycle
of another government is 404 for everyone of this one."""

from petajalan.testing.matrix import Case

C = "/g/{gov}/evaluasi/siklus/{cycle}/"
OTHER = "/g/{gov}/evaluasi/siklus/{other_cycle}/"
EVERYONE_404 = {p: 404 for p in ("admin", "drafter", "unit_head", "reviewer", "leader")}
CRITERION = "urn:lke:rb-general:1a:kualitas-rencana-aksi"

ANALYSIS_ROWS: list[Case] = [
    Case("evaluations:next-points", C + "poin-berikutnya/"),
    Case("evaluations:next-points", OTHER + "poin-berikutnya/", expect=EVERYONE_404),
    # nothing chosen: back to the page with a message
    Case(
        "evaluations:next-points-actions",
        C + "poin-berikutnya/aksi/",
        method="post",
        data={"kriteria": CRITERION},
        expect={"admin": 302},
    ),
    Case(
        "evaluations:next-points-actions",
        OTHER + "poin-berikutnya/aksi/",
        method="post",
        data={"kriteria": CRITERION},
        expect=EVERYONE_404,
    ),
    Case("evaluations:whatif", C + "simulasi/"),
    Case("evaluations:whatif", C + "simulasi/?skenario={scenario}"),
    Case("evaluations:whatif", OTHER + "simulasi/", expect=EVERYONE_404),
    # a what-if stores nothing: every role may run one
    Case("evaluations:whatif-run", C + "simulasi/hitung/", method="post", data={CRITERION: "2"}, default=200),
    Case("evaluations:whatif-run", OTHER + "simulasi/hitung/", method="post", expect=EVERYONE_404),
    Case(
        "evaluations:whatif-save",
        C + "simulasi/simpan/",
        method="post",
        data={"nama": "Skenario matriks", CRITERION: "3"},
        expect={"admin": 302},
    ),
    Case("evaluations:whatif-save", OTHER + "simulasi/simpan/", method="post", expect=EVERYONE_404),
    Case("evaluations:whatif-detail", C + "simulasi/{scenario}/"),
    Case("evaluations:whatif-detail", OTHER + "simulasi/{scenario}/", expect=EVERYONE_404),
    Case("evaluations:whatif-delete", C + "simulasi/{scenario}/hapus/", method="post", expect={"admin": 302}),
    Case(
        "evaluations:whatif-delete", OTHER + "simulasi/{scenario}/hapus/", method="post", expect=EVERYONE_404
    ),
    Case("evaluations:planned-index", C + "rencana-indeks/"),
    Case("evaluations:planned-index", OTHER + "rencana-indeks/", expect=EVERYONE_404),
    Case("evaluations:calibration", C + "kalibrasi/"),
    Case("evaluations:calibration", OTHER + "kalibrasi/", expect=EVERYONE_404),
    Case("evaluations:framework-preview", C + "pratinjau-kerangka/"),
    Case("evaluations:framework-preview", OTHER + "pratinjau-kerangka/", expect=EVERYONE_404),
]
