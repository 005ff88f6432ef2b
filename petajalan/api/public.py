"""Public endpoints under ``/api/v1/public/{gov}/``: what the public pages show, as JSON, with no
token. Built only on ``petajalan.public.queries`` (enacted road maps, verified figures, published
evaluations), rate limited per IP, with ETag and Last-Modified from ``public_fingerprint``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import http_date, parse_http_date_safe
from ninja import Router, Schema
from pydantic import Field

from petajalan.api import schemas as s
from petajalan.api.auth import public_rate
from petajalan.public import queries

router = Router(tags=["publik"], auth=None)
ERRORS = {404: s.Problem, 422: s.Problem, 429: s.Problem}


class PublicGovernment(Schema):
    slug: str
    name: str
    kind: str
    province: str
    roadmaps: str = Field(description="Alamat daftar road map yang ditetapkan")
    progress: str
    quick_wins: str
    evaluations: str


def _conditional(request: HttpRequest, response: HttpResponse, slug: str, build: Callable[[Any], Any]) -> Any:
    """Rate-limit, find the published government, answer 304 when the client's copy is current,
    else build the body and set ETag and Last-Modified."""
    public_rate(request)
    government = queries.published_government(slug)
    seed, modified = queries.public_fingerprint(government)
    # the labels in the body follow the request's language (Accept-Language), so the tag does too
    tag = f"{seed}|{request.get_full_path()}|{translation.get_language()}"
    etag = '"' + hashlib.sha256(tag.encode()).hexdigest()[:32] + '"'
    stamp = int(modified.timestamp()) if modified else None
    not_modified = False
    if request.headers.get("If-None-Match"):
        not_modified = etag in [
            t.strip().removeprefix("W/") for t in request.headers["If-None-Match"].split(",")
        ]
    elif stamp is not None and request.headers.get("If-Modified-Since"):
        since = parse_http_date_safe(request.headers["If-Modified-Since"])
        not_modified = since is not None and stamp <= since
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
    if stamp is not None:
        headers["Last-Modified"] = http_date(stamp)
    if not_modified:
        answer = HttpResponse(status=304)
        for name, value in headers.items():
            answer[name] = value
        return answer
    for name, value in headers.items():
        response[name] = value
    return build(government)


@router.get(
    "/{gov}", response={200: PublicGovernment, 304: None, **ERRORS}, summary="Pemerintah daerah (publik)"
)
def public_government(request: HttpRequest, response: HttpResponse, gov: str) -> Any:
    def build(government: Any) -> dict[str, Any]:
        base = request.build_absolute_uri(f"/api/v1/public/{government.slug}/")
        return {
            "slug": government.slug,
            "name": government.name,
            "kind": government.kind,
            "province": government.province,
            "roadmaps": f"{base}roadmaps",
            "progress": f"{base}progress",
            "quick_wins": f"{base}quick-wins",
            "evaluations": f"{base}evaluations",
        }

    return _conditional(request, response, gov, build)


@router.get(
    "/{gov}/roadmaps",
    response={200: list[dict[str, Any]], 304: None, **ERRORS},
    summary="Road map yang ditetapkan",
)
def public_roadmap_list(request: HttpRequest, response: HttpResponse, gov: str) -> Any:
    return _conditional(request, response, gov, queries.public_roadmaps)


@router.get(
    "/{gov}/roadmaps/{roadmap}",
    response={200: dict[str, Any], 304: None, **ERRORS},
    summary="Satu road map yang ditetapkan",
)
def public_roadmap_detail(request: HttpRequest, response: HttpResponse, gov: str, roadmap: str) -> Any:
    return _conditional(request, response, gov, lambda g: queries.public_roadmap(g, roadmap))


@router.get(
    "/{gov}/progress",
    response={200: list[dict[str, Any]], 304: None, **ERRORS},
    summary="Capaian terverifikasi per triwulan",
)
def public_progress(
    request: HttpRequest, response: HttpResponse, gov: str, roadmap: str | None = None
) -> Any:
    return _conditional(request, response, gov, lambda g: queries.public_progress(g, roadmap))


@router.get(
    "/{gov}/quick-wins",
    response={200: list[dict[str, Any]], 304: None, **ERRORS},
    summary="Quick win terwujud",
)
def public_quick_wins(request: HttpRequest, response: HttpResponse, gov: str) -> Any:
    return _conditional(request, response, gov, queries.public_quick_wins)


@router.get(
    "/{gov}/evaluations",
    response={200: list[dict[str, Any]], 304: None, **ERRORS},
    summary="Hasil evaluasi yang dipublikasikan",
)
def public_evaluations(request: HttpRequest, response: HttpResponse, gov: str) -> Any:
    return _conditional(request, response, gov, queries.public_evaluations)
