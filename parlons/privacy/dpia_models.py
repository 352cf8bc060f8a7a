"""The impact assessment (AIPD / DPIA, GDPR art. 35), drafted by Parlons and signed by the DPO.

Imported by `parlons.privacy.models` so that Django finds the model. A version
stores the text Parlons generated from the declarations and the settings when
the DPO started it (`generated`), so that what was signed never changes when
the code or the settings do; the DPO's own fields complete it. Signing freezes
the version; a new draft starts from the last one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The CNIL's four-level scale for the likelihood and the severity of a risk."""

    NEGLIGIBLE = "negligible", _("négligeable")
    LIMITED = "limited", _("limitée")
    SIGNIFICANT = "significant", _("importante")
    MAXIMUM = "maximum", _("maximale")


# The three risks of the CNIL's method, by the field prefix that holds their levels.
RISKS = ("access", "modification", "disappearance")


def _level(label):
    return models.CharField(label, max_length=12, choices=Level.choices, blank=True)


class ImpactAssessment(models.Model):
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="impact_assessments",
    )
    number = models.PositiveIntegerField(_("version"))
    generated = models.JSONField(_("parties générées"), default=list)
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    context = models.TextField(_("contexte"), blank=True)
    access_likelihood = _level(_("accès illégitime : vraisemblance"))
    access_severity = _level(_("accès illégitime : gravité"))
    modification_likelihood = _level(_("modification non désirée : vraisemblance"))
    modification_severity = _level(_("modification non désirée : gravité"))
    disappearance_likelihood = _level(_("disparition : vraisemblance"))
    disappearance_severity = _level(_("disparition : gravité"))
    risk_assessment = models.TextField(_("appréciation des risques"), blank=True)
    additional_measures = models.TextField(_("mesures complémentaires"), blank=True)
    dpo_opinion = models.TextField(_("avis du délégué à la protection des données"), blank=True)
    controller_decision = models.TextField(_("décision du responsable du traitement"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("analyse d'impact")
        verbose_name_plural = _("analyses d'impact")
        ordering = ["territory", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "number"], name="privacy_dpia_one_number_per_territory"
            ),
            models.UniqueConstraint(
                fields=["territory"],
                condition=models.Q(signed_at__isnull=True),
                name="privacy_dpia_one_draft_per_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"AIPD v{self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
