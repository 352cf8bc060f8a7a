"""Check digits of the numbers the scrubber recognises, so that look-alikes stay visible."""

import string

# ISO 13616 lengths for the countries citizens of a French territory mention most;
# other countries fall back to the generic 15-34 range with the checksum alone.
IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "LU": 20, "CH": 21, "ES": 24, "IT": 27,
    "PT": 25, "NL": 18, "GB": 22, "IE": 22, "AT": 20, "PL": 28, "RO": 24, "MA": 28,
    "TN": 24, "DZ": 26, "SN": 28, "CI": 28, "GR": 27, "SE": 24, "DK": 18, "FI": 18,
    "NO": 15, "CZ": 24, "HU": 28, "BG": 22, "HR": 21, "SI": 19, "SK": 24, "TR": 26,
}  # fmt: skip

_LETTER_VALUES = {c: str(10 + i) for i, c in enumerate(string.ascii_uppercase)}


def iban_is_valid(compact: str) -> bool:
    """`compact`: upper-case letters and digits only, no separators."""
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        digits = "".join(_LETTER_VALUES.get(c, c) for c in rearranged)
        return int(digits) % 97 == 1
    except ValueError:
        return False


def nir_key(body: str) -> int | None:
    """Key of the 13-character NIR body (Corsica's 2A/2B count as 19/18), or None."""
    if len(body) != 13:
        return None
    body = body.upper()
    if body[5:7] == "2A":
        body = body[:5] + "19" + body[7:]
    elif body[5:7] == "2B":
        body = body[:5] + "18" + body[7:]
    if not body.isdigit():
        return None
    return 97 - int(body) % 97


def nir_is_valid(body: str, key: str) -> bool:
    return key.isdigit() and nir_key(body) == int(key)


def luhn_is_valid(digits: str) -> bool:
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0
