"""The parts of the accessibility statement that only the territory can write.

What Parlons itself knows (how the software is tested) is declared in
accessibility.py; what depends on the territory (who is responsible, the level
an audit measured, what it found, how to reach them) is kept here, one row per
territory, written by its administrators.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.models import Territory

# RGAA 4.1 ("Obligations"): fully conforming means every applicable criterion is met;
# partially, at least half of them; below that, or with no valid audit, not conforming.
PARTIAL_RATE = Decimal("50")
FULL_RATE = Decimal("100")


class AccessibilityStatement(models.Model):
    class Conformance(models.TextChoices):
        NON_CONFORMING = "non_conforme", _("non conforme")
        PARTIALLY = "partiellement_conforme", _("partiellement conforme")
        FULLY = "totalement_conforme", _("totalement conforme")

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
    )
    entity_name = models.CharField(
        _("entité responsable"),
        max_length=200,
        blank=True,
        help_text=_("Laissé vide : le nom du territoire."),
    )
    conformance = models.CharField(
        _("état de conformité"),
        max_length=30,
        choices=Conformance.choices,
        default=Conformance.NON_CONFORMING,
        help_text=_(
            "Sans audit RGAA, le site est « non conforme ». Après un audit : « partiellement "
            "conforme » à partir de 50 % des critères respectés, « totalement conforme » à 100 %."
        ),
    )
    audit_rate = models.DecimalField(
        _("taux de conformité mesuré par l'audit (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(FULL_RATE)],
        help_text=_("Pourcentage de critères RGAA respectés. Laissé vide sans audit."),
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    auditor = models.CharField(
        _("audit réalisé par"),
        max_length=200,
        blank=True,
        help_text=_("Le service ou la société qui a fait l'audit."),
    )
    audit_environment = models.TextField(
        _("environnement de test de l'audit"),
        blank=True,
        help_text=_(
            "Navigateurs, technologies d'assistance (lecteurs d'écran…) et outils utilisés "
            "par l'audit, un par ligne."
        ),
    )
    non_conformities = models.TextField(
        _("non-conformités relevées"),
        blank=True,
        help_text=_("Une par ligne : ce qui ne respecte pas le RGAA, et où."),
    )
    derogations = models.TextField(
        _("dérogations pour charge disproportionnée"),
        blank=True,
        help_text=_(
            "Une par ligne : le contenu, et pourquoi le rendre accessible est hors de portée."
        ),
    )
    exempt_content = models.TextField(
        _("contenus non soumis à l'obligation d'accessibilité"),
        blank=True,
        help_text=_("Une par ligne, par exemple des documents publiés avant le 23 septembre 2018."),
    )
    contact_email = models.EmailField(
        _("adresse électronique pour signaler un défaut"),
        blank=True,
        help_text=_("Laissée vide : l'adresse de contact du territoire."),
    )
    contact_form_url = models.URLField(_("formulaire de contact (adresse web)"), blank=True)
    contact_address = models.TextField(_("adresse postale"), blank=True)
    multiyear_plan_url = models.URLField(
        _("schéma pluriannuel de mise en accessibilité (adresse web)"), blank=True
    )
    statement_date = models.DateField(_("date de la déclaration"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    # What administrators set on the statement's form (update_accessibility_statement).
    EDITABLE_FIELDS = (
        "entity_name",
        "conformance",
        "audit_rate",
        "audit_date",
        "auditor",
        "audit_environment",
        "non_conformities",
        "derogations",
        "exempt_content",
        "contact_email",
        "contact_form_url",
        "contact_address",
        "multiyear_plan_url",
        "statement_date",
    )

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclarations d'accessibilité")

    def __str__(self) -> str:
        return str(_("Déclaration d'accessibilité de %(entity)s") % {"entity": self.entity})

    @property
    def entity(self) -> str:
        return self.entity_name or self.territory.name

    @property
    def email(self) -> str:
        return self.contact_email or self.territory.contact_email

    @property
    def has_audit(self) -> bool:
        return self.audit_rate is not None

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in getattr(self, name).splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if (self.audit_rate is None) != (self.audit_date is None):
            field = "audit_date" if self.audit_date is None else "audit_rate"
            errors[field] = _("Indiquez à la fois le taux de conformité et la date de l'audit.")
        if self.audit_date is not None and self.audit_date > today:
            errors["audit_date"] = _("La date de l'audit ne peut pas être dans le futur.")
        if self.statement_date is not None and self.statement_date > today:
            errors["statement_date"] = _(
                "La date de la déclaration ne peut pas être dans le futur."
            )
        expected = self.conformance_for(self.audit_rate)
        rate_in_range = self.audit_rate is None or Decimal("0") <= self.audit_rate <= FULL_RATE
        audit_given = not ({"audit_rate", "audit_date"} & errors.keys())
        if audit_given and rate_in_range and self.conformance != expected:
            if self.audit_rate is None:
                errors["conformance"] = _(
                    "Sans audit RGAA (taux et date), le site est « non conforme »."
                )
            else:
                errors["conformance"] = _(
                    "Avec %(rate)s %% de critères respectés, l'état de conformité est « %(level)s »."
                ) % {
                    "rate": formats.localize(self.audit_rate),
                    "level": self.Conformance(expected).label,
                }
        if not (self.contact_email or self.contact_form_url or self.contact_address) and not (
            self.territory_id and self.territory.contact_email
        ):
            errors["contact_email"] = _(
                "Indiquez au moins un moyen de signaler un défaut : adresse électronique, "
                "formulaire ou adresse postale."
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def conformance_for(cls, rate: Decimal | None) -> str:
        """The level a rate gives (RGAA 4.1); no rate means no audit, so not conforming."""
        if rate is None or rate < PARTIAL_RATE:
            return cls.Conformance.NON_CONFORMING
        if rate < FULL_RATE:
            return cls.Conformance.PARTIALLY
        return cls.Conformance.FULLY
