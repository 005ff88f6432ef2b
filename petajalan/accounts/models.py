"""Governments (tenants), units (OPD), people, their roles, and the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.querysets import (
    AuditEventQuerySet,
    GovernmentQuerySet,
    ImportBatchQuerySet,
    MembershipQuerySet,
    UnitQuerySet,
    UserQuerySet,
)
from petajalan.lib.codes import format_nip, is_valid_nip, is_valid_unit_code, normalise_nip


def validate_nip(value: str) -> None:
    if not is_valid_nip(value):
        raise ValidationError(
            _("NIP harus 18 angka yang diawali tanggal lahir (contoh: 19600910 198003 1 003)."),
            code="invalid_nip",
        )


def validate_unit_code(value: str) -> None:
    if not is_valid_unit_code(value):
        raise ValidationError(
            _("Kode unit harus berbentuk Permendagri 90/2019, contoh: 4.01.0.00.0.00.01.0000."),
            code="invalid_unit_code",
        )


class Government(models.Model):
    """A regional government: the tenant that owns every other record."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")
        PROVINSI = "provinsi", _("Provinsi")

    slug = models.SlugField(_("kode singkat di alamat"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=120)
    province = models.CharField(_("provinsi"), max_length=80)
    code = models.CharField(
        _("kode wilayah"),
        max_length=20,
        unique=True,
        help_text=_("Kode wilayah Kemendagri, contoh 12.72."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("provinsi induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_fictional = models.BooleanField(
        _("data fiktif"),
        default=False,
        help_text=_("Data demo: ditandai fiktif di setiap halaman."),
    )
    public_enabled = models.BooleanField(
        _("halaman publik aktif"),
        default=False,
        help_text=_("Warga dapat membaca road map yang ditetapkan dan capaian terverifikasi tanpa masuk."),
    )
    public_since = models.DateTimeField(_("halaman publik aktif sejak"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")

    def __str__(self) -> str:
        return self.name

    @property
    def head_title(self) -> str:
        """The head of this government: Wali Kota, Bupati or Gubernur."""
        return str(
            {
                self.Kind.KOTA: _("Wali Kota"),
                self.Kind.KABUPATEN: _("Bupati"),
                self.Kind.PROVINSI: _("Gubernur"),
            }[self.Kind(self.kind)]
        )


class Unit(models.Model):
    """A Perangkat Daerah (OPD) or a sub-unit of one, e.g. the Bagian Organisasi inside the Setda."""

    class Kind(models.TextChoices):
        SETDA = "setda", _("Sekretariat Daerah")
        BAGIAN = "bagian", _("Bagian")
        SETWAN = "setwan", _("Sekretariat DPRD")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        RSUD = "rsud", _("Rumah Sakit Umum Daerah")
        OTHER = "other", _("Lainnya")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(
        Government,
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    name = models.CharField(_("nama perangkat daerah"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        _("kode unit"),
        max_length=32,
        validators=[validate_unit_code],
        help_text=_("Bentuk Permendagri 90/2019, contoh 4.01.0.00.0.00.01.0000."),
    )
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("NIP kepala"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 angka; spasi boleh diketik."),
    )
    head_position = models.CharField(_("jabatan kepala"), max_length=150, blank=True)
    head_rank = models.CharField(
        _("pangkat/golongan kepala"),
        max_length=80,
        blank=True,
        help_text=_("Contoh: Pembina Utama Muda (IV/c)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        constraints = [
            models.UniqueConstraint(fields=["government", "code"], name="unit_code_unique_per_government"),
            models.UniqueConstraint(
                fields=["government", "short_name"], name="unit_short_name_unique_per_government"
            ),
        ]
        indexes = [models.Index(fields=["government", "is_active"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.head_nip:
            self.head_nip = normalise_nip(self.head_nip)
        if self.parent_id and self.parent and self.parent.government_id != self.government_id:
            raise ValidationError({"parent": _("Induk harus dari pemerintah daerah yang sama.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Perangkat daerah tidak bisa menjadi induk dirinya.")})

    @property
    def head_nip_display(self) -> str:
        return format_nip(self.head_nip) if self.head_nip else ""


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail or NIP; what they may do comes from their memberships."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_nip],
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("staf situs"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        self.email = (self.email or "").strip().lower()
        self.nip = normalise_nip(self.nip) or None if self.nip else None


class Membership(models.Model):
    """A person's role in one government; drafters and unit heads belong to one unit."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin (Bagian Organisasi)")
        DRAFTER = "drafter", _("Penyusun (operator perangkat daerah)")
        UNIT_HEAD = "unit_head", _("Kepala perangkat daerah")
        REVIEWER = "reviewer", _("Pendamping/reviu (coach, Inspektorat)")
        LEADER = "leader", _("Pimpinan (hanya melihat)")

    UNIT_ROLES = (Role.DRAFTER, Role.UNIT_HEAD)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    reviewed_units = models.ManyToManyField(
        Unit,
        verbose_name=_("perangkat daerah yang didampingi"),
        blank=True,
        related_name="reviewer_memberships",
        help_text=_("Kosongkan bila mendampingi seluruh perangkat daerah."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["government", "role"]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "government", "role", "unit"],
                name="membership_unique_per_unit",
                condition=Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "government", "role"],
                name="membership_unique_government_wide",
                condition=Q(unit__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["drafter", "unit_head"], unit__isnull=False)
                | (~Q(role__in=["drafter", "unit_head"]) & Q(unit__isnull=True)),
                name="membership_unit_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" — {self.unit}" if self.unit_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"

    def clean(self) -> None:
        if self.role in self.UNIT_ROLES and not self.unit_id:
            raise ValidationError({"unit": _("Peran ini harus terikat pada satu perangkat daerah.")})
        if self.role not in self.UNIT_ROLES and self.unit_id:
            raise ValidationError({"unit": _("Peran ini berlaku untuk seluruh pemerintah daerah.")})
        if self.unit is not None and self.government_id and self.unit.government_id != self.government_id:
            raise ValidationError({"unit": _("Perangkat daerah harus dari pemerintah daerah yang sama.")})


class AuditEvent(models.Model):
    """One write: who, when, what, and the record before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("membuat")
        UPDATE = "update", _("mengubah")
        DELETE = "delete", _("menghapus")
        DEACTIVATE = "deactivate", _("menonaktifkan")
        ACTIVATE = "activate", _("mengaktifkan")
        IMPORT = "import", _("mengimpor")
        INVITE = "invite", _("mengundang")
        LOGIN = "login", _("masuk")
        LOGIN_FAILED = "login_failed", _("gagal masuk")
        LOGOUT = "logout", _("keluar")
        PASSWORD = "password", _("mengganti kata sandi")
        TRANSITION = "transition", _("mengubah status")
        UPLOAD = "upload", _("mengunggah")
        LINK = "link", _("menautkan")
        UNLINK = "unlink", _("melepas tautan")

    government = models.ForeignKey(
        Government, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [models.Index(fields=["government", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """Field-by-field (name, before, after) for fields whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class LoginAttempt(models.Model):
    """Failed logins, counted per identifier and per address for throttling.

    Stored in the database rather than a local cache so that several app servers share the count.
    """

    identifier = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("percobaan masuk gagal")
        verbose_name_plural = _("percobaan masuk gagal")

    def __str__(self) -> str:
        return f"{self.identifier} {self.created_at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """An uploaded spreadsheet of units and people, kept between the preview and the confirmation.

    The parsed rows live here (not in the session) so nothing is lost between the two steps and
    several app servers see the same batch; a batch is confirmed at most once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu konfirmasi")
        CONFIRMED = "confirmed", _("sudah disimpan")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="import_batches")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_batches"
    )
    file_name = models.CharField(_("nama berkas"), max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    payload = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor XLSX")
        verbose_name_plural = _("impor XLSX")

    def __str__(self) -> str:
        return self.file_name
