"""Road maps of a unit (OPD) or a whole government, their rows, workflow history and comments.

Every row carries its ``government`` (tenant key) directly, a ``uid`` used by imports, and a
``version`` for optimistic concurrency. Targets and budgets are rows keyed by year (and quarter),
never columns. Actions and problems point at framework nodes by stable key (``focus_key``); the
road map records which pack versions were in force, so a later pack never rewrites them.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, Unit, User
from petajalan.frameworks.models import PackVersion
from petajalan.lib.formatting import regulation_number
from petajalan.roadmaps.querysets import RoadmapQuerySet, RowQuerySet

MAX_TEXT = 4000  # longest free text a cell accepts; chapters take more


class Roadmap(models.Model):
    """A road map for one period, of a unit (``unit`` set) or of the government (``unit`` empty)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        IN_REVIEW = "in_review", _("Sedang direviu")
        CHANGES_REQUESTED = "changes_requested", _("Perlu perbaikan")
        APPROVED = "approved", _("Disetujui")
        ENACTED = "enacted", _("Ditetapkan")

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="roadmaps")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmaps",
    )
    title = models.CharField(_("judul"), max_length=250)
    start_year = models.PositiveSmallIntegerField(
        _("tahun awal"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("tahun akhir"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_label = models.CharField(_("periode"), max_length=40, help_text=_("Contoh: 2025-2029."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    pack_versions = models.ManyToManyField(
        PackVersion, verbose_name=_("pedoman yang berlaku"), blank=True, related_name="roadmaps"
    )
    deadline_on = models.DateField(_("batas pengajuan"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    enactment_number = models.CharField(_("nomor Perwal/Perbup"), max_length=120, blank=True)
    enacted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    signatory_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signatory_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    signatory_rank = models.CharField(_("pangkat penandatangan"), max_length=80, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["government", "unit__code", "-start_year"]
        verbose_name = _("road map")
        verbose_name_plural = _("road map")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "unit", "start_year"],
                name="roadmap_one_per_unit_period",
                condition=Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["government", "start_year"],
                name="roadmap_one_city_per_period",
                condition=Q(unit__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="roadmap_period_order"
            ),
        ]
        indexes = [models.Index(fields=["government", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_city(self) -> bool:
        return self.unit_id is None

    @property
    def level(self) -> str:
        return "government" if self.unit_id is None else "unit"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_editable_state(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def enactment_title(self) -> str:
        """'Peraturan Wali Kota Nomor 7 Tahun 2025' ('' before enactment): the office from the
        government's kind and the year from the enactment date, as the annex heading prints them."""
        number = regulation_number(self.enactment_number)
        if not number:
            return ""
        values = {"head": self.government.head_title, "number": number}
        if self.enacted_on is None:
            return gettext("Peraturan %(head)s Nomor %(number)s") % values
        return gettext("Peraturan %(head)s Nomor %(number)s Tahun %(year)s") % {
            **values,
            "year": self.enacted_on.year,
        }


class RoadmapRow(models.Model):
    """Columns every row of a road map shares."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RowQuerySet.as_manager()

    class Meta:
        abstract = True


class Chapter(RoadmapRow):
    """One chapter of the document, from the outline in force; body in Markdown."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="chapters")
    key = models.CharField(_("kunci"), max_length=200)
    ref = models.CharField(_("nomor"), max_length=20)
    title = models.CharField(_("judul"), max_length=250)
    body = models.TextField(_("isi"), blank=True, max_length=60000)
    guidance = models.TextField(_("panduan"), blank=True)
    is_required = models.BooleanField(_("wajib"), default=True)

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("bab")
        verbose_name_plural = _("bab")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "key"], name="chapter_key_unique"),
            models.UniqueConstraint(fields=["roadmap", "uid"], name="chapter_uid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class Problem(RoadmapRow):
    """A problem (permasalahan) found in the diagnosis, filed under one focus node."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="problems")
    focus_key = models.CharField(_("area/kegiatan utama/tema"), max_length=200)
    statement = models.TextField(_("permasalahan"), max_length=MAX_TEXT)
    evidence = models.TextField(_("bukti kondisi saat ini"), blank=True, max_length=MAX_TEXT)

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("permasalahan")
        verbose_name_plural = _("permasalahan")
        constraints = [models.UniqueConstraint(fields=["roadmap", "uid"], name="problem_uid_unique")]

    def __str__(self) -> str:
        return self.statement[:80]


class Action(RoadmapRow):
    """One row of the action matrix (rencana aksi)."""

    class Direction(models.TextChoices):
        UP = "up", _("naik")
        DOWN = "down", _("turun")
        KEEP = "keep", _("tetap")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    focus_key = models.CharField(_("area/kegiatan utama/tema"), max_length=200)
    problems = models.ManyToManyField(Problem, verbose_name=_("permasalahan yang dijawab"), blank=True)
    activity = models.TextField(_("kegiatan"), max_length=MAX_TEXT)
    subactivity_code = models.CharField(_("kode sub-kegiatan"), max_length=40, blank=True)
    output = models.TextField(_("keluaran (output)"), blank=True, max_length=MAX_TEXT)
    indicator = models.TextField(_("indikator"), blank=True, max_length=MAX_TEXT)
    unit_of_measure = models.CharField(_("satuan"), max_length=60, blank=True)
    direction = models.CharField(_("arah"), max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline_year = models.PositiveSmallIntegerField(_("tahun data dasar"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("nilai data dasar"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    no_budget_needed = models.BooleanField(_("tidak perlu anggaran"), default=False)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_actions",
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("unit pendukung"), blank=True, related_name="supported_actions"
    )
    schedule = models.JSONField(_("jadwal"), default=list, blank=True)  # ["2026-Q1", …]
    expected_evidence = models.TextField(_("data dukung yang diharapkan"), blank=True, max_length=MAX_TEXT)
    cascade = models.ForeignKey(
        "self",
        verbose_name=_("mendukung rencana aksi kota"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded",
    )
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="consolidated_into"
    )  # on the city road map: the approved unit row it was consolidated from
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        constraints = [models.UniqueConstraint(fields=["roadmap", "uid"], name="action_uid_unique")]
        indexes = [
            models.Index(fields=["roadmap", "focus_key"]),
            # "the city road map's own actions" (monitoring's city filter, the province roll-up) read
            # from the index alone, whatever the number of governments (docs/deployment.md)
            models.Index(
                fields=["government", "roadmap", "id"],
                condition=Q(source__isnull=True),
                name="action_gov_roadmap_unsourced",
            ),
        ]

    def __str__(self) -> str:
        return self.activity[:80]


class ActionTarget(models.Model):
    """The target of an action for one year (``quarter`` empty) or one quarter of a year."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["action", "year", "quarter"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year"], condition=Q(quarter__isnull=True), name="target_one_per_year"
            ),
            models.UniqueConstraint(
                fields=["action", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="target_one_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)
        return f"{when}: {self.value}"


class ActionBudget(models.Model):
    """The budget (rupiah) of an action for one year."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.DecimalField(_("anggaran (Rp)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["action", "year"]
        verbose_name = _("anggaran")
        verbose_name_plural = _("anggaran")
        constraints = [models.UniqueConstraint(fields=["action", "year"], name="budget_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class QuickWin(RoadmapRow):
    """A visible improvement for citizens delivered within a year."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="quick_wins")
    title = models.CharField(_("quick win"), max_length=250)
    change_for_citizens = models.TextField(_("perubahan yang dirasakan masyarakat"), max_length=MAX_TEXT)
    owner = models.CharField(_("penanggung jawab"), max_length=150, blank=True)
    deadline_on = models.DateField(_("tenggat"), null=True, blank=True)
    before_measure = models.CharField(_("ukuran sebelum"), max_length=250, blank=True)
    after_measure = models.CharField(_("ukuran sesudah"), max_length=250, blank=True)
    expected_evidence = models.TextField(_("data dukung yang diharapkan"), blank=True, max_length=MAX_TEXT)

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("quick win")
        verbose_name_plural = _("quick win")
        constraints = [models.UniqueConstraint(fields=["roadmap", "uid"], name="quickwin_uid_unique")]

    def __str__(self) -> str:
        return self.title


class TeamMember(RoadmapRow):
    """A person on the RB team: steering, implementing or a working group."""

    class Team(models.TextChoices):
        STEERING = "steering", _("Tim Pengarah")
        IMPLEMENTING = "implementing", _("Tim Pelaksana")
        WORKING_GROUP = "working_group", _("Kelompok Kerja")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="team")
    team = models.CharField(_("tim"), max_length=16, choices=Team.choices)
    role = models.CharField(_("kedudukan"), max_length=80, help_text=_("Contoh: Ketua, Sekretaris, Anggota."))
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    group = models.CharField(_("nama pokja"), max_length=150, blank=True)

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("anggota tim RB")
        verbose_name_plural = _("anggota tim RB")
        constraints = [models.UniqueConstraint(fields=["roadmap", "uid"], name="teammember_uid_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ChangeAgent(RoadmapRow):
    """An agent of change (agen perubahan) with their action plan (rencana tindak)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="change_agents")
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    unit_name = models.CharField(_("unit kerja"), max_length=150, blank=True)
    action_plan = models.TextField(_("rencana tindak"), blank=True, max_length=MAX_TEXT)

    class Meta:
        ordering = ["roadmap", "order", "id"]
        verbose_name = _("agen perubahan")
        verbose_name_plural = _("agen perubahan")
        constraints = [models.UniqueConstraint(fields=["roadmap", "uid"], name="changeagent_uid_unique")]

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """An immutable copy of the road map at a workflow step: canonical JSON and its SHA-256."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("Diajukan")
        APPROVE = "approve", _("Disetujui")
        ENACT = "enact", _("Ditetapkan")
        CHANGE = "change", _("Perubahan diterima")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    sha256 = models.CharField(max_length=64)
    canonical_json = models.TextField()
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RowQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "-created_at", "-id"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshot")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"


class Comment(models.Model):
    """A threaded remark on a road map, one of its chapters, or one action row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("komentar"), max_length=MAX_TEXT)
    needs_fix = models.BooleanField(_("perlu perbaikan"), default=False)
    is_resolved = models.BooleanField(_("selesai"), default=False)
    resolved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="roadmap_comments")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RowQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "created_at", "id"]
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")

    def __str__(self) -> str:
        return self.body[:80]


class Notification(models.Model):
    """An in-app notice to one person (also sent by e-mail)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roadmap_notifications")
    roadmap = models.ForeignKey(Roadmap, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("pesan"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    is_read = models.BooleanField(_("sudah dibaca"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [models.Index(fields=["recipient", "is_read"])]

    def __str__(self) -> str:
        return self.message


class ChangeRequest(models.Model):
    """After enactment, a change goes through a request with a reason that the admin decides."""

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu keputusan")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="change_requests")
    reason = models.TextField(_("alasan perubahan"), max_length=MAX_TEXT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RowQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "-created_at"]
        verbose_name = _("usulan perubahan")
        verbose_name_plural = _("usulan perubahan")

    def __str__(self) -> str:
        return self.reason[:80]
