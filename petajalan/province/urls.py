"""A province's pages under /g/<government>/provinsi/: the roll-up of its kab/kota (for a province),
and, under a kab/kota's own address, its admin's grant of coach rights to a person of the province."""

from django.urls import path

from petajalan.province import views

app_name = "province"

urlpatterns = [
    path("", views.rollup_page, name="rollup"),
    path("pendamping/", views.coach_grant, name="coach-grant"),
]
