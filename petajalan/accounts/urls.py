from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from petajalan.accounts.forms import PasswordResetRequestForm
from petajalan.accounts.views import audit, base, bulk, people, units

app_name = "accounts"

urlpatterns = [
    path("akun/masuk/", base.login_view, name="login"),
    path("akun/keluar/", base.logout_view, name="logout"),
    path("akun/profil/", base.profile, name="profile"),
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
    path("akun/sandi-baru/<uidb64>/<token>/", base.PasswordSetView.as_view(), name="password-reset-confirm"),
    path(
        "akun/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path("g/<slug:gov>/", base.government_home, name="government-home"),
    path("g/<slug:gov>/unit/", units.unit_list, name="unit-list"),
    path("g/<slug:gov>/unit/baru/", units.unit_create, name="unit-create"),
    path("g/<slug:gov>/unit/<uuid:unit>/", units.unit_detail, name="unit-detail"),
    path("g/<slug:gov>/unit/<uuid:unit>/ubah/", units.unit_edit, name="unit-edit"),
    path(
        "g/<slug:gov>/unit/<uuid:unit>/nonaktifkan/",
        units.unit_set_active,
        {"active": False},
        name="unit-deactivate",
    ),
    path(
        "g/<slug:gov>/unit/<uuid:unit>/aktifkan/",
        units.unit_set_active,
        {"active": True},
        name="unit-activate",
    ),
    path("g/<slug:gov>/orang/", people.people_list, name="people-list"),
    path("g/<slug:gov>/orang/undang/", people.person_invite, name="person-invite"),
    path("g/<slug:gov>/orang/<uuid:person>/", people.person_detail, name="person-detail"),
    path("g/<slug:gov>/orang/<uuid:person>/peran/", people.membership_add, name="membership-add"),
    path(
        "g/<slug:gov>/orang/<uuid:person>/nonaktifkan/",
        people.person_set_active,
        {"active": False},
        name="person-deactivate",
    ),
    path(
        "g/<slug:gov>/orang/<uuid:person>/aktifkan/",
        people.person_set_active,
        {"active": True},
        name="person-activate",
    ),
    path("g/<slug:gov>/orang/<uuid:person>/undang-ulang/", people.person_resend, name="person-resend"),
    path("g/<slug:gov>/peran/<uuid:membership>/ubah/", people.membership_edit, name="membership-edit"),
    path(
        "g/<slug:gov>/peran/<uuid:membership>/nonaktifkan/",
        people.membership_set_active,
        {"active": False},
        name="membership-deactivate",
    ),
    path(
        "g/<slug:gov>/peran/<uuid:membership>/aktifkan/",
        people.membership_set_active,
        {"active": True},
        name="membership-activate",
    ),
    path("g/<slug:gov>/impor/", bulk.import_upload, name="import-upload"),
    path("g/<slug:gov>/impor/templat.xlsx", bulk.import_template, name="import-template"),
    path("g/<slug:gov>/impor/ekspor.xlsx", bulk.data_export, name="data-export"),
    path("g/<slug:gov>/impor/<uuid:batch>/", bulk.import_preview, name="import-preview"),
    path("g/<slug:gov>/impor/<uuid:batch>/simpan/", bulk.import_confirm, name="import-confirm"),
    path("g/<slug:gov>/audit/", audit.audit_list, name="audit-list"),
]
