"""Seals of issued documents: a short public code per (kind, object, frozen content), and the
files issued under it (their SHA-256), so anyone can check a printed or downloaded document at
``/verifikasi/<code>/``. See docs/verification.md and decision 0101."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government
from petajalan.roadmaps.models import Snapshot

# Crockford's base32: no I, L, O or U (nothing to confuse with 1, 0 or V, no accidental words)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


class Seal(models.Model):
    """One issued document content: what it is, whose, who enacted or verified it, and the SHA-256
    of the frozen data it was rendered from. Same content gives the same seal (and code)."""

    class Kind(models.TextChoices):
        ROADMAP = "roadmap", _("Road map reformasi birokrasi")
        QUARTER_REPORT = "quarter_report", _("Laporan pemantauan triwulan")
        EVALUATION_REPORT = "evaluation_report", _("Laporan hasil evaluasi internal")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode verifikasi"), max_length=CODE_LENGTH, unique=True)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    object_uuid = models.UUIDField(_("objek"))
    title = models.CharField(_("judul"), max_length=400)
    statement = models.JSONField(_("pernyataan"), default=dict)
    content_sha256 = models.CharField(_("SHA-256 isi"), max_length=64)
    snapshot = models.ForeignKey(Snapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("diterbitkan pada"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("segel dokumen")
        verbose_name_plural = _("segel dokumen")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_uuid", "content_sha256"], name="seal_once_per_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_code} {self.title}"

    @property
    def display_code(self) -> str:
        """``K7QM-2XRD``: two groups of four, as printed."""
        return f"{self.code[:4]}-{self.code[4:]}"


class IssuedFile(models.Model):
    """One distinct file issued under a seal (a PDF or DOCX), known by the SHA-256 of its bytes."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    seal = models.ForeignKey(Seal, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seal", "created_at", "id"]
        verbose_name = _("berkas terbit")
        verbose_name_plural = _("berkas terbit")
        constraints = [models.UniqueConstraint(fields=["seal", "sha256"], name="issued_file_once")]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.seal.display_code} {self.format} {self.sha256[:12]}"
