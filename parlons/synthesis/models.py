"""Analyses of a démarche (themes, near-duplicates, opinion groups) and the synthesis report.

An Analysis is keyed by `run_key`, a hash of its kind, filters, parameters
and input: an unchanged input is not computed again, and a database
constraint lets only one analysis with the same key wait or run at a time,
so two staff members starting the same analysis get one run.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 100
BODY_MAX_LENGTH = 20_000


class Analysis(models.Model):
    class Kind(models.TextChoices):
        THEMES = "themes", _("Thèmes et quasi-doublons")
        OPINION_GROUPS = "opinion_groups", _("Groupes d'opinion")

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminée")
        FAILED = "failed", _("échouée")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="analyses"
    )
    kind = models.CharField(_("méthode"), max_length=20, choices=Kind.choices)
    filters = models.JSONField(_("textes retenus"), default=dict, blank=True)
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    input_hash = models.CharField(_("empreinte des données"), max_length=80)
    input_size = models.PositiveIntegerField(_("nombre de données"), default=0)
    run_key = models.CharField(max_length=80, db_index=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avancement"), default=0)
    progress_label = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)
    # Provenance, and for opinion groups the whole result (sizes, map, comments).
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run_key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="analysis_one_active_run",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class AnalysisTheme(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField()  # the engine's theme id, kept across re-runs
    label = models.CharField(_("nom"), max_length=LABEL_MAX_LENGTH, blank=True)
    keywords = models.JSONField(default=list)
    representatives = models.JSONField(default=list)  # refs of the most typical texts
    size = models.PositiveIntegerField(default=0)
    is_new = models.BooleanField(default=False)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="analysis_theme_number"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.label or ", ".join(self.keywords[:3]) or str(_("sans contenu exploitable"))

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class DuplicateGroup(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="duplicates")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    representative = models.CharField(max_length=80)  # ref of the first text
    is_campaign = models.BooleanField(_("campagne"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-size", "number"]

    def __str__(self) -> str:
        return f"#{self.number} ({self.size})"


class AnalysedText(models.Model):
    """One text as the analysis saw it: where it comes from, and its theme."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="texts")
    ref = models.CharField(max_length=80)
    theme = models.ForeignKey(
        AnalysisTheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="texts"
    )
    duplicate_group = models.ForeignKey(
        DuplicateGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="texts"
    )
    commune = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    way = models.CharField(max_length=10, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # " lemma lemma … ": the text's French lemmas without accents, for search (queries.py).
    terms = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["analysis", "theme"], name="analysed_text_theme")]

    def __str__(self) -> str:
        return self.ref


class Report(models.Model):
    """The synthesis of a démarche, written by staff, published once validated by a named person."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publiée")

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="synthesis_report"
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    introduction = models.TextField(_("introduction"), max_length=BODY_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_by = models.CharField(_("validée et signée par"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    EDITABLE_FIELDS = ("title", "introduction")

    class Meta:
        verbose_name = _("synthèse")
        verbose_name_plural = _("synthèses")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportSection(models.Model):
    class Figure(models.TextChoices):
        NONE = "", _("aucune")
        THEMES = "themes", _("les thèmes (diagramme en barres)")
        DUPLICATES = "duplicates", _("les quasi-doublons et campagnes (tableau)")
        OPINION_GROUPS = "opinion_groups", _("les groupes d'opinion (carte et tableau)")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("texte (Markdown)"), max_length=BODY_MAX_LENGTH, blank=True)
    figure = models.CharField(
        _("figure"), max_length=20, choices=Figure.choices, default="", blank=True
    )
    analysis = models.ForeignKey(
        Analysis, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quotes = models.JSONField(_("citations"), default=list, blank=True)  # refs of texts

    EDITABLE_FIELDS = ("title", "body", "figure", "analysis", "quotes")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class SearchEntry(models.Model):
    """One text of the public layer (or a questionnaire answer), as the search index holds it.

    Kept by `parlons.synthesis.search` on every audited write that may change
    a text or its visibility: a text the public layer no longer yields (hidden,
    withdrawn, held, erased) leaves the index. The full-text index proper is
    the engine's: an FTS5 table on SQLite, a GIN index on PostgreSQL (migration
    0002), both over `terms`.
    """

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="search_entries"
    )
    ref = models.CharField(max_length=80, unique=True)
    question = models.PositiveIntegerField(null=True, blank=True)  # a questionnaire question
    public = models.BooleanField(default=True)  # False: a questionnaire answer (staff only)
    text = models.TextField(blank=True)  # as published: masked
    # " lemma lemma … ": the text's French lemmas without accents (queries.search_terms).
    terms = models.TextField(blank=True)
    commune = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    phase = models.CharField(max_length=200, blank=True)
    theme = models.CharField(max_length=200, blank=True)
    way = models.CharField(max_length=10, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["process", "created_at"], name="search_entry_process"),
            # The filters of the search page, without words.
            models.Index(fields=["process", "commune"], name="search_entry_commune"),
            models.Index(fields=["process", "place"], name="search_entry_place"),
            models.Index(fields=["process", "phase"], name="search_entry_phase"),
            models.Index(fields=["process", "theme"], name="search_entry_theme"),
            models.Index(fields=["process", "way"], name="search_entry_way"),
            models.Index(fields=["process", "question"], name="search_entry_question"),
        ]

    def __str__(self) -> str:
        return self.ref
