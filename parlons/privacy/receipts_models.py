"""Receipts given to people who took part through a mediator or on paper, without an account.

Imported by `parlons.privacy.models` so that Django finds the model; the code
itself is never stored, only a keyed digest of it (parlons.privacy.receipts).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Receipt(models.Model):
    """What was recorded for a person, found again by the short code printed on their receipt.

    The item is named generically (`item_kind` "debates.contribution", `item_id`)
    so that the privacy floor never imports the apps above it: each app says in
    its `receipts.py` how to describe and withdraw one of its items.
    """

    code_digest = models.CharField(_("empreinte du code"), max_length=64, unique=True)
    item_kind = models.CharField(_("sorte d'élément"), max_length=60)
    item_id = models.PositiveBigIntegerField(_("numéro de l'élément"))
    title = models.CharField(_("ce qui a été enregistré"), max_length=300)
    summary = models.TextField(_("résumé de ce qui a été enregistré"), blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Whether the item may still be withdrawn on request is said by its app at the time
    # of the request; a withdrawn item keeps its receipt (the person reads the outcome).
    rights_request = models.ForeignKey(
        "privacy.RightsRequest",
        verbose_name=_("demande de retrait"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipts",
    )
    withdrawn_at = models.DateTimeField(_("élément retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("reçu")
        verbose_name_plural = _("reçus")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["item_kind", "item_id"], name="receipt_item")]

    def __str__(self) -> str:
        return f"Receipt {self.pk}"  # never the code, which is not kept

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
