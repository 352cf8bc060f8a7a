"""Proposals of residents, their supports, and the official answers they receive."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.validators import LOGO_MAX_BYTES

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 5000
LABEL_MAX_LENGTH = 80
REASON_MAX_LENGTH = 5000
ANSWERING_BODY_MAX_LENGTH = 200
IMAGE_ALT_MAX_LENGTH = 250
IMAGE_MAX_BYTES = 2 * LOGO_MAX_BYTES
# Euros: a bench costs a few hundred, a cycle lane a few million.
COST_MAX_DIGITS = 12


class State(models.TextChoices):
    PUBLISHED = "published", _("déposée")
    UNDER_STUDY = "under_study", _("retenue pour étude")
    ACCEPTED = "accepted", _("acceptée")
    REJECTED = "rejected", _("refusée")
    DONE = "done", _("déjà réalisée")
    MERGED = "merged", _("fusionnée")
    WITHDRAWN = "withdrawn", _("retirée par son auteur·rice")


# The states an official answer may give; "published" is where every proposal starts.
ANSWER_STATES = [
    State.UNDER_STUDY,
    State.ACCEPTED,
    State.REJECTED,
    State.DONE,
    State.MERGED,
]
# An answer saying no (or "see that other one") explains itself.
REASON_REQUIRED = {State.REJECTED, State.MERGED}


# The proposals anyone sees in lists and counts: not held for the team, not withdrawn.
LISTED = models.Q(held_for_review=False, withdrawn_at__isnull=True)


class Source(models.TextChoices):
    ONLINE = "online", _("en ligne")
    COUNTER = "counter", _("saisie par un·e médiateur·rice")


class ProposalSettings(models.Model):
    """How the proposals of one démarche work, set by its organisers."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="proposal_settings"
    )
    support_threshold = models.PositiveIntegerField(
        _("seuil de soutiens"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre de soutiens à partir duquel une proposition est retenue pour étude. "
            "Laissez vide pour ne pas fixer de seuil."
        ),
    )

    class Meta:
        verbose_name = _("réglages des propositions")
        verbose_name_plural = _("réglages des propositions")

    def __str__(self) -> str:
        return str(self.process)


class Proposal(models.Model):
    """An idea that a resident puts forward in a démarche, for others to support."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="proposals"
    )
    theme = models.ForeignKey(
        "processes.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    place = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    public_title = models.CharField(_("titre publié"), max_length=400, blank=True)
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    public_body = models.TextField(_("texte publié"), blank=True)
    # The lemmas of the public title and text, for finding look-alike proposals.
    public_terms = models.TextField(_("mots-clés publiés"), blank=True)
    estimated_cost = models.DecimalField(
        _("coût estimé (euros)"),
        max_digits=COST_MAX_DIGITS,
        decimal_places=0,
        null=True,
        blank=True,
    )
    image = models.ImageField(_("image de la proposition"), upload_to="proposals/", blank=True)
    image_alt = models.CharField(
        _("description de l'image"), max_length=IMAGE_ALT_MAX_LENGTH, blank=True
    )
    public_image_alt = models.CharField(
        _("description de l'image publiée"), max_length=400, blank=True
    )
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.PUBLISHED
    )
    state_changed_at = models.DateTimeField(_("état changé le"), null=True, blank=True)
    # Kept by the services at each support and withdrawal: lists never count rows.
    support_count = models.PositiveIntegerField(_("nombre de soutiens"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionnée avec"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    display_label = models.CharField(
        _("signature choisie"), max_length=LABEL_MAX_LENGTH, blank=True
    )
    public_display_label = models.CharField(_("signature publiée"), max_length=200, blank=True)
    consent_given = models.BooleanField(_("consentement à la publication"), default=False)
    consent_text_version = models.CharField(
        _("version du texte de consentement"), max_length=20, blank=True
    )
    consent_at = models.DateTimeField(_("consentement recueilli le"), null=True, blank=True)
    held_for_review = models.BooleanField(_("en attente de vérification"), default=False)
    held_explanation = models.TextField(_("raisons de la mise de côté"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    # The last time its author changed it; the earlier versions are ProposalRevisions.
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    # Withdrawn by its author: its words leave every public surface at once, a trace
    # stays at its address, its supports are frozen; the text itself is erased by the
    # daily purge once the declared retention has passed (proposals/privacy.py).
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["process", "-created_at", "-id"],
                condition=LISTED,
                name="proposal_newest",
            ),
            models.Index(
                fields=["process", "-support_count", "-id"],
                condition=LISTED,
                name="proposal_most_supported",
            ),
            models.Index(fields=["process", "state"], name="proposal_state"),
        ]

    def __str__(self) -> str:
        return self.public_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_mediated(self) -> bool:
        return self.source != Source.ONLINE

    @property
    def is_merged(self) -> bool:
        return self.state == State.MERGED

    @property
    def is_answered(self) -> bool:
        return self.state != State.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ImageChange(models.TextChoices):
    """What an edit did to the proposal's image; the earlier file itself is not kept."""

    NONE = "", _("image inchangée")
    ADDED = "added", _("image ajoutée")
    REPLACED = "replaced", _("image remplacée")
    REMOVED = "removed", _("image retirée")
    DESCRIBED = "described", _("description de l'image modifiée")


class ProposalRevision(models.Model):
    """A version of a proposal as it read before its author edited it.

    Seen by the author and the démarche's team only; never published.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("titre d'avant"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("texte d'avant"), max_length=BODY_MAX_LENGTH)
    estimated_cost = models.DecimalField(
        _("coût estimé d'avant (euros)"),
        max_digits=COST_MAX_DIGITS,
        decimal_places=0,
        null=True,
        blank=True,
    )
    # The file that was replaced or removed is deleted from storage: a version says only
    # that the picture changed at this edit, and how.
    image_change = models.CharField(
        _("changement d'image"),
        max_length=10,
        choices=ImageChange.choices,
        default=ImageChange.NONE,
        blank=True,
    )
    written_at = models.DateTimeField(_("version écrite le"))
    replaced_at = models.DateTimeField(_("remplacée le"), default=timezone.now)

    class Meta:
        verbose_name = _("version précédente d'une proposition")
        verbose_name_plural = _("versions précédentes des propositions")
        ordering = ["proposal", "-replaced_at", "-id"]
        indexes = [
            models.Index(fields=["proposal", "-replaced_at"], name="proposal_revision_history")
        ]

    def __str__(self) -> str:
        return f"#{self.proposal_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Support(models.Model):
    """One person supports one proposal, once; online, or through a mediator."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne qui soutient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_supports",
    )
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_given = models.BooleanField(_("consentement"), default=False)
    consent_text_version = models.CharField(
        _("version du texte de consentement"), max_length=20, blank=True
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=models.Q(user__isnull=False),
                name="support_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.proposal_id}"


class ProposalAnswer(models.Model):
    """The official answer to a proposal: a state, a reason, signed by the answering body."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="proposal_answers"
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("état donné"), max_length=12, choices=State.choices)
    reason = models.TextField(_("motif"), max_length=REASON_MAX_LENGTH, blank=True)
    public_reason = models.TextField(_("motif publié"), blank=True)
    answering_body = models.CharField(_("instance qui répond"), max_length=200)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse officielle à une proposition")
        verbose_name_plural = _("réponses officielles aux propositions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"], name="proposal_answer_order")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} #{self.proposal_id}"
