"""What a receipt can do with a proposal or a support a mediator recorded: withdraw it."""

from django.utils.translation import gettext_lazy as _

from parlons.privacy.receipts import ReceiptKind
from parlons.proposals import services
from parlons.proposals.models import Proposal, Support


def _withdraw_proposal(*, actor, item_id: int, reference: str) -> None:
    proposal = Proposal.objects.select_related("process__territory").get(pk=item_id)
    services.withdraw_on_request(actor=actor, proposal=proposal, reference=reference)


def _withdraw_support(*, actor, item_id: int, reference: str) -> None:
    support = Support.objects.filter(pk=item_id).select_related("proposal__process").first()
    if support is not None:  # merged away or already gone: nothing left to withdraw
        services.withdraw_support_on_request(actor=actor, support=support, reference=reference)


RECEIPT_KINDS = [
    ReceiptKind("proposals.proposal", _("proposition"), withdraw=_withdraw_proposal),
    ReceiptKind("proposals.support", _("soutien"), withdraw=_withdraw_support),
]
