"""The log of erased people, kept so that a restored backup cannot bring one of them back."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureSalt(models.Model):
    """This installation's secret for the erasure digests (one row).

    It lives in the database, hence in every backup, and not in the settings:
    the secret key may change, and a digest must still be recognised years later
    in the archive of the same installation.
    """

    value = models.CharField(_("secret des empreintes"), max_length=64)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("secret des empreintes d'effacement")
        verbose_name_plural = _("secrets des empreintes d'effacement")

    def __str__(self) -> str:
        return f"ErasureSalt {self.created_at:%Y-%m-%d}"  # never the secret itself


class ErasureRecord(models.Model):
    """An account that was erased, known only by a keyed digest of its id and sign-up date.

    Written with the erasure, in the same transaction, and appended to a file
    outside the database (settings.ERASURE_LOG) once it is committed. After a
    restore, every restored account whose digest is here is erased again the
    same way (parlons.privacy.services.replay_erasures).
    """

    digest = models.CharField(_("empreinte du compte effacé"), max_length=64, unique=True)
    keep_contributions = models.BooleanField(_("contributions gardées (anonymes)"), default=True)
    erased_at = models.DateTimeField(_("effacé le"), default=timezone.now)

    class Meta:
        verbose_name = _("compte effacé")
        verbose_name_plural = _("comptes effacés")
        ordering = ["erased_at", "id"]

    def __str__(self) -> str:
        return self.digest[:12]


class RequestKind(models.TextChoices):
    ACCESS = "access", _("accès")
    RECTIFICATION = "rectification", _("rectification")
    ERASURE = "erasure", _("effacement")
    RESTRICTION = "restriction", _("limitation")
    OBJECTION = "objection", _("opposition")


class RequestChannel(models.TextChoices):
    ONLINE = "online", _("en ligne")
    WITHOUT_ACCOUNT = "without_account", _("sans compte")
    COUNTER = "counter", _("au guichet, par un médiateur")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("en cours")
    EXTENDED = "extended", _("prolongée")
    CLOSED = "closed", _("close")


class RightsRequest(models.Model):
    """A person's request to exercise a GDPR right (art. 15 to 21), handled by the DPO.

    The legal deadline is one calendar month from receipt (art. 12-3), which the
    DPO may extend once by two more months, with a reason sent to the person.
    """

    # Set from the id right after the insert: empty (NULL) rows never collide meanwhile.
    reference = models.CharField(  # noqa: DJ001
        _("référence"), max_length=20, unique=True, null=True, blank=True, default=None
    )
    kind = models.CharField(_("droit exercé"), max_length=20, choices=RequestKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de la personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rights_requests",
    )
    name = models.CharField(_("nom de la personne"), max_length=200)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    postal_address = models.TextField(_("adresse postale"), blank=True)
    channel = models.CharField(_("canal"), max_length=20, choices=RequestChannel.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("texte de la demande"))
    received_on = models.DateField(_("reçue le"))
    due_on = models.DateField(_("échéance légale"))
    extended_until = models.DateField(_("échéance prolongée"), null=True, blank=True)
    extension_reason = models.TextField(_("motif de la prolongation"), blank=True)
    identity_check = models.TextField(_("vérification d'identité"), blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identité vérifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actions_taken = models.TextField(_("actions menées"), blank=True)
    answer = models.TextField(_("réponse"), blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    class Meta:
        verbose_name = _("demande d'exercice de droits")
        verbose_name_plural = _("demandes d'exercice de droits")
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(answer=""),
                name="privacy_rightsrequest_closed_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"RightsRequest {self.pk}"

    @property
    def deadline(self):
        """The date by which the person must have their answer."""
        return self.extended_until or self.due_on

    @property
    def is_closed(self) -> bool:
        return self.status == RequestStatus.CLOSED

    def days_late(self, today=None) -> int:
        """Days past the deadline: until today when open, until the closing day when closed."""
        end = (
            timezone.localdate(self.closed_at)
            if self.closed_at
            else (today or timezone.localdate())
        )
        return max(0, (end - self.deadline).days)


class Consent(models.Model):
    """A person's consent to one declared purpose (parlons.core.consents), with its history.

    One row per time the consent was given: withdrawing it fills `withdrawn_at`,
    giving it again starts a new row. The wording the person read is copied, so
    the proof survives a change of the declared wording.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("finalité"), max_length=100)
    wording = models.TextField(_("texte accepté"))
    wording_version = models.CharField(_("version du texte"), max_length=20)
    given_at = models.DateTimeField(_("donné le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["user", "purpose", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="privacy_consent_one_current_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.wording_version})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class InactivityWarning(models.Model):
    """The e-mail that told a person their unused account will be anonymised (one per account).

    Written by the daily job when the account passes the inactivity period; the
    claim by insert (unique user) makes two workers send it once. Removed when
    the person signs in again, so a later inactivity warns them anew.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="inactivity_warning",
    )
    warned_at = models.DateTimeField(_("prévenue le"), default=timezone.now)

    class Meta:
        verbose_name = _("avertissement d'inactivité")
        verbose_name_plural = _("avertissements d'inactivité")

    def __str__(self) -> str:
        return f"InactivityWarning {self.user_id}"


# Receipts of what was recorded for people without an account (parlons.privacy.receipts), and
# the impact assessment the DPO completes and signs (parlons.privacy.dpia).
from parlons.privacy.dpia_models import ImpactAssessment  # noqa: E402, F401
from parlons.privacy.receipts_models import Receipt  # noqa: E402, F401
