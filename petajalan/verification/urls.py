from django.urls import path

from petajalan.verification import views

app_name = "verification"
urlpatterns = [
    path("", views.verification_index, name="index"),
    path("<str:code>/", views.seal_detail, name="seal"),
]
