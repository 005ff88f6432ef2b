"""Every clinic view, walked with every persona."""

from __future__ import annotations

import pytest

from petajalan.testing.matrix import Case, walk

READ_ONLY = {"drafter": 403, "unit_head": 403, "reviewer": 403, "leader": 403}
S = "/g/{gov}/klinik/sesi/{session}"
RM = "/g/{gov}/klinik/roadmap/{roadmap}"

MATRIX = [
    Case("clinic:session-list", "/g/{gov}/klinik/"),
    Case("clinic:session-create", "/g/{gov}/klinik/sesi/baru/", expect=READ_ONLY),
    Case("clinic:session-create", "/g/{gov}/klinik/sesi/baru/", method="post", expect={"admin": 200}),
    Case("clinic:session-detail", S + "/"),
    Case("clinic:participant-add", S + "/peserta/", method="post", expect={"admin": 400}),
    Case(
        "clinic:participant-checkin",
        S + "/peserta/{participant}/hadir/",
        method="post",
        data={"hadir": "1"},
        expect={"admin": 302},
    ),
    Case("clinic:participant-import", S + "/peserta/impor/", method="post", expect={"admin": 400}),
    Case("clinic:material-upload", S + "/materi/", method="post", expect={"admin": 400}),
    Case("clinic:material-download", S + "/materi/{material}/"),
    Case(
        "clinic:consultation-create",
        S + "/konsultasi/",
        method="post",
        expect={"admin": 400, "reviewer": 400},
    ),
    Case(
        "clinic:attendance-download",
        S + "/daftar-hadir.xlsx",
        expect={"drafter": 403, "unit_head": 403, "leader": 403},
    ),
    Case(
        "clinic:report-download",
        S + "/laporan.docx",
        expect={"drafter": 403, "unit_head": 403, "leader": 403},
    ),
    Case(
        "clinic:followup-done",
        "/g/{gov}/klinik/tindak-lanjut/{follow_up}/selesai/",
        method="post",
        expect={"admin": 302, "drafter": 302, "unit_head": 302, "reviewer": 302},
    ),
    Case("clinic:queue", "/g/{gov}/klinik/antrean/", expect={"drafter": 403, "unit_head": 403}),
    Case(
        "clinic:copy-paste",
        "/g/{gov}/klinik/salin-tempel/",
        expect={"drafter": 403, "unit_head": 403},
    ),
    Case("clinic:focus-hints", "/g/{gov}/klinik/saran-fokus/", data={"q": "survei kepuasan masyarakat"}),
    Case("clinic:roadmap-review", RM + "/"),
    Case(
        "clinic:roadmap-review",
        "/g/{gov}/klinik/roadmap/{other_roadmap}/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case("clinic:readiness", RM + "/kesiapan/"),
    Case(
        "clinic:finding-acknowledge",
        RM + "/tanggapi/",
        method="post",
        data={"fingerprint": "tidak-ada", "reason": "Alasan yang cukup panjang"},
        expect={"drafter": 302, "unit_head": 302},
    ),
    Case(
        "clinic:acknowledgement-withdraw",
        RM + "/tanggapi/tarik/",
        method="post",
        data={"fingerprint": "tidak-ada"},
        expect={"drafter": 404, "unit_head": 404},
    ),
    Case(
        "clinic:coach-assign",
        RM + "/pendamping/",
        method="post",
        data={"coach": ""},
        expect={"admin": 302, "reviewer": 302},
    ),
    Case(
        "clinic:roadmap-mark-reviewed",
        RM + "/sudah-dibaca/",
        method="post",
        expect={"admin": 302, "reviewer": 302},
    ),
]


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(
    case,
    personas,
    gov,
    unit,
    other_unit,
    session,
    participant,
    material,
    follow_up,
    roadmap,
    submitted_roadmap,
):
    objects = {
        "gov": gov.slug,
        "session": session.uuid,
        "participant": participant.uuid,
        "material": material.uuid,
        "follow_up": follow_up.uuid,
        "roadmap": roadmap.uuid,
        "other_roadmap": submitted_roadmap.uuid,
    }
    assert walk(case, personas, objects) == []


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/g/{gov}/klinik/sesi/{session}/konsultasi/"),
        ("post", "/g/{gov}/klinik/sesi/{session}/"),
        ("post", "/g/{gov}/klinik/antrean/"),
        ("get", "/g/{gov}/klinik/roadmap/{roadmap}/tanggapi/"),
    ],
)
def test_wrong_method_is_405(method, url, personas, gov, session, roadmap):
    from petajalan.testing.fixtures import client_for

    response = getattr(client_for(personas["admin"]), method)(
        url.format(gov=gov.slug, session=session.uuid, roadmap=roadmap.uuid)
    )
    assert response.status_code == 405


def test_session_of_another_government_is_404(personas, session, other_gov):
    from petajalan.testing.fixtures import client_for

    response = client_for(personas["outsider"]).get(f"/g/{other_gov.slug}/klinik/sesi/{session.uuid}/")
    assert response.status_code == 404
