"""Permission-matrix rows of views/documents.py: the downloads and the evaluator packet for everyone
with a role in the government; the import for those who answer items (the Bagian Organisasi, the
unit's drafter and head; reviewers and leaders read only); another government's cycle is 404."""

from petajalan.testing.matrix import Case

D = "/g/{gov}/evaluasi/siklus/{cycle}/"
OTHER = "/g/{gov}/evaluasi/siklus/{other_cycle}/"
ANSWERING = {"admin": 200, "drafter": 200, "unit_head": 200}

DOCUMENT_ROWS: list[Case] = [
    *[Case("evaluations:cycle-download", D + f"unduh.{fmt}") for fmt in ("xlsx", "docx", "pdf")],
    Case("evaluations:cycle-download", D + "unduh.exe", default=404),
    Case("evaluations:cycle-download", OTHER + "unduh.xlsx", default=404),
    Case(
        "evaluations:cycle-download", D + "unduh.xlsx", method="post", default=405, expect={"outsider": 405}
    ),
    Case("evaluations:cycle-packet", D + "paket-data-dukung.zip"),
    Case("evaluations:cycle-packet", OTHER + "paket-data-dukung.zip", default=404),
    Case("evaluations:cycle-import", D + "impor/", default=403, expect=ANSWERING),
    # no file: the form's error (400) for those who may import, 403 for those who may not
    Case(
        "evaluations:cycle-import",
        D + "impor/",
        method="post",
        default=403,
        expect={"admin": 400, "drafter": 400, "unit_head": 400},
    ),
    Case("evaluations:cycle-import", OTHER + "impor/", default=404),
    # nothing waiting for confirmation: back to the import page with a message
    Case(
        "evaluations:cycle-import-confirm",
        D + "impor/konfirmasi/",
        method="post",
        default=403,
        expect={"admin": 302, "drafter": 302, "unit_head": 302},
    ),
    Case("evaluations:cycle-import-confirm", D + "impor/konfirmasi/", default=405, expect={"outsider": 405}),
    Case("evaluations:cycle-import-confirm", OTHER + "impor/konfirmasi/", method="post", default=404),
]
