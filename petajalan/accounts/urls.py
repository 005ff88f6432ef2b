from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from petajalan.accounts import views
from petajalan.accounts.forms import PasswordResetRequestForm

app_name = "accounts"

urlpatterns = [
    path("akun/masuk/", views.login_view, name="login"),
    path("akun/keluar/", views.logout_view, name="logout"),
    path("akun/profil/", views.profile, name="profile"),
    path(
        "akun/lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            form_class=PasswordResetRequestForm,
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "akun/lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path("akun/sandi-baru/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password-reset-confirm"),
    path(
        "akun/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path("g/<slug:gov>/", views.government_home, name="government-home"),
    path("g/<slug:gov>/unit/", views.unit_list, name="unit-list"),
    path("g/<slug:gov>/unit/<uuid:unit>/", views.unit_detail, name="unit-detail"),
    path("g/<slug:gov>/orang/", views.people_list, name="people-list"),
]
