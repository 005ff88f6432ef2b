"""The clinic's records: coaching sessions with attendance, materials and consultation notes;
follow-up items shown on a unit's home page; drafters' acknowledgements of findings; the coach
assigned to a submitted road map; and the last review of each road map with its readiness (a
cache refreshed on write, so pages read findings instead of computing them).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.clinic.querysets import (
    ConsultationQuerySet,
    FollowUpQuerySet,
    RoadmapPartQuerySet,
    SessionPartQuerySet,
    SessionQuerySet,
)
from petajalan.roadmaps.models import Roadmap


class ClinicSession(models.Model):
    """A coaching clinic as an event: date, place, speakers and the units invited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="clinic_sessions")
    title = models.CharField(_("judul"), max_length=250)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=250)
    speakers = models.TextField(
        _("narasumber"), blank=True, help_text=_("Satu narasumber per baris: nama, jabatan/instansi.")
    )
    agenda = models.TextField(_("agenda dan catatan"), blank=True, max_length=8000)
    invited_units = models.ManyToManyField(
        Unit, verbose_name=_("perangkat daerah yang diundang"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["government", "-held_on", "-id"]
        verbose_name = _("sesi coaching clinic")
        verbose_name_plural = _("sesi coaching clinic")

    def __str__(self) -> str:
        return self.title

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class Participant(models.Model):
    """One person expected at (or who came to) a session; checked in from a list or an XLSX."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("nama"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_name = models.CharField(_("instansi/unit"), max_length=200, blank=True)
    is_present = models.BooleanField(_("hadir"), default=False)
    checked_in_at = models.DateTimeField(_("waktu hadir"), null=True, blank=True)

    objects = SessionPartQuerySet.as_manager()

    class Meta:
        ordering = ["session", "unit_name", "name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        indexes = [models.Index(fields=["session", "is_present"])]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A file handed out at a session (slides, templates, examples)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("judul materi"), max_length=250)
    # Materials live in the evidence bank (``item``); ``file`` holds only those uploaded before it.
    item = models.ForeignKey(
        "evidence.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("berkas"), upload_to="clinic/materials/%Y/", blank=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = SessionPartQuerySet.as_manager()

    class Meta:
        ordering = ["session", "uploaded_at"]
        verbose_name = _("materi")
        verbose_name_plural = _("materi")

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """A coach's notes from a one-to-one consultation with a unit during a session."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="consultations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("catatan konsultasi"), max_length=8000)
    coach = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "unit__name", "created_at"]
        verbose_name = _("catatan konsultasi")
        verbose_name_plural = _("catatan konsultasi")

    def __str__(self) -> str:
        return f"{self.unit} · {self.session}"


class FollowUp(models.Model):
    """Something a unit agreed to do after a consultation; on its home page until done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follow_ups")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("tindak lanjut"), max_length=500)
    owner = models.CharField(_("penanggung jawab"), max_length=150)
    due_on = models.DateField(_("tenggat"))
    is_done = models.BooleanField(_("selesai"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["is_done", "due_on", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [models.Index(fields=["unit", "is_done"])]

    def __str__(self) -> str:
        return self.description


class Acknowledgement(models.Model):
    """A drafter's reason for leaving a (non-blocking) finding as it is; reviewers read it."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="clinic_acknowledgements")
    fingerprint = models.CharField(max_length=400)
    rule = models.CharField(_("aturan"), max_length=60)
    reason = models.TextField(_("alasan"), max_length=2000)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    objects = RoadmapPartQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "rule", "fingerprint"]
        verbose_name = _("tanggapan atas temuan")
        verbose_name_plural = _("tanggapan atas temuan")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "fingerprint"], name="acknowledgement_one_per_finding")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:40]}"


class CoachAssignment(models.Model):
    """The coach (reviewer) who takes a submitted road map from the queue."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.OneToOneField(Roadmap, on_delete=models.CASCADE, related_name="coach_assignment")
    coach = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_json = models.TextField(blank=True)  # canonical JSON of what the coach last read

    objects = RoadmapPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendamping road map")
        verbose_name_plural = _("pendamping road map")

    def __str__(self) -> str:
        return f"{self.roadmap} → {self.coach}"


class ReadinessRecord(models.Model):
    """The last review of a road map: its readiness, so the coach queue reads it in one query, and
    its findings (``review``), so the road map's pages show them without running the rules."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.OneToOneField(Roadmap, on_delete=models.CASCADE, related_name="readiness_record")
    readiness = models.PositiveSmallIntegerField(_("kesiapan"))
    blocking = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(default=timezone.now)
    # Review.as_dict() with the stamp, day and language it is valid for (clinic.services.current_review)
    review = models.JSONField(default=dict, blank=True)
    # new with every stored review: pages that decoded it before find it by this (services.DECODED)
    review_token = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = RoadmapPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("kesiapan road map")
        verbose_name_plural = _("kesiapan road map")

    def __str__(self) -> str:
        return f"{self.roadmap}: {self.readiness}"
