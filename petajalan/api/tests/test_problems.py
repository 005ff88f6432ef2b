"""Every error under /api/ is a problem in Indonesian, also those answered outside the operations:
an unknown path, a method the path does not have, a body over the request limit."""

from __future__ import annotations

from django.test import Client

from petajalan.api.tests.conftest import bearer, make_token

PROBLEM = "application/problem+json"


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_an_unknown_api_path_is_a_404_problem(gov, admin):
    body = _is_problem(Client().get("/api/v1/tidak-ada/", headers=bearer(make_token(admin))), 404)
    assert "/api/v1/docs" in body["detail"]
    _is_problem(Client().get("/api/v2/governments"), 404)


def test_a_method_the_path_does_not_have_is_a_405_problem_with_allow(gov, admin):
    response = Client().delete(f"/api/v1/governments/{gov.slug}/roadmaps", headers=bearer(make_token(admin)))
    body = _is_problem(response, 405)
    assert "GET" in response["Allow"] and "DELETE" in body["detail"]


def test_a_body_over_the_request_limit_is_a_413_problem(gov, admin, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = Client().post(
        f"/api/v1/governments/{gov.slug}/evidence",
        b"x" * 4096,
        content_type="application/octet-stream",
        headers=bearer(make_token(admin)),
    )
    assert "MB" in _is_problem(response, 413)["detail"]


def test_pages_outside_the_api_keep_their_html_errors(db):
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_field_errors_speak_indonesian(gov, admin):
    response = Client().get(
        f"/api/v1/governments/{gov.slug}/realisations",
        {"year": "dua ribu", "quarter": "9"},
        headers=bearer(make_token(admin)),
    )
    body = _is_problem(response, 422)
    messages = {tuple(e["loc"])[-1]: e["msg"] for e in body["errors"]}
    assert messages["year"] == "Harus bilangan bulat."
    assert messages["quarter"] == "Paling besar 4."
