"""Report jobs: a document export or a spreadsheet import run on the task worker.

Small exports are answered straight away; big ones and every import go through a job, so the page
can poll its progress and an import's parsed result waits, unwritten, until the user confirms.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, User
from petajalan.reports.querysets import ReportJobQuerySet
from petajalan.roadmaps.models import Roadmap


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Unduhan")
        IMPORT = "import", _("Impor lembar kerja")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (DOCX)")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel (XLSX)")
        TEMPLATE = "template", _("Templat impor (XLSX)")
        CSV = "csv", _("Data terbuka (CSV)")
        JSON = "json", _("Data terbuka (JSON)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Sedang dikerjakan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        APPLIED = "applied", _("Sudah diterapkan")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="report_jobs")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.XLSX)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.TextField(blank=True)
    upload_name = models.CharField(max_length=200, blank=True)
    upload = models.BinaryField(blank=True, null=True)
    roadmap_version = models.PositiveIntegerField(default=0)  # the road map an import was checked against
    parsed = models.JSONField(null=True, blank=True)  # the parsed road map, canonical dict
    problems = models.JSONField(default=list, blank=True)  # [{sheet,row,column,message}]
    changes = models.JSONField(default=dict, blank=True)  # {kind: {added, changed, removed}}
    result = models.BinaryField(blank=True, null=True)
    result_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["roadmap", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_format_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.APPLIED)
