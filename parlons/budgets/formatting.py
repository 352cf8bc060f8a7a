"""Amounts in French: 12 500 € (non-breaking spaces), cents only when there are some."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NBSP = "\u00a0"
NNBSP = "\u202f"


def euros(amount: Decimal | Fraction | int | float | str) -> str:
    value = (
        Decimal(str(amount))
        if not isinstance(amount, Fraction)
        else (Decimal(amount.numerator) / Decimal(amount.denominator))
    )
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NNBSP.join(groups)
    if cents != "00":
        text += f",{cents}"
    return ("-" if value < 0 else "") + text + NBSP + "€"
