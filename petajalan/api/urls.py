from django.urls import path

from petajalan.api import views
from petajalan.api.v1 import api

app_name = "api"
urlpatterns = [
    path("api/v1/", api.urls),
    path("akun/token/", views.token_list, name="token-list"),
    path("akun/token/<uuid:api_token>/cabut/", views.token_revoke, name="token-revoke"),
    path("g/<slug:gov>/token-api/", views.government_token_list, name="government-token-list"),
    path(
        "g/<slug:gov>/token-api/<uuid:api_token>/cabut/",
        views.government_token_revoke,
        name="government-token-revoke",
    ),
]
