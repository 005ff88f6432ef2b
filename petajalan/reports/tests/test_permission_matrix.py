"""Every reports view, walked with every persona, plus the wrong HTTP method for each.

The road map belongs to ``unit`` (drafter and unit head edit it while it is a draft; the admin,
reviewer and leader only read it). Open data needs an enacted road map, so it is 403 here.
"""

from __future__ import annotations

import pytest

from petajalan.reports.models import ReportJob
from petajalan.roadmaps.plain import to_dict
from petajalan.roadmaps.services import to_plain
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

BASE = "/g/{gov}/dokumen/{roadmap}"
EDITORS = {"drafter": 200, "unit_head": 200}
NOT_OTHERS = {"drafter": 404, "unit_head": 404, "reviewer": 404}
EVERYONE_REDIRECT = {p: 302 for p in ("admin", "drafter", "unit_head", "reviewer", "leader")}

MATRIX = [
    Case("reports:document-list", BASE + "/"),
    Case("reports:document-list", "/g/{gov}/dokumen/{other_roadmap}/", expect=NOT_OTHERS),
    Case("reports:document-download", BASE + "/unduh/docx/"),
    Case("reports:document-download", BASE + "/unduh/xlsx/"),
    Case("reports:document-download", "/g/{gov}/dokumen/{other_roadmap}/unduh/pdf/", expect=NOT_OTHERS),
    Case("reports:document-download", BASE + "/unduh/csv/", default=403),
    Case("reports:job-create", BASE + "/siapkan/pdf/", "post", EVERYONE_REDIRECT),
    Case("reports:import-upload", BASE + "/impor/", expect=EDITORS, default=403),
    # a POST without a file shows the form again with its error (400) to those who may edit
    Case("reports:import-upload", BASE + "/impor/", "post", {"drafter": 400, "unit_head": 400}),
    Case("reports:job-detail", BASE + "/tugas/{export_job}/"),
    Case("reports:job-download", BASE + "/tugas/{export_job}/unduh/"),
    # the drafter applies it; the unit head then finds it already applied (a message, 302)
    Case(
        "reports:import-apply",
        BASE + "/tugas/{import_job}/terapkan/",
        "post",
        {"drafter": 302, "unit_head": 302},
    ),
]
FORM_VIEWS = {"reports:import-upload"}


@pytest.fixture
def objects(personas, gov, unit, other_unit):  # type: ignore[no-untyped-def]
    roadmap = make_roadmap(gov, unit)
    make_action(roadmap)
    other = make_roadmap(gov, other_unit)
    export_job = ReportJob.objects.create(
        government=gov,
        roadmap=roadmap,
        kind=ReportJob.Kind.EXPORT,
        format=ReportJob.Format.XLSX,
        status=ReportJob.Status.DONE,
        result=b"PK",
        result_name="road-map.xlsx",
    )
    import_job = ReportJob.objects.create(
        government=gov,
        roadmap=roadmap,
        kind=ReportJob.Kind.IMPORT,
        status=ReportJob.Status.DONE,
        parsed=to_dict(to_plain(roadmap)),
        roadmap_version=roadmap.version,
    )
    return {
        "gov": gov.slug,
        "roadmap": roadmap.uuid,
        "other_roadmap": other.uuid,
        "export_job": export_job.uuid,
        "import_job": import_job.uuid,
    }


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, objects):  # type: ignore[no-untyped-def]
    assert walk(case, personas, objects) == []


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_wrong_method_is_405(case, personas, objects):  # type: ignore[no-untyped-def]
    client = client_for(personas["admin"])
    url = case.url.format(**objects)
    if case.name in FORM_VIEWS:
        response = client.put(url)
    elif case.method == "get":
        response = client.post(url)
    else:
        response = client.get(url)
    assert response.status_code == 405
