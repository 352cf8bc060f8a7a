"""Exact numbers: costs, budgets and points are read as fractions so that no rounding ever
decides who wins (pabutools computes with exact rationals too)."""

import math
import re
from collections.abc import Iterable
from fractions import Fraction

# Enough for any amount of money or points (a budget in cents of a whole country), few
# enough that a number never costs more than a moment to read.
MAX_DIGITS = 30

# A plain decimal (comma or point), or the exact fraction our writer uses when no finite
# decimal exists ("1/3"): ASCII digits only. No exponent ("1e309"), no nan or inf, no
# hexadecimal, no other script's digits ("١٢"), no underscores: a file that holds one
# is a mistake to show, not a number to guess.
_DIGITS = f"[0-9]{{1,{MAX_DIGITS}}}"
_PLAIN_DECIMAL = re.compile(f"[-+]?{_DIGITS}(?:[.,]{_DIGITS})?")
_FRACTION = re.compile(f"[-+]?{_DIGITS}/{_DIGITS}")


def parse_decimal(text: str) -> Fraction:
    """`"4000"`, `"4000.50"`, `"4000,50"`, `"-0.125"`, `"1/3"` → exact Fraction.

    ValueError for anything else, including a zero denominator and numbers longer
    than MAX_DIGITS digits on either side.
    """
    cleaned = text.strip()
    if _PLAIN_DECIMAL.fullmatch(cleaned):
        whole, _, decimals = cleaned.replace(",", ".").partition(".")
        return Fraction(int(whole + decimals), 10 ** len(decimals))
    if _FRACTION.fullmatch(cleaned):
        numerator, denominator = cleaned.split("/")
        if int(denominator) == 0:
            raise ValueError(text)
        return Fraction(int(numerator), int(denominator))
    raise ValueError(text)


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
