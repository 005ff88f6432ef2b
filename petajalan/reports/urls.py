from django.urls import path

from petajalan.reports import views

app_name = "reports"

urlpatterns = [
    path("<uuid:roadmap>/", views.document_list, name="document-list"),
    path("<uuid:roadmap>/unduh/<slug:fmt>/", views.document_download, name="document-download"),
    path("<uuid:roadmap>/siapkan/<slug:fmt>/", views.job_create, name="job-create"),
    path("<uuid:roadmap>/impor/", views.import_upload, name="import-upload"),
    path("<uuid:roadmap>/tugas/<uuid:job>/", views.job_detail, name="job-detail"),
    path("<uuid:roadmap>/tugas/<uuid:job>/unduh/", views.job_download, name="job-download"),
    path("<uuid:roadmap>/tugas/<uuid:job>/terapkan/", views.import_apply, name="import-apply"),
]
