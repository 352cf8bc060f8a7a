"""The log of erased people, kept so that a restored backup cannot bring one of them back."""

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
