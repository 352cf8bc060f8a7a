"""Exact numbers: costs, budgets and points are read as fractions so that no rounding ever
decides who wins (pabutools computes with exact rationals too)."""

import math
from collections.abc import Iterable
from fractions import Fraction

_NOT_NUMBERS = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"}


def parse_decimal(text: str) -> Fraction:
    """`"4000.0"`, `"4000,50"`, `"1e6"`, `"1/3"` → exact Fraction; ValueError otherwise."""
    cleaned = text.strip().replace(",", ".")
    # Plain integers and decimals (nearly every cost and point) without Fraction's parser.
    whole, dot, decimals = cleaned.partition(".")
    digits = whole[1:] if whole[:1] in ("-", "+") else whole
    if (
        digits.isdigit()
        and (not dot or decimals.isdigit())
        and digits.isascii()
        and decimals.isascii()
    ):
        numerator = int(digits + decimals) if dot else int(digits)
        if whole[:1] == "-":
            numerator = -numerator
        return Fraction(numerator, 10 ** len(decimals)) if dot else Fraction(numerator)
    if not cleaned or cleaned.lower() in _NOT_NUMBERS:
        raise ValueError(text)
    return Fraction(cleaned)


def as_plain_number(value: Fraction | int) -> int | float:
    """For JSON: an integer when the value is whole, a float otherwise."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    return float(value)


def common_scale(values: Iterable[Fraction]) -> int:
    """The smallest positive integer that turns every given fraction into an integer."""
    scale = 1
    for value in values:
        scale = math.lcm(scale, value.denominator)
    return scale
