"""The exact rational type used where a count does heavy arithmetic (equal shares).

gmpy2's `mpq` (the same type pabutools computes with) is about four times faster
than the standard library's `Fraction`; both are exact, so results do not depend
on which one is installed: without gmpy2 the count is only slower.
"""

from fractions import Fraction

try:
    from gmpy2 import mpq as _mpq
except ImportError:  # pragma: no cover - exercised only where gmpy2 is missing
    _mpq = None


def rational(value: Fraction | int) -> Fraction:
    """The fast exact type for a Fraction or an int."""
    value = Fraction(value)
    if _mpq is None:
        return value
    return _mpq(value.numerator, value.denominator)


def ratio(numerator: int, denominator: int):
    """numerator / denominator in the fast exact type."""
    if _mpq is None:
        return Fraction(numerator, denominator)
    return _mpq(numerator, denominator)


def to_fraction(value) -> Fraction:
    """Back to the standard library's Fraction (for results and explanations)."""
    return Fraction(int(value.numerator), int(value.denominator))


ZERO = rational(0)
FAST = _mpq is not None
