from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def euros(value) -> str:
    """15000 -> "15 000 €", with the non-breaking spaces of French typography."""
    if value is None or value == "":
        return ""
    digits = f"{int(Decimal(value)):,}".replace(",", "\u202f")
    return f"{digits}\u00a0€"
