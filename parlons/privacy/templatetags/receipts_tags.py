"""The receipt behind a rights request, shown on the DPO's page of that request."""

from django import template

from parlons.privacy.models import Receipt
from parlons.privacy.receipts import withdrawal_refusal

register = template.Library()


@register.inclusion_tag("privacy/receipt_desk.html", takes_context=True)
def receipt_of(context, rights_request) -> dict:
    receipt = (
        Receipt.objects.select_related("recorded_by").filter(rights_request=rights_request).first()
    )
    return {
        "receipt": receipt,
        "refusal": withdrawal_refusal(receipt) if receipt else None,
        "csrf_token": context.get("csrf_token"),
    }
