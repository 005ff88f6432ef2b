from django.urls import path, register_converter

from petajalan.roadmaps import views


class SectionConverter:
    regex = "diagnosis|quick-win|tim|agen"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap-list"),
    path("baru/", views.roadmap_create, name="roadmap-create"),
    path("kota/", views.city_overview, name="city-overview"),
    path("notifikasi/", views.notification_list, name="notification-list"),
    path("<uuid:roadmap>/", views.roadmap_detail, name="roadmap-detail"),
    path("<uuid:roadmap>/matriks/", views.action_matrix, name="action-matrix"),
    path("<uuid:roadmap>/matriks/tambah/", views.action_create, name="action-create"),
    path("<uuid:roadmap>/matriks/<uuid:action>/", views.action_edit, name="action-edit"),
    path("<uuid:roadmap>/matriks/<uuid:action>/duplikat/", views.action_duplicate, name="action-duplicate"),
    path("<uuid:roadmap>/matriks/<uuid:action>/pindah/", views.action_move, name="action-move"),
    path("<uuid:roadmap>/matriks/<uuid:action>/hapus/", views.action_delete, name="action-delete"),
    path("<uuid:roadmap>/bab/<uuid:chapter>/", views.chapter_edit, name="chapter-edit"),
    path("<uuid:roadmap>/alur/<slug:name>/", views.roadmap_transition, name="roadmap-transition"),
    path("<uuid:roadmap>/riwayat/", views.snapshot_diff, name="snapshot-diff"),
    path("<uuid:roadmap>/riwayat/<uuid:snapshot>.json", views.snapshot_json, name="snapshot-json"),
    path("<uuid:roadmap>/komentar/", views.comment_create, name="comment-create"),
    path("<uuid:roadmap>/komentar/<uuid:comment>/selesai/", views.comment_resolve, name="comment-resolve"),
    path("<uuid:roadmap>/usulan-perubahan/", views.change_request_create, name="change-request-create"),
    path(
        "<uuid:roadmap>/usulan-perubahan/<uuid:change>/",
        views.change_request_decide,
        name="change-request-decide",
    ),
    path("<uuid:roadmap>/jadwal/", views.roadmap_gantt, name="roadmap-gantt"),
    path("<uuid:roadmap>/konsolidasi/", views.city_consolidate, name="city-consolidate"),
    path("<uuid:roadmap>/<section:section>/", views.section_list, name="section-list"),
    path("<uuid:roadmap>/<section:section>/<uuid:row>/", views.section_row_edit, name="section-row-edit"),
    path(
        "<uuid:roadmap>/<section:section>/<uuid:row>/hapus/",
        views.section_row_delete,
        name="section-row-delete",
    ),
]
