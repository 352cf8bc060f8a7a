"""Démarches (participatory processes), their themes and their dated phases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.fields import MinuteDateTimeField
from parlons.core.validators import truncate_to_minute
from parlons.processes.components import labels_of, validate_components


class Process(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publiée")
        ARCHIVED = "archived", _("archivée")

    territory = models.ForeignKey(
        "core.Territory", on_delete=models.PROTECT, related_name="processes"
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse courte"), max_length=80, unique=True)
    summary = models.CharField(_("résumé"), max_length=400)
    description = models.TextField(
        _("présentation"), blank=True, help_text=_("Mise en forme Markdown.")
    )
    image = models.ImageField(_("image"), upload_to="processes/", blank=True)
    image_alt = models.CharField(
        _("description de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["-created_at"]

    # What staff may change on a démarche's page (and through update_process).
    EDITABLE_FIELDS = ("title", "summary", "description", "image", "image_alt")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.image and not self.image_alt:
            raise ValidationError(
                {"image_alt": _("Décrivez l'image pour les personnes qui ne la voient pas.")}
            )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def current_phase(self, at=None) -> "Phase | None":
        """The phase running at `at` (now by default), from the prefetched phases if any."""
        at = at or timezone.now()
        for phase in self.phases.all():
            if phase.starts_at <= at < phase.ends_at:
                return phase
        return None


class Theme(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="theme_unique_slug"),
            # Two themes "Santé" and "santé" would split contributions between them.
            models.UniqueConstraint(
                Lower("name"),
                "process",
                name="theme_unique_name",
                violation_error_message=_("Un thème de ce nom existe déjà dans cette démarche."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        CONTRIBUTIONS = "contributions", _("Contributions")
        EXPERT_ANSWERS = "expert_answers", _("Réponses des experts")
        SYNTHESIS = "synthesis", _("Synthèse")
        FOLLOW_UP = "follow_up", _("Suivi des décisions")
        OTHER = "other", _("Autre")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_at = MinuteDateTimeField(_("début"))
    ends_at = MinuteDateTimeField(_("fin"))
    # Names of the components the phase opens, as the apps declare them
    # (parlons.processes.components).
    components = models.JSONField(
        _("ce que la phase ouvre"), default=list, blank=True, validators=[validate_components]
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Checked as saved: to the minute (MinuteDateTimeField).
        self.starts_at = truncate_to_minute(self.starts_at)
        self.ends_at = truncate_to_minute(self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit être après le début.")})
        if self.process_id and self.starts_at and self.ends_at:
            overlapping = (
                Phase.objects.filter(process_id=self.process_id)
                .exclude(pk=self.pk)
                .filter(starts_at__lt=self.ends_at, ends_at__gt=self.starts_at)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    {
                        "starts_at": _(
                            "Cette phase chevauche « %(title)s ». "
                            "Les phases se suivent sans se superposer."
                        )
                        % {"title": overlapping.title}
                    }
                )

    # What staff set on a phase (the phase form and add_phase / update_phase).
    EDITABLE_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "components")

    def allows(self, component: str) -> bool:
        return component in self.components

    @property
    def open_components(self) -> list:
        """The labels of what the phase opens, in the registry's order."""
        return labels_of(self.components)

    def is_running(self, at=None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at


class Occasion(models.Model):
    """A dated moment of a démarche where people take part in person.

    The app that holds such moments (public meetings today) creates one for
    each and keeps its title and date up to date; the other apps attach what
    was collected there (a contribution said at a meeting) to the occasion,
    never to the meeting itself, so that they need not know each other.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="occasions")
    title = models.CharField(_("titre"), max_length=200)
    starts_at = MinuteDateTimeField(_("début"))

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title
