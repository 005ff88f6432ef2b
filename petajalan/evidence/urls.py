from django.urls import path

from petajalan.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("unggah/", views.item_create, name="item-create"),
    path("<uuid:item>/", views.item_detail, name="item-detail"),
    path("<uuid:item>/ubah/", views.item_edit, name="item-edit"),
    path("<uuid:item>/versi/", views.item_version, name="item-version"),
    path("<uuid:item>/hapus/", views.item_delete, name="item-delete"),
    path("<uuid:item>/berkas/<int:number>/", views.file_download, name="file-download"),
    path("<uuid:item>/pratinjau.png", views.thumbnail, name="thumbnail"),
    path("untuk/<slug:kind>/<str:target>/", views.attach, name="attach"),
    path("untuk/<slug:kind>/<str:target>/lepas/<uuid:item>/", views.unlink, name="unlink"),
    path("paket/<slug:kind>/<str:target>.zip", views.packet, name="packet"),
]
