"""What a receipt can do with answers a mediator typed from a paper form: withdraw them."""

from django.utils.translation import gettext_lazy as _

from parlons.privacy.receipts import ReceiptKind
from parlons.questionnaires import services
from parlons.questionnaires.models import Response


def _withdraw(*, actor, item_id: int, reference: str) -> None:
    response = Response.objects.select_related("questionnaire__process__territory").get(pk=item_id)
    services.withdraw_response_on_request(actor=actor, response=response, reference=reference)


RECEIPT_KINDS = [ReceiptKind("questionnaires.response", _("réponses"), withdraw=_withdraw)]
