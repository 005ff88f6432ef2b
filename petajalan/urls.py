from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from petajalan import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("bahasa/", set_language, name="set-language"),
    path("", include("petajalan.accounts.urls")),
    path("g/<slug:gov>/pedoman/", include("petajalan.frameworks.urls")),
    path("g/<slug:gov>/roadmap/", include("petajalan.roadmaps.urls")),
    path("g/<slug:gov>/klinik/", include("petajalan.clinic.urls")),
    path("g/<slug:gov>/dokumen/", include("petajalan.reports.urls")),
    path("g/<slug:gov>/data-dukung/", include("petajalan.evidence.urls")),
    path("g/<slug:gov>/pemantauan/", include("petajalan.monitoring.urls")),
    path("g/<slug:gov>/evaluasi/", include("petajalan.evaluations.urls")),
    path("g/<slug:gov>/provinsi/", include("petajalan.province.urls")),
    path("", include("petajalan.public.urls")),
    path("", include("petajalan.verification.site_urls")),
    path("", include("petajalan.api.urls")),
    path("pengelola-situs/", admin.site.urls),
]

handler400 = "petajalan.views.bad_request"
handler403 = "petajalan.views.permission_denied"
handler404 = "petajalan.views.page_not_found"
handler500 = "petajalan.views.server_error"
