"""Monitoring (pemantauan): what each unit achieved each quarter against its road map's targets.

A ``QuarterReport`` is one road map's report for one (year, quarter) with a workflow (draft →
submitted → verified, or returned → resubmitted). Its ``Realisation`` rows, one per action due in
the quarter, hold the unit's figures and, beside them, the verifier's; the achievement of the
figures that count (verified when verified, else the unit's) is stored on the row when it is written,
so roll-ups are SQL aggregates. The reporting calendar (due and lock dates, holidays) and the RAG
thresholds are per-government data.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.monitoring.querysets import RealisationQuerySet, ReportQuerySet
from petajalan.roadmaps.models import Action, QuickWin, Roadmap

QUARTER = [MinValueValidator(1), MaxValueValidator(4)]


class Settings(models.Model):
    """A government's monitoring rules: RAG thresholds and the default calendar offsets."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="monitoring")
    green_from = models.DecimalField(_("hijau mulai (%)"), max_digits=5, decimal_places=1, default=90)
    amber_from = models.DecimalField(_("kuning mulai (%)"), max_digits=5, decimal_places=1, default=60)
    due_working_days = models.PositiveSmallIntegerField(
        _("batas laporan (hari kerja setelah triwulan berakhir)"), default=10
    )
    lock_days = models.PositiveSmallIntegerField(_("dikunci (hari setelah batas)"), default=5)
    remind_days_before = models.PositiveSmallIntegerField(_("pengingat (hari sebelum batas)"), default=7)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("pengaturan pemantauan")
        verbose_name_plural = _("pengaturan pemantauan")
        constraints = [
            models.CheckConstraint(condition=Q(amber_from__lte=models.F("green_from")), name="rag_order")
        ]

    def __str__(self) -> str:
        return str(self.government)


class Holiday(models.Model):
    """A day off (public holiday or cuti bersama) that working-day counts skip; editable per government."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="holidays")
    on = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=150)
    is_from_package = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["government", "on"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        constraints = [models.UniqueConstraint(fields=["government", "on"], name="holiday_once_a_day")]

    def __str__(self) -> str:
        return f"{self.on}: {self.name}"


class Period(models.Model):
    """The reporting window of one quarter in one government: due date and lock date (data, not code)."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER)
    due_on = models.DateField(_("batas laporan"))
    locks_on = models.DateField(_("dikunci mulai"))

    class Meta:
        ordering = ["government", "year", "quarter"]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "quarter"], name="period_once"),
            models.CheckConstraint(
                condition=Q(locks_on__gte=models.F("due_on")), name="period_lock_after_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} TW {self.quarter}"


class QuarterReport(models.Model):
    """One road map's monitoring report for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Terverifikasi")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="quarter_reports")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="quarter_reports")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="quarter_reports"
    )  # the road map's unit, copied for scoping and roll-ups (empty: the city road map)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), validators=QUARTER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True, max_length=4000)
    answer_note = models.TextField(_("tanggapan atas catatan"), blank=True, max_length=4000)
    reopened_until = models.DateField(_("dibuka kembali sampai"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["government", "-year", "-quarter", "unit__code"]
        verbose_name = _("laporan triwulan")
        verbose_name_plural = _("laporan triwulan")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "year", "quarter"], name="report_once_per_quarter")
        ]
        indexes = [
            models.Index(fields=["government", "year", "quarter", "status"]),
            models.Index(fields=["government", "unit", "year", "quarter"]),
        ]

    def __str__(self) -> str:
        return f"{self.roadmap} — {self.year} TW {self.quarter}"

    @property
    def is_editable_state(self) -> bool:
        return self.status in self.EDITABLE


class Realisation(models.Model):
    """What one action achieved in one quarter: the unit's figures and the verifier's beside them."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(QuarterReport, on_delete=models.CASCADE, related_name="realisations")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="realisations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    focus_key = models.CharField(max_length=200)  # the action's, copied so roll-ups group without a join
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=QUARTER)
    value = models.DecimalField(_("realisasi"), max_digits=18, decimal_places=4, null=True, blank=True)
    budget_spent = models.DecimalField(
        _("realisasi anggaran (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    progress_note = models.TextField(_("uraian kemajuan"), blank=True, max_length=4000)
    supporting_factors = models.TextField(_("faktor pendukung"), blank=True, max_length=2000)
    inhibiting_factors = models.TextField(_("faktor penghambat"), blank=True, max_length=2000)
    follow_up = models.TextField(_("tindak lanjut"), blank=True, max_length=2000)
    verified_value = models.DecimalField(
        _("realisasi hasil verifikasi"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    verified_budget = models.DecimalField(
        _("anggaran hasil verifikasi (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    verifier_note = models.TextField(_("catatan verifikator"), blank=True, max_length=2000)
    # maintained on every write from the figures that count (see ``achievement.py``)
    target = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    budget_planned = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    achievement = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=7, decimal_places=2, default=1)
    is_counted = models.BooleanField(default=False)  # verified: the figures that roll up and go public
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = RealisationQuerySet.as_manager()

    class Meta:
        ordering = ["report", "action__order", "action_id"]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["report", "action"], name="realisation_once_per_report"),
        ]
        indexes = [
            models.Index(fields=["government", "year", "quarter", "unit"]),
            models.Index(fields=["government", "year", "quarter", "focus_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.year} TW {self.quarter}"

    @property
    def counted_value(self) -> object:
        return self.verified_value if self.verified_value is not None else self.value


class QuickWinDelivery(models.Model):
    """A quick win reported delivered in a quarter: when, the measure after, a note."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(QuarterReport, on_delete=models.CASCADE, related_name="deliveries")
    quick_win = models.ForeignKey(QuickWin, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("terwujud pada"), null=True, blank=True)
    after_measure = models.CharField(_("ukuran sesudah"), max_length=250, blank=True)
    note = models.TextField(_("keterangan"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "quick_win__order"]
        verbose_name = _("quick win terwujud")
        verbose_name_plural = _("quick win terwujud")
        constraints = [
            models.UniqueConstraint(fields=["report", "quick_win"], name="delivery_once_per_report")
        ]

    def __str__(self) -> str:
        return str(self.quick_win)


class ReminderSent(models.Model):
    """A reminder that went out, so each is sent once (``send_reminders`` is idempotent)."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("sebelum batas")
        OVERDUE = "overdue", _("terlambat")

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=QUARTER)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "year", "quarter", "kind"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.roadmap} {self.year} TW {self.quarter} {self.kind}"


class ActionWeight(models.Model):
    """An action's weight in the roll-ups when it is not 1 (equal weights by default)."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="monitoring_weight")
    weight = models.DecimalField(
        _("bobot"), max_digits=7, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("bobot rencana aksi")
        verbose_name_plural = _("bobot rencana aksi")

    def __str__(self) -> str:
        return f"{self.action}: {self.weight}"
