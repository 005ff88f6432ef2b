from django.urls import path

from petajalan.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.pack_list, name="pack-list"),
    path("banding/", views.version_compare, name="version-compare"),
    path("unggah/", views.version_upload, name="version-upload"),
    path("<slug:pack>/<str:version>/", views.version_detail, name="version-detail"),
    path("<slug:pack>/<str:version>/unduh/<slug:fmt>/", views.version_export, name="version-export"),
    path("<slug:pack>/<str:version>/aktifkan/", views.version_activate, name="version-activate"),
]
