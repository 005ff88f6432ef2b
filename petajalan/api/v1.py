"""The one ``NinjaAPI`` at ``/api/v1/``: token auth, problem+json errors, the routers.

The OpenAPI schema comes from the same pydantic types that validate requests (decision 0102).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from petajalan.api import public, reads, writes  # noqa: F401 - writes adds its operations to reads.router
from petajalan.api.auth import TokenAuth
from petajalan.api.problems import CONTENT_TYPE, ApiProblem, from_exception, problem

DESCRIPTION = """Petajalan untuk sistem lain (e-SAKIP, perencanaan dan penganggaran).

Masuk dengan token pribadi (Akun → Token API): `Authorization: Bearer pj_…`. Token bercakupan
*baca* hanya membaca; *baca-tulis* juga menyimpan. Hak akses sama dengan halaman situs. Galat
dikirim sebagai `application/problem+json`. Lihat docs/api.md."""


class PetajalanAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema with every error response as ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in (operation.get("responses") or {}).items():
                    content = response.get("content") or {}
                    if str(status).isdigit() and int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
                    if str(status) == "429":
                        response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        return schema


class VendoredSwagger(Swagger):
    """Swagger UI from the assets vendored in django-ninja's package (served through
    ``STATICFILES_DIRS``), never a CDN; "ninja" stays out of INSTALLED_APPS (decision 0102)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api}
        return render(request, "api/swagger.html", context)


api = PetajalanAPI(
    title="Petajalan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=TokenAuth(),
    docs=VendoredSwagger(),
)
api.add_router("/", reads.router)
api.add_router("/public/", public.router)


@api.exception_handler(ApiProblem)
def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return from_exception(exc)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, _("Data ini tidak ada atau bukan milik pemerintah daerah Anda."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(403, str(exc) or _("Peran Anda tidak mengizinkan tindakan ini."))


def _field_message(error: dict[str, Any]) -> str:
    """pydantic's message for a field in the request's language: its common error types have
    Indonesian words here; a message of ours (a ValueError raised by a validator) passes as it is."""
    ctx = error.get("ctx") or {}
    words = {
        "missing": _("Wajib diisi."),
        "int_parsing": _("Harus bilangan bulat."),
        "int_type": _("Harus bilangan bulat."),
        "float_parsing": _("Harus angka."),
        "decimal_parsing": _("Harus angka, mis. 12.5."),
        "decimal_type": _("Harus angka, mis. 12.5."),
        "uuid_parsing": _("Harus UUID, mis. 0d422d5f-4c60-442c-8414-17401c24f691."),
        "uuid_type": _("Harus UUID, mis. 0d422d5f-4c60-442c-8414-17401c24f691."),
        "string_type": _("Harus teks."),
        "bool_parsing": _("Harus true atau false."),
        "date_from_datetime_parsing": _("Harus tanggal YYYY-MM-DD."),
        "date_parsing": _("Harus tanggal YYYY-MM-DD."),
        "enum": _("Pilihan tidak dikenal; yang diterima: %(v)s.") % {"v": ctx.get("expected", "")},
        "literal_error": _("Pilihan tidak dikenal; yang diterima: %(v)s.") % {"v": ctx.get("expected", "")},
        "greater_than_equal": _("Paling kecil %(v)s.") % {"v": ctx.get("ge", "")},
        "less_than_equal": _("Paling besar %(v)s.") % {"v": ctx.get("le", "")},
        "greater_than": _("Harus lebih dari %(v)s.") % {"v": ctx.get("gt", "")},
        "less_than": _("Harus kurang dari %(v)s.") % {"v": ctx.get("lt", "")},
        "string_too_long": _("Paling banyak %(v)s karakter.") % {"v": ctx.get("max_length", "")},
        "string_too_short": _("Paling sedikit %(v)s karakter.") % {"v": ctx.get("min_length", "")},
        "json_invalid": _("Badan permintaan bukan JSON yang sah."),
        "model_attributes_type": _("Badan permintaan harus objek JSON."),
        "dict_type": _("Harus objek JSON."),
        "list_type": _("Harus daftar."),
    }
    return str(words.get(str(error.get("type", "")), error.get("msg", "")))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", [])],
            "msg": _field_message(e),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return problem(422, _("Isian tidak valid; lihat errors untuk letaknya."), errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(
        401, _("Token API tidak diterima."), headers={"WWW-Authenticate": 'Bearer realm="petajalan"'}
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's "Cannot parse request body"
        return problem(400, _("Isi permintaan tidak dapat dibaca; kirim JSON yang sah."))
    return problem(exc.status_code, str(exc.message))


@api.exception_handler(RawPostDataException)
def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(400, _("Isi permintaan tidak dapat dibaca."))
