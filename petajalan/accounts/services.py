"""Writes of the accounts app: units, invitations, roles, deactivation.

Every function takes a keyword-only ``actor``, runs in one transaction, records an audit event and
defers e-mail with ``transaction.on_commit``. Refusals are raised as ``ServiceError`` (with the
form field they concern) or ``StaleEdit`` (someone else saved the row first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User
from petajalan.lib.codes import normalise_nip

UNIT_FIELDS = [
    "name",
    "short_name",
    "kind",
    "parent",
    "code",
    "head_name",
    "head_nip",
    "head_position",
    "head_rank",
]
A = AuditEvent.Action
R = Membership.Role


class ServiceError(Exception):
    """A refused write, with an Indonesian message and the form field it concerns (if any)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEdit(Exception):
    """The row changed since the form was opened; ``current`` holds the other person's values."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current


# Units ---------------------------------------------------------------------------------------


def create_unit(*, actor: Any, government: Government, data: dict[str, Any]) -> Unit:
    """Add a unit (OPD) to ``government``; ``data`` is a validated form's cleaned data."""
    with transaction.atomic():
        unit = Unit(government=government, **{k: data.get(k) or _blank(k) for k in UNIT_FIELDS})
        unit.full_clean()
        unit.save()
        record(actor=actor, action=A.CREATE, obj=unit, after=snapshot(unit))
    return unit


def update_unit(*, actor: Any, unit: Unit, data: dict[str, Any], version: int) -> Unit:
    """Save the edited fields of ``unit`` unless someone saved it since ``version`` was read."""
    with transaction.atomic():
        current = Unit.objects.select_related("parent").get(pk=unit.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current)
        values = {k: data.get(k) or _blank(k) for k in UNIT_FIELDS}
        # The conditional UPDATE is the real guard: two saves racing past the check above still
        # cannot both match the old version.
        updated = Unit.objects.filter(pk=unit.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleEdit(Unit.objects.select_related("parent").get(pk=unit.pk))
        saved = Unit.objects.select_related("parent").get(pk=unit.pk)
        record(actor=actor, action=A.UPDATE, obj=saved, before=before, after=snapshot(saved))
    return saved


def set_unit_active(*, actor: Any, unit: Unit, is_active: bool) -> Unit:
    """Deactivate or reactivate a unit; its history and people stay as they are."""
    with transaction.atomic():
        if unit.is_active == is_active:
            return unit
        before = snapshot(unit, ["is_active", "version"])
        Unit.objects.filter(pk=unit.pk).update(
            is_active=is_active, version=F("version") + 1, updated_at=timezone.now()
        )
        unit.refresh_from_db()
        record(
            actor=actor,
            action=A.ACTIVATE if is_active else A.DEACTIVATE,
            obj=unit,
            before=before,
            after=snapshot(unit, ["is_active", "version"]),
        )
    return unit


def _blank(field: str) -> Any:
    return None if field == "parent" else ""


# People and roles ----------------------------------------------------------------------------


def membership_snapshot(membership: Membership) -> dict[str, Any]:
    data = snapshot(membership, ["user", "government", "role", "unit", "is_active"])
    if membership.pk:
        data["reviewed_units"] = sorted(u.short_name for u in membership.reviewed_units.all())
    return data


def _check_unit_scope(government: Government, role: str, unit: Unit | None, reviewed: Iterable[Unit]) -> None:
    if role in Membership.UNIT_ROLES and unit is None:
        raise ServiceError(_("Pilih perangkat daerah untuk peran ini."), "unit")
    if unit is not None and unit.government_id != government.pk:
        raise ServiceError(_("Perangkat daerah harus dari pemerintah daerah yang sama."), "unit")
    if any(u.government_id != government.pk for u in reviewed):
        raise ServiceError(_("Perangkat daerah harus dari pemerintah daerah yang sama."), "reviewed_units")


def _find_same_role(
    user: User, government: Government, role: str, unit: Unit | None, exclude: int | None = None
) -> Membership | None:
    qs = Membership.objects.filter(user=user, government=government, role=role, unit=unit)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def _same_role_message(existing: Membership) -> str:
    if existing.is_active:
        return _("%(name)s sudah memegang peran ini.") % {"name": existing.user.full_name}
    return _(
        "%(name)s sudah memegang peran ini, tetapi nonaktif: aktifkan kembali dari halaman orangnya."
    ) % {"name": existing.user.full_name}


def _ensure_an_admin_remains(government: Government, leaving: Membership) -> None:
    """Refuse a change that would leave the government without an active admin."""
    if leaving.role != R.ADMIN or not leaving.is_active:
        return
    others = Membership.objects.filter(
        government=government, role=R.ADMIN, is_active=True, user__is_active=True
    )
    if not others.exclude(pk=leaving.pk).exists():
        raise ServiceError(
            _("Ini admin terakhir %(gov)s. Beri orang lain peran admin lebih dulu.")
            % {"gov": government.name}
        )


def invite_person(
    *,
    actor: Any,
    government: Government,
    email: str,
    full_name: str,
    role: str,
    nip: str = "",
    position: str = "",
    unit: Unit | None = None,
    reviewed_units: Iterable[Unit] = (),
    base_url: str = "",
) -> Membership:
    """Give ``email`` a role in ``government``, creating the account if it is new, and e-mail them.

    A new account gets an unusable password and an invitation link to choose one (the password
    reset link); an existing account keeps its name and password and is told about the new role.
    """
    email = email.strip().lower()
    nip = normalise_nip(nip or "")
    reviewed = list(reviewed_units) if role == R.REVIEWER else []
    unit = unit if role in Membership.UNIT_ROLES else None
    _check_unit_scope(government, role, unit, reviewed)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if nip:
            holder = User.objects.filter(nip=nip).exclude(email__iexact=email).first()
            if holder is not None:
                raise ServiceError(_("NIP ini sudah dipakai akun lain (e-mail berbeda)."), "nip")
        created = user is None
        if user is None:
            user = User(email=email, full_name=full_name.strip(), nip=nip or None, position=position.strip())
            user.set_unusable_password()
            user.full_clean()
            user.save()
            record(actor=actor, action=A.CREATE, obj=user, government=government, after=snapshot(user))
        else:
            if nip and user.nip and user.nip != nip:
                raise ServiceError(_("E-mail ini sudah terdaftar dengan NIP lain."), "email")
            existing = _find_same_role(user, government, role, unit)
            if existing is not None:
                raise ServiceError(_same_role_message(existing), "role")
        membership = Membership(user=user, government=government, role=role, unit=unit)
        membership.full_clean()
        membership.save()
        if reviewed:
            membership.reviewed_units.set(reviewed)
        record(
            actor=actor,
            action=A.INVITE,
            obj=membership,
            after=membership_snapshot(membership),
            summary=user.email,
        )
        transaction.on_commit(
            lambda: send_invitation(user, membership, base_url=base_url, inviter=actor, is_new=created)
        )
    return membership


def resend_invitation(*, actor: Any, government: Government, user: User, base_url: str = "") -> None:
    """Send the invitation e-mail again (a new link; the old one stops working once a password is set)."""
    membership = (
        Membership.objects.filter(user=user, government=government, is_active=True)
        .select_related("unit", "government", "user")
        .first()
    )
    if membership is None:
        raise ServiceError(_("Orang ini tidak punya peran aktif di sini."))
    with transaction.atomic():
        record(actor=actor, action=A.INVITE, obj=user, government=government, summary="invitation resent")
        transaction.on_commit(
            lambda: send_invitation(
                user, membership, base_url=base_url, inviter=actor, is_new=not user.has_usable_password()
            )
        )


def send_invitation(user: User, membership: Membership, *, base_url: str, inviter: Any, is_new: bool) -> None:
    """The Indonesian invitation e-mail, with a link to choose a password when the account needs one."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    link = ""
    if is_new or not user.has_usable_password():
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        link = base + path
    context = {
        "user": user,
        "membership": membership,
        "government": membership.government,
        "inviter": getattr(inviter, "full_name", "") or _("Bagian Organisasi"),
        "link": link,
        "login_url": base + reverse("accounts:login"),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])


def change_membership(
    *,
    actor: Any,
    membership: Membership,
    role: str,
    unit: Unit | None = None,
    reviewed_units: Iterable[Unit] = (),
) -> Membership:
    """Change a role (and its unit or reviewed units)."""
    government = membership.government
    reviewed = list(reviewed_units) if role == R.REVIEWER else []
    unit = unit if role in Membership.UNIT_ROLES else None
    _check_unit_scope(government, role, unit, reviewed)
    with transaction.atomic():
        if role != membership.role:
            _ensure_an_admin_remains(government, membership)
        existing = _find_same_role(membership.user, government, role, unit, exclude=membership.pk)
        if existing is not None:
            raise ServiceError(_same_role_message(existing), "role")
        before = membership_snapshot(membership)
        membership.role, membership.unit = role, unit
        membership.full_clean()
        membership.save(update_fields=["role", "unit"])
        membership.reviewed_units.set(reviewed)
        after = membership_snapshot(membership)
        record(actor=actor, action=A.UPDATE, obj=membership, before=before, after=after)
    return membership


def set_membership_active(*, actor: Any, membership: Membership, is_active: bool) -> Membership:
    """Deactivate or reactivate one role."""
    with transaction.atomic():
        if membership.is_active == is_active:
            return membership
        if not is_active:
            _ensure_an_admin_remains(membership.government, membership)
        before = membership_snapshot(membership)
        membership.is_active = is_active
        membership.save(update_fields=["is_active"])
        record(
            actor=actor,
            action=A.ACTIVATE if is_active else A.DEACTIVATE,
            obj=membership,
            before=before,
            after=membership_snapshot(membership),
        )
    return membership


def set_person_active(*, actor: Any, government: Government, user: User, is_active: bool) -> int:
    """Deactivate (or reactivate) every role ``user`` holds in ``government``; other governments keep theirs.

    Returns how many roles changed.
    """
    with transaction.atomic():
        memberships = list(
            Membership.objects.filter(user=user, government=government)
            .exclude(is_active=is_active)
            .select_related("unit", "user", "government")
            .prefetch_related("reviewed_units")
        )
        if not is_active and user.pk == getattr(actor, "pk", None):
            raise ServiceError(_("Anda tidak bisa menonaktifkan diri sendiri."))
        for membership in memberships:
            if not is_active:
                _ensure_an_admin_remains(government, membership)
        for membership in memberships:
            membership.is_active = is_active
            membership.save(update_fields=["is_active"])
        if memberships:
            record(
                actor=actor,
                action=A.ACTIVATE if is_active else A.DEACTIVATE,
                obj=user,
                government=government,
                before={"peran_aktif": [] if is_active else [str(m) for m in memberships]},
                after={"peran_aktif": [str(m) for m in memberships] if is_active else []},
                summary=_("Jumlah peran: %(n)s") % {"n": len(memberships)},
            )
    return len(memberships)
