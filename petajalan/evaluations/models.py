"""Self-assessment (evaluasi mandiri RB): a government's yearly run of the worksheet pack in force.

A ``Cycle`` is one government's evaluation of one year on one worksheet version, moving through
phases with date windows. Each scored item of the worksheet (see ``scoring``) has one ``Answer`` row
per cycle, holding its responsible unit and due date, and side by side the three answers: the
unit's (self), the Inspektorat's (verified) and the ministry's (evaluator), each in stored form
("Ya", "B", "85.5", "WTP", "NA"). Scores are never stored: they are computed from these rows and the
pack by the pure engine. What-if ``Scenario`` rows keep their answers apart from the real ones.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.evaluations.querysets import AnswerQuerySet, CycleQuerySet
from petajalan.frameworks.models import PackVersion
from petajalan.roadmaps.models import Action


class Phase(models.TextChoices):
    ANSWERING = "answering", _("Pengisian oleh perangkat daerah")
    COMPILING = "compiling", _("Kompilasi oleh Bagian Organisasi")
    VERIFICATION = "verification", _("Verifikasi Inspektorat")
    EVALUATOR = "evaluator", _("Hasil evaluator")
    OBJECTION = "objection", _("Sanggah")
    CLOSED = "closed", _("Selesai")


PHASE_ORDER = [p.value for p in Phase]


class Cycle(models.Model):
    """One government's evaluation of one year on one worksheet pack version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="evaluation_cycles")
    year = models.PositiveSmallIntegerField(_("tahun yang dievaluasi"))
    worksheet = models.ForeignKey(
        PackVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("lembar kerja")
    )
    bands = models.ForeignKey(
        PackVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kategori nilai"),
    )
    phase = models.CharField(_("tahap"), max_length=14, choices=Phase.choices, default=Phase.ANSWERING)
    coefficient_self = models.DecimalField(
        _("koefisien (mandiri)"), max_digits=6, decimal_places=3, null=True
    )
    coefficient_verified = models.DecimalField(
        _("koefisien (verifikasi)"), max_digits=6, decimal_places=3, null=True
    )
    coefficient_evaluator = models.DecimalField(
        _("koefisien (evaluator)"), max_digits=6, decimal_places=3, null=True
    )
    evaluator_index = models.DecimalField(
        _("indeks RB resmi"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    evaluator_predicate = models.CharField(_("predikat resmi"), max_length=4, blank=True)
    is_published = models.BooleanField(_("hasil ditampilkan di halaman publik"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["government", "-year"]
        verbose_name = _("siklus evaluasi")
        verbose_name_plural = _("siklus evaluasi")
        constraints = [models.UniqueConstraint(fields=["government", "year"], name="cycle_one_per_year")]

    def __str__(self) -> str:
        return str(_("Evaluasi RB %(year)s") % {"year": self.year})


class Window(models.Model):
    """The dates of one phase of a cycle (inclusive); writes of that phase are refused outside them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="windows")
    phase = models.CharField(_("tahap"), max_length=14, choices=Phase.choices)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))

    class Meta:
        ordering = ["cycle", "opens_on"]
        verbose_name = _("jadwal tahap")
        verbose_name_plural = _("jadwal tahap")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "phase"], name="window_one_per_phase"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.phase}"


class Answer(models.Model):
    """One scored item of the worksheet in one cycle: who answers it, and the three answers."""

    class Check(models.TextChoices):
        NONE = "", _("Belum diverifikasi")
        AGREED = "agreed", _("Setuju")
        CHANGED = "changed", _("Nilai verifikasi berbeda")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="answers")
    node_key = models.CharField(_("kriteria"), max_length=200)
    ref = models.CharField(_("nomor"), max_length=30, blank=True)
    order = models.PositiveIntegerField(default=0)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_answers",
        verbose_name=_("penanggung jawab"),
        help_text=_("Kosong: dijawab Bagian Organisasi."),
    )
    due_on = models.DateField(_("batas pengisian"), null=True, blank=True)
    self_value = models.CharField(_("jawaban mandiri"), max_length=40, blank=True)
    na_reason = models.TextField(_("alasan tidak berlaku"), blank=True, max_length=2000)
    note = models.TextField(_("catatan"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    check_state = models.CharField(
        _("verifikasi"), max_length=8, choices=Check.choices, blank=True, default=""
    )
    verified_value = models.CharField(_("jawaban verifikasi"), max_length=40, blank=True)
    verified_note = models.TextField(_("catatan verifikasi"), blank=True, max_length=4000)
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    evaluator_value = models.CharField(_("jawaban evaluator"), max_length=40, blank=True)
    evaluator_note = models.TextField(_("catatan evaluator"), blank=True, max_length=4000)
    objection = models.TextField(_("sanggahan"), blank=True, max_length=4000)
    objection_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "order"]
        verbose_name = _("jawaban kriteria")
        verbose_name_plural = _("jawaban kriteria")
        constraints = [models.UniqueConstraint(fields=["cycle", "node_key"], name="answer_once_per_item")]
        indexes = [models.Index(fields=["cycle", "unit"])]

    def __str__(self) -> str:
        return f"{self.cycle} {self.ref}"


class Scenario(models.Model):
    """A named what-if: changed answers kept apart from the real ones (key → stored answer)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("nama skenario"), max_length=120)
    answers = models.JSONField(default=dict)
    coefficient = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "name"]
        verbose_name = _("skenario")
        verbose_name_plural = _("skenario")
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="scenario_name_unique")]

    def __str__(self) -> str:
        return self.name


class ActionCriterion(models.Model):
    """A road-map action declares a worksheet criterion (by node key) it serves."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="criteria")
    node_key = models.CharField(_("kriteria"), max_length=200)

    class Meta:
        verbose_name = _("kriteria yang didukung aksi")
        verbose_name_plural = _("kriteria yang didukung aksi")
        constraints = [models.UniqueConstraint(fields=["action", "node_key"], name="action_criterion_once")]
        indexes = [models.Index(fields=["node_key"])]

    def __str__(self) -> str:
        return self.node_key
