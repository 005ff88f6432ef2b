from django.urls import path

from petajalan.public import views

app_name = "public"
urlpatterns = [
    path("publik/<slug:slug>/", views.public_home, name="home"),
    path("publik/<slug:slug>/road-map/<str:roadmap>/", views.public_roadmap, name="roadmap"),
    path(
        "publik/<slug:slug>/road-map/<str:roadmap>/unduh.<str:fmt>",
        views.public_download,
        name="roadmap-download",
    ),
    path("publik-bahasa/<str:code>/", views.language, name="language"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("g/<slug:gov>/publik/pengaturan/", views.public_settings, name="settings"),
]
