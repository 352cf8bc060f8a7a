"""The territory's open-data settings, and the runs that rebuild the published files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    ODBL = "ODbL-1.0", _("Open Database License 1.0 (ODbL)")


LICENCE_URLS = {
    Licence.ETALAB.value: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.ODBL.value: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class OpenDataSettings(models.Model):
    """What the territory decides about its open data: today, the licence."""

    territory = models.OneToOneField(
        "core.Territory", on_delete=models.CASCADE, related_name="open_data_settings"
    )
    licence = models.CharField(
        _("licence des données"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.ETALAB,
        help_text=_(
            "La Licence Ouverte permet toute réutilisation en citant la source ; l'ODbL "
            "demande en plus de partager sous la même licence les bases qui en dérivent."
        ),
    )
    updated_at = models.DateTimeField(_("modifiés le"), auto_now=True)

    EDITABLE_FIELDS = ("licence",)

    class Meta:
        verbose_name = _("réglages des données ouvertes")
        verbose_name_plural = _("réglages des données ouvertes")

    def __str__(self) -> str:
        return self.get_licence_display()


class ExportRun(models.Model):
    """One rebuild of every published file, with its progress for the staff page."""

    class Status(models.TextChoices):
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminée")
        FAILED = "failed", _("échouée")

    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    started_at = models.DateTimeField(_("commencée le"))
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # The last audit entry written before the run started: writes after it wait for the next run.
    audit_mark = models.BigIntegerField(_("dernière écriture prise en compte"), default=0)
    datasets_total = models.PositiveIntegerField(_("jeux de données à écrire"), default=0)
    datasets_done = models.PositiveIntegerField(_("jeux de données écrits"), default=0)
    rows_written = models.BigIntegerField(_("lignes écrites"), default=0)
    reason = models.CharField(_("raison"), max_length=40, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("reconstruction des fichiers ouverts")
        verbose_name_plural = _("reconstructions des fichiers ouverts")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
