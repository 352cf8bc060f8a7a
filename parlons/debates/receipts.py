"""What a receipt can do with a contribution entered by a mediator: withdraw it on request."""

from django.utils.translation import gettext_lazy as _

from parlons.debates import services
from parlons.debates.models import Contribution
from parlons.privacy.receipts import ReceiptKind


def _withdraw(*, actor, item_id: int, reference: str) -> None:
    contribution = Contribution.objects.select_related("process__territory").get(pk=item_id)
    services.withdraw_on_request(actor=actor, contribution=contribution, reference=reference)


RECEIPT_KINDS = [ReceiptKind("debates.contribution", _("contribution"), withdraw=_withdraw)]
