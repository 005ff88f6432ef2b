"""Logging in with e-mail or NIP, throttling, logout, password reset by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, override_settings

from petajalan.accounts.models import AuditEvent, Membership
from petajalan.testing.factories import PASSWORD, make_person
from petajalan.testing.mail import password_link


@pytest.fixture
def person(gov):
    return (
        make_person(gov, Membership.Role.DRAFTER, unit=None, email="budi@uji.test", nip="198503142010012004")
        if False
        else make_person(gov, Membership.Role.LEADER, email="budi@uji.test", nip="198503142010012004")
    )


def test_login_with_email_lands_on_the_government_home(person, gov):
    client = Client()
    response = client.post("/akun/masuk/", {"identifier": "Budi@Uji.test", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == f"/g/{gov.slug}/"
    assert "Langkah berikutnya" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=person).exists()


def test_login_with_nip_typed_with_spaces(person):
    client = Client()
    response = client.post("/akun/masuk/", {"identifier": "19850314 201001 2 004", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_gives_an_indonesian_message(person):
    response = Client().post("/akun/masuk/", {"identifier": "budi@uji.test", "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(person):
    client = Client()
    for _ in range(3):
        client.post("/akun/masuk/", {"identifier": "budi@uji.test", "password": "salah"})
    response = client.post("/akun/masuk/", {"identifier": "budi@uji.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_deactivated_person_cannot_log_in(person):
    person.is_active = False
    person.save()
    response = Client().post("/akun/masuk/", {"identifier": "budi@uji.test", "password": PASSWORD})
    assert response.status_code == 200


def test_open_redirect_is_refused(person):
    response = Client().post(
        "/akun/masuk/?next=https://jahat.example/", {"identifier": "budi@uji.test", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_logout_needs_post(person):
    client = Client()
    client.force_login(person)
    assert client.get("/akun/keluar/").status_code == 405
    assert client.post("/akun/keluar/").status_code == 302


def test_password_reset_by_email_sets_a_new_password(person):
    client = Client()
    response = client.post("/akun/lupa-sandi/", {"email": "budi@uji.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "kata sandi baru" in body
    link = password_link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"new_password1": "Sandi-Baru-2026!", "new_password2": "Sandi-Baru-2026!"}
    )
    assert response.status_code == 302
    assert Client().login(username="budi@uji.test", password="Sandi-Baru-2026!")


def test_pages_are_indonesian_by_default_and_english_on_request(person):
    response = Client().get("/akun/masuk/")
    assert 'lang="id"' in response.content.decode()
    assert "Kata sandi" in response.content.decode()
    client = Client()
    client.post("/bahasa/", {"language": "en", "next": "/akun/masuk/"})
    assert 'lang="en"' in client.get("/akun/masuk/").content.decode()


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/akun/masuk/").content.decode()
    assert 'lang="id"' in page and "Kata sandi" in page
    client.post("/bahasa/", {"language": "en", "next": "/akun/masuk/"})
    page = client.get("/akun/masuk/").content.decode()
    assert 'lang="en"' in page and "Password" in page
