"""The permission gate: visible_to / editable_by for each role."""

from __future__ import annotations

from petajalan.accounts.models import Government, Membership, Unit, User
from petajalan.testing.factories import make_membership, make_person, make_unit


def test_units_visible_per_role(personas, gov, unit, other_unit, foreign_unit):
    def visible(user: User) -> set[str]:
        return set(Unit.objects.visible_to(user).values_list("short_name", flat=True))

    everything = {"Dinkes", "Disdik"}
    assert visible(personas["admin"]) == everything
    assert visible(personas["leader"]) == everything
    assert visible(personas["drafter"]) == {"Dinkes"}
    assert visible(personas["unit_head"]) == {"Dinkes"}
    assert visible(personas["reviewer"]) == {"Dinkes"}
    assert Unit.objects.visible_to(personas["outsider"]).get() == foreign_unit


def test_reviewer_without_chosen_units_covers_the_whole_government(gov, unit, other_unit):
    coach = make_person(gov, Membership.Role.REVIEWER)
    assert Unit.objects.visible_to(coach).count() == 2


def test_only_admins_edit_units(personas, gov, unit):
    for name, user in personas.items():
        editable = Unit.objects.editable_by(user).filter(pk=unit.pk).exists()
        assert editable is (name == "admin"), name


def test_deactivated_membership_or_person_sees_nothing(gov, unit):
    person = make_person(gov, Membership.Role.ADMIN)
    assert Government.objects.visible_to(person).count() == 1
    Membership.objects.filter(user=person).update(is_active=False)
    assert Government.objects.visible_to(person).count() == 0
    assert Unit.objects.visible_to(person).count() == 0
    other = make_person(gov, Membership.Role.LEADER)
    User.objects.filter(pk=other.pk).update(is_active=False)
    other.refresh_from_db()
    assert Unit.objects.visible_to(other).count() == 0


def test_membership_in_two_governments_sees_both(gov, other_gov, unit, foreign_unit):
    person = make_person(gov, Membership.Role.LEADER)
    make_membership(person, other_gov, Membership.Role.LEADER)
    assert Government.objects.visible_to(person).count() == 2
    assert Unit.objects.visible_to(person).count() == 2


def test_people_visible_to_admin_only_in_own_government(personas, gov, other_gov):
    admin, outsider = personas["admin"], personas["outsider"]
    assert User.objects.visible_to(admin).filter(pk=personas["drafter"].pk).exists()
    assert not User.objects.visible_to(admin).filter(pk=outsider.pk).exists()
    assert User.objects.visible_to(personas["drafter"]).get() == personas["drafter"]


def test_unit_of_other_government_is_not_reachable_by_slug(gov, other_gov):
    unit = make_unit(other_gov)
    admin = make_person(gov, Membership.Role.ADMIN)
    assert not Unit.objects.visible_to(admin).filter(pk=unit.pk).exists()


def test_get_for_user_reads_a_row_with_many_joins_apart_from_the_gate_and_still_refuses(
    personas, gov, unit, foreign_unit, rf, django_assert_num_queries
):
    import pytest
    from django.http import Http404

    from petajalan.accounts.permissions import SPLIT_FROM_JOINS, _joins, get_for_user

    child = make_unit(gov, parent=unit)
    many = Unit.objects.select_related("government", "parent", "parent__government", "parent__parent")
    few = Unit.objects.select_related("government")
    assert _joins(many.query.select_related) == 4 >= SPLIT_FROM_JOINS > _joins(few.query.select_related) == 1
    request = rf.get("/")
    request.user = personas["admin"]
    with django_assert_num_queries(2):  # the visible row's key, then the row with its joins
        found = get_for_user(request, many, uuid=child.uuid)
    with django_assert_num_queries(0):
        assert found.parent is not None and (found, found.parent, found.parent.government) == (
            child,
            unit,
            gov,
        )
    with django_assert_num_queries(1):  # few joins: one statement
        assert get_for_user(request, few, uuid=child.uuid) == child
    for queryset in (many, few):
        with pytest.raises(Http404):  # another government's unit
            get_for_user(request, queryset, uuid=foreign_unit.uuid)
        with pytest.raises(Http404):  # not a UUID at all
            get_for_user(request, queryset, uuid="bukan-uuid")
    request.user = personas["drafter"]  # sees only their own unit
    with pytest.raises(Http404):
        get_for_user(request, many, uuid=child.uuid)
