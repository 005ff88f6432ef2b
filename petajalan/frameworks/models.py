"""Framework packs: versioned regulation content stored as data (never as code).

A ``Pack`` is a family with a stable key (e.g. ``rb-roadmap``); each ``PackVersion`` is one YAML
file as loaded, with its checksum; ``Node`` rows are its flat list of items with URN-like keys.
Road maps point at nodes by (pack version, node key), so a later version never rewrites them.
A government chooses which version of each pack is in force for it through ``Adoption``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Government, User
from petajalan.frameworks.querysets import NodeQuerySet, PackVersionQuerySet


class Pack(models.Model):
    """A family of versions, e.g. the Road Map RB, the evaluation worksheet, the AA–D bands."""

    class Purpose(models.TextChoices):
        ROADMAP = "roadmap", _("Kerangka road map (sasaran, area, kegiatan utama, tema)")
        OUTLINE = "outline", _("Sistematika dokumen road map")
        WORKSHEET = "worksheet", _("Lembar kerja evaluasi (LKE)")
        BANDS = "bands", _("Kategori nilai")
        CROSSWALK = "crosswalk", _("Padanan antarpaket")

    key = models.SlugField(_("kunci"), max_length=80, unique=True)
    purpose = models.CharField(_("kegunaan"), max_length=12, choices=Purpose.choices)
    title = models.CharField(_("judul"), max_length=250)

    class Meta:
        ordering = ["purpose", "key"]
        verbose_name = _("paket pedoman")
        verbose_name_plural = _("paket pedoman")

    def __str__(self) -> str:
        return self.title


class PackVersion(models.Model):
    """One loaded version of a pack, immutable once stored (a change is a new version)."""

    class Level(models.TextChoices):
        NASIONAL = "nasional", _("Nasional")
        KL = "kl", _("Kementerian/Lembaga")
        PROVINSI = "provinsi", _("Provinsi")
        KABKOTA = "kabkota", _("Kabupaten/Kota")

    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("versi"), max_length=40)
    title = models.CharField(_("judul"), max_length=250)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    levels = models.JSONField(_("tingkat"), default=list, help_text=_("Daftar nilai Level."))
    sources = models.JSONField(_("sumber"), default=list)  # [{"title": …, "url": …}]
    is_complete = models.BooleanField(_("lengkap"), default=True)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    notes = models.TextField(_("catatan"), blank=True)
    checksum = models.CharField(max_length=64, db_index=True)
    document = models.JSONField(default=dict)  # the validated pack as loaded, for export
    source_name = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        Government,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_pack_versions",
        help_text=_("Kosong untuk paket bawaan; terisi untuk versi yang diunggah pemerintah daerah."),
    )
    loaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(default=timezone.now)

    objects = PackVersionQuerySet.as_manager()

    class Meta:
        ordering = ["pack__key", "-valid_from", "-loaded_at"]
        verbose_name = _("versi paket")
        verbose_name_plural = _("versi paket")
        constraints = [
            models.UniqueConstraint(fields=["pack", "version"], name="packversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def level_labels(self) -> list[str]:
        """The levels in words (Kabupaten/Kota rather than kabkota)."""
        known = dict(self.Level.choices)
        return [str(known.get(level, level)) for level in self.levels]


class Node(models.Model):
    """One item of a pack version: a goal, area, main activity, chapter, criterion, band…"""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Sasaran")
        INDICATOR = "indicator", _("Indikator")
        AREA = "area", _("Area perubahan")
        SCOPE = "scope", _("Ruang lingkup")
        MAIN_ACTIVITY = "main_activity", _("Kegiatan utama (RB General)")
        THEME = "theme", _("Tema (RB Tematik)")
        INTERVENTION_FOCUS = "intervention_focus", _("Fokus intervensi")
        CHAPTER = "chapter", _("Bab")
        SECTION = "section", _("Subbab")
        COMPONENT = "component", _("Komponen")
        SUBCOMPONENT = "subcomponent", _("Subkomponen")
        CRITERION = "criterion", _("Kriteria")
        BAND = "band", _("Kategori nilai")

    FOCUS_KINDS = (Kind.AREA, Kind.MAIN_ACTIVITY, Kind.THEME)

    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", _("Ya/Tidak")
        ABC = "abc", _("A/B/C")
        ABCD = "abcd", _("A/B/C/D")
        ABCDE = "abcde", _("A–E")
        PERCENT = "percent", _("Angka 0–100")
        SCALE_0_5 = "scale_0_5", _("Skala 0–5")
        SCALE_1_5 = "scale_1_5", _("Skala 1–5")
        SCALE_0_4 = "scale_0_4", _("Skala 0–4")
        NUMBER = "number", _("Angka dengan rentang")
        CATEGORY = "category", _("Pilihan bertingkat")

    version = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(_("kunci"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    ref = models.CharField(_("nomor"), max_length=30, blank=True)
    title = models.CharField(_("judul"), max_length=400)
    title_en = models.CharField(_("judul (Inggris)"), max_length=400, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=8, decimal_places=3, null=True, blank=True)
    answer_type = models.CharField(_("jenis jawaban"), max_length=12, choices=AnswerType.choices, blank=True)
    conversion = models.JSONField(_("tabel konversi"), null=True, blank=True)
    expected_evidence = models.JSONField(_("data dukung yang diharapkan"), default=list, blank=True)
    guidance = models.TextField(_("panduan penyusun"), blank=True)
    applicability = models.JSONField(_("berlaku untuk"), default=list, blank=True)
    is_complete = models.BooleanField(_("lengkap"), default=True)
    source = models.TextField(_("sumber"), blank=True)
    source_url = models.URLField(_("tautan sumber"), max_length=500, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    extra = models.JSONField(default=dict, blank=True)  # kind-specific: band bounds, unit, etc.

    objects = NodeQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("butir pedoman")
        verbose_name_plural = _("butir pedoman")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="node_key_unique_per_version")]
        indexes = [models.Index(fields=["version", "kind"])]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()


class CrosswalkLink(models.Model):
    """A relation between a node of one pack version and a node of another."""

    class Relation(models.TextChoices):
        EQUAL = "equal", _("sama dengan")
        PART_OF = "part_of", _("bagian dari")
        OVERLAPS = "overlaps", _("beririsan dengan")

    crosswalk = models.ForeignKey(PackVersion, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="links_in")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("padanan")
        verbose_name_plural = _("padanan")
        constraints = [
            models.UniqueConstraint(fields=["crosswalk", "source", "target"], name="crosswalk_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.key} {self.relation} {self.target.key}"


class Adoption(models.Model):
    """Which version of a pack is in force for a government (one per pack)."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="adoptions")
    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="adoptions")
    version = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="adoptions")
    activated_at = models.DateTimeField(default=timezone.now)
    activated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("versi yang berlaku")
        verbose_name_plural = _("versi yang berlaku")
        constraints = [models.UniqueConstraint(fields=["government", "pack"], name="adoption_one_per_pack")]

    def __str__(self) -> str:
        return f"{self.government}: {self.version}"
