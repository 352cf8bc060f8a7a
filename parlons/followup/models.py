"""The follow-up of decisions: what was decided, where it stands, and its dated history.

A tracked result comes from a decision another app announced (an accepted
proposal, a winning budget project: `source_kind` and `source_key` name it,
parlons.processes.decisions) or was entered by staff for a decision taken
elsewhere, such as a council meeting (`source_kind` "manual").
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parlons.followup.validators import validate_photo

MANUAL = "manual"

PROGRESS_MAX = 100
PROGRESS_MESSAGE = _("L'avancement est un pourcentage entre 0 et 100.")
SPENT_MESSAGE = _("Le montant dépensé ne peut pas être négatif.")
PLANNED_MESSAGE = _("Le montant prévu ne peut pas être négatif.")
REASON_MESSAGE = _("Dites publiquement pourquoi cette décision est abandonnée.")


# With a context: "en cours" is also a phase's state elsewhere, translated otherwise.


class Status(models.TextChoices):
    STUDY = "study", pgettext_lazy("état d'une décision suivie", "à l'étude")
    SCHEDULED = "scheduled", pgettext_lazy("état d'une décision suivie", "programmé")
    IN_PROGRESS = "in_progress", pgettext_lazy("état d'une décision suivie", "en cours")
    DONE = "done", pgettext_lazy("état d'une décision suivie", "terminé")
    ABANDONED = "abandoned", pgettext_lazy("état d'une décision suivie", "abandonné")


def _progress_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=0,
        validators=[
            MinValueValidator(0, message=PROGRESS_MESSAGE),
            MaxValueValidator(PROGRESS_MAX, message=PROGRESS_MESSAGE),
        ],
        help_text=_("En pourcentage, de 0 à 100."),
    )


def _amount_field(verbose_name, message, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=message)],
        help_text=help_text,
    )


class TrackedResult(models.Model):
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("démarche"),
        on_delete=models.CASCADE,
        related_name="tracked_results",
    )
    # What decided it ("proposal", "budget_project"... or "manual") and its stable key there.
    source_kind = models.CharField(_("origine"), max_length=40)
    source_key = models.CharField(_("référence d'origine"), max_length=100)
    source_url = models.CharField(_("page de la décision"), max_length=300, blank=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(
        _("résumé de la décision"), blank=True, help_text=_("Ce qui a été décidé, et pourquoi.")
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.CharField(
        _("décidé par"),
        max_length=200,
        blank=True,
        help_text=_("L'instance qui a décidé, par exemple « Conseil communautaire »."),
    )
    planned_amount = _amount_field(_("montant prévu (€)"), PLANNED_MESSAGE)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.STUDY
    )
    status_reason = models.CharField(
        _("motif public"),
        max_length=300,
        blank=True,
        help_text=_("Obligatoire si la décision est abandonnée : publié sur la page du suivi."),
    )
    progress = _progress_field(_("avancement (%)"))
    spent_amount = _amount_field(_("montant dépensé (€)"), SPENT_MESSAGE)
    responsible_service = models.CharField(
        _("service responsable"),
        max_length=150,
        blank=True,
        help_text=_("Le service, jamais une personne : par exemple « Service voirie »."),
    )
    expected_end = models.DateField(_("fin prévue"), null=True, blank=True)
    created_at = models.DateTimeField(_("suivi depuis le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("décision suivie")
        verbose_name_plural = _("décisions suivies")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "source_kind", "source_key"], name="followup_one_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=PROGRESS_MAX),
                name="followup_progress_percent",
            ),
            models.CheckConstraint(
                condition=Q(spent_amount__isnull=True) | Q(spent_amount__gte=0),
                name="followup_spent_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ABANDONED) | ~Q(status_reason=""),
                name="followup_abandoned_has_reason",
            ),
        ]

    # What staff set on a tracked result (the result form, create_result and update_result).
    EDITABLE_FIELDS = (
        "title",
        "summary",
        "decided_by",
        "planned_amount",
        "status",
        "status_reason",
        "progress",
        "spent_amount",
        "responsible_service",
        "expected_end",
    )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:detail", kwargs={"slug": self.process.slug, "result_id": self.pk})

    def clean(self) -> None:
        self.status_reason = (self.status_reason or "").strip()
        if self.status == Status.ABANDONED and not self.status_reason:
            raise ValidationError({"status_reason": REASON_MESSAGE})

    @property
    def is_manual(self) -> bool:
        return self.source_kind == MANUAL


class ResultUpdate(models.Model):
    """A dated public update of a tracked result, and the state it was in at that time.

    Staff write the text; a change of state made on the result's form leaves
    an update without text, so the history shows every change.
    """

    result = models.ForeignKey(
        TrackedResult,
        verbose_name=_("décision suivie"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now, db_index=True)
    text = models.TextField(_("texte"), blank=True, help_text=_("Mise en forme Markdown."))
    # The text as published: names of private persons masked when it is saved.
    public_text = models.TextField(_("texte publié"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="followup/", blank=True, validators=[validate_photo]
    )
    photo_alt = models.CharField(
        _("description de la photo"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )
    status = models.CharField(_("état à cette date"), max_length=12, choices=Status.choices)
    progress = _progress_field(_("avancement à cette date (%)"))
    spent_amount = _amount_field(_("montant dépensé à cette date (€)"), SPENT_MESSAGE)
    # Known to staff only: the public reads the institution, not a person.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur ou autrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("actualité du suivi")
        verbose_name_plural = _("actualités du suivi")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="followup_photo_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} — {self.published_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.result.get_absolute_url()}#actualite-{self.pk}"

    def clean(self) -> None:
        self.photo_alt = (self.photo_alt or "").strip()
        if self.photo and not self.photo_alt:
            raise ValidationError(
                {"photo_alt": _("Décrivez la photo pour les personnes qui ne la voient pas.")}
            )
