"""Receipts of paper ballots: proof that a ballot was recorded, never a way back to it.

The receipt names the voter record (`paper:<number>`), which holds nothing of the
choices; the ballot itself is kept apart with no link (docs/decisions/0102). So a
ballot cannot be found again to be withdrawn, by the person, the DPO or anyone:
as in a ballot box, a ballot cast stays cast (docs/decisions/0205-receipts.md).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parlons.privacy.receipts import ReceiptKind


def _refusal(_item_id: int) -> str:
    return gettext(
        "Un bulletin de vote déposé ne peut pas être retiré : pour garder le vote secret, "
        "rien ne relie le bulletin à la personne, pas même ce reçu. Ce reçu prouve seulement "
        "que votre bulletin a été enregistré."
    )


def _withdraw(*, actor, item_id: int, reference: str) -> None:
    raise AssertionError("a ballot is never withdrawn: the refusal comes first")


RECEIPT_KINDS = [
    ReceiptKind("budgets.paper_ballot", _("bulletin papier"), withdraw=_withdraw, refusal=_refusal)
]
