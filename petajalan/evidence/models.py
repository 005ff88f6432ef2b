"""The evidence bank (bank data dukung): documents stored once, in versions, linked to what they prove.

A ``Blob`` is stored content, once per SHA-256 across the installation (its key is derived from the
hash, so identical bytes are never stored twice). An ``Item`` is one government's document with its
metadata; each upload of a new revision is a ``Version`` pointing at a blob. A ``Link`` ties an item
(at the version that was current when it was made) to what it proves, by target kind and id: the
evidence bank never imports the apps it serves, they register their target kinds (``targets.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.evidence.querysets import ItemQuerySet, LinkQuerySet, VersionQuerySet


class Blob(models.Model):
    """Stored bytes, once per content hash; removed when no version refers to it any more."""

    class Thumbnail(models.TextChoices):
        PENDING = "pending", _("sedang dibuat")
        READY = "ready", _("siap")
        NONE = "none", _("tidak ada")

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    file_kind = models.CharField(max_length=8)  # an ``inspect.FileKind`` value, decided by content
    content_type = models.CharField(max_length=120)
    storage_key = models.CharField(max_length=300)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)  # the PDF's text layer, for search
    thumbnail_key = models.CharField(max_length=300, blank=True)
    thumbnail_state = models.CharField(max_length=8, choices=Thumbnail.choices, default=Thumbnail.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("isi berkas")
        verbose_name_plural = _("isi berkas")

    def __str__(self) -> str:
        return self.sha256[:12]


class Item(models.Model):
    """One document of a government's evidence bank, with its metadata."""

    class Kind(models.TextChoices):
        DECREE = "decree", _("Surat keputusan")
        REPORT = "report", _("Laporan")
        MINUTES = "minutes", _("Notulen / berita acara")
        PHOTO = "photo", _("Foto kegiatan")
        SCREENSHOT = "screenshot", _("Tangkapan layar")
        DATA_TABLE = "data_table", _("Tabel data")
        OTHER = "other", _("Lainnya")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="evidence_items")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_items",
        help_text=_("Kosongkan untuk dokumen tingkat pemerintah daerah."),
    )
    title = models.CharField(_("judul"), max_length=250)
    kind = models.CharField(_("jenis dokumen"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    number = models.CharField(_("nomor dokumen"), max_length=120, blank=True)
    document_on = models.DateField(_("tanggal dokumen"), null=True, blank=True)
    issuer = models.CharField(
        _("penerbit"), max_length=200, blank=True, help_text=_("Contoh: Wali Kota Tanjungbalai.")
    )
    year_from = models.PositiveSmallIntegerField(
        _("berlaku untuk tahun (dari)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    year_to = models.PositiveSmallIntegerField(
        _("sampai tahun"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    tags = models.CharField(
        _("label"), max_length=300, blank=True, help_text=_("Pisahkan dengan koma, contoh: SAKIP, tim RB.")
    )
    description = models.TextField(_("keterangan"), blank=True, max_length=4000)
    current = models.ForeignKey("Version", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(blank=True, editable=False)  # metadata and text layer, lower case
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic concurrency
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        indexes = [
            models.Index(fields=["government", "unit", "kind"]),
            models.Index(fields=["government", "-created_at"]),
            models.Index(fields=["government", "valid_until"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__isnull=True)
                | Q(year_from__isnull=True)
                | Q(year_to__gte=models.F("year_from")),
                name="evidence_year_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in (part.strip() for part in self.tags.split(",")) if t]

    @property
    def years_label(self) -> str:
        if self.year_from and self.year_to and self.year_to != self.year_from:
            return f"{self.year_from}–{self.year_to}"
        return str(self.year_from or self.year_to or "")

    def covers(self, year: int) -> bool:
        """Whether the document speaks for ``year`` (open-ended when no years are given)."""
        start = self.year_from or self.year_to
        end = self.year_to or self.year_from
        if start and year < start:
            return False
        if end and year > end:
            return False
        return not (self.valid_until and self.valid_until < dt.date(year, 1, 1))


class Version(models.Model):
    """One revision of an item's file; links keep citing the version they were made with."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="versions")
    original_name = models.CharField(_("nama berkas"), max_length=200)
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "-number"]
        verbose_name = _("versi berkas")
        verbose_name_plural = _("versi berkas")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="evidence_version_number")]
        indexes = [models.Index(fields=["government", "blob"])]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"


class Link(models.Model):
    """Evidence ``item`` (at ``version``) proves ``target_kind``/``target_id``."""

    class TargetKind(models.TextChoices):
        ROADMAP = "roadmap", _("Road map")
        ACTION = "action", _("Rencana aksi")
        QUICK_WIN = "quick_win", _("Quick win")
        CLINIC_SESSION = "clinic_session", _("Sesi klinik")
        REALISATION = "realisation", _("Realisasi triwulan")
        QUARTER_REPORT = "quarter_report", _("Laporan triwulan")
        CRITERION_ANSWER = "criterion_answer", _("Jawaban kriteria LKE")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="links")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="links")
    target_kind = models.CharField(max_length=20, choices=TargetKind.choices)
    target_id = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["target_kind", "target_id", "created_at"]
        verbose_name = _("tautan data dukung")
        verbose_name_plural = _("tautan data dukung")
        constraints = [
            models.UniqueConstraint(fields=["item", "target_kind", "target_id"], name="evidence_link_once")
        ]
        indexes = [models.Index(fields=["government", "target_kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.item} → {self.get_target_kind_display()} {self.target_id}"
