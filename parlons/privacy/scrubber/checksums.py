"""Check digits of the numbers the scrubber recognises, so that look-alikes stay visible."""

import string

# ISO 13616 registry: country code -> IBAN length. A code outside it is no IBAN,
# which keeps licence plates and product codes from passing the checksum by chance.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "DZ": 26, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MA": 28, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "SN": 28, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29,
    "VA": 22, "VG": 24, "XK": 20, "CI": 28, "CM": 27, "BJ": 28, "BF": 28, "ML": 28, "MG": 27,
    "GA": 27, "CG": 27, "TD": 27, "NE": 28, "GW": 25, "KM": 27, "HN": 28, "NI": 28, "RU": 33,
}  # fmt: skip

_LETTER_VALUES = {c: str(10 + i) for i, c in enumerate(string.ascii_uppercase)}


def iban_is_valid(compact: str) -> bool:
    """`compact`: upper-case letters and digits only, no separators."""
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
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
