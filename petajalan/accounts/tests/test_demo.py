from __future__ import annotations

from django.core.management import call_command

from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User


def test_load_demo_builds_both_cities_and_a_second_run_changes_nothing(db):
    call_command("load_demo", "--quiet-logins")
    counts = (
        Government.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    tanjungbalai = Government.objects.get(slug="tanjungbalai")
    assert tanjungbalai.is_fictional
    assert tanjungbalai.units.filter(short_name="Bagian Organisasi", parent__short_name="Setda").exists()
    roles = set(Membership.objects.filter(government=tanjungbalai).values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert Government.objects.get(slug="tebingtinggi").units.count() >= 4
    call_command("load_demo", "--quiet-logins")
    assert counts == (
        Government.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
