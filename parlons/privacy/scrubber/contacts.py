"""E-mail addresses, phone numbers and IP addresses."""

import ipaddress
import re
from collections.abc import Iterator

from .spans import Candidate

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w-])"
)
# Addresses written to dodge robots: "jean.dupont [at] exemple point fr".
EMAIL_OBFUSCATED = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}\s?(?:\[at\]|\(at\)|\[arobase\]|\(arobase\)|\barobase\b|\{at\})\s?"
    r"[\w-]{1,63}(?:(?:\.|\s?(?:\[dot\]|\(dot\)|\[point\]|\(point\)|\bpoint\b)\s?)[\w-]{1,63}){1,4}",
    re.IGNORECASE,
)

# French numbers, grouped the way people write them: one separator used throughout.
PHONE_FR = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9]|0[1-9])"
    r"(?P<sep>\s?[.\-/]\s?|\s|)\d{2}(?:(?P=sep)\d{2}){3}(?![\d])"
)
# "+33 612 345 678", "06 1234 5678": any grouping, accepted on its digit count.
PHONE_FR_LOOSE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[ .\-]?\d){8}(?![\d])"
)
PHONE_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)(?!33)[1-9]\d{0,2}(?:[ .\-]?\(?\d{1,5}\)?){2,7}(?![\d])"
)
# A mistyped number (a digit too few or too many) still deserves masking when
# the sentence says it is a phone number.
PHONE_MISTYPED = re.compile(r"(?<![\w+])0[1-9](?:[ .\-]?\d){6,10}(?![\d])")
PHONE_CONTEXT = re.compile(
    r"(?:t[ée]l[ée]?phone|\bt[ée]l\b|portable|mobile|fixe|joindre|appel|rappel|sms|whatsapp"
    r"|num[ée]ro|\bn°|\bno\b|contact)",
    re.IGNORECASE,
)

IPV4 = re.compile(
    r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\w]|\.\d)"
)
IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])")

EMAIL_PRIORITY = 90
IP_PRIORITY = 80
PHONE_PRIORITY = 70
PHONE_MISTYPED_PRIORITY = 30


def find_emails(text: str) -> Iterator[Candidate]:
    if "@" in text:
        for match in EMAIL.finditer(text):
            yield Candidate(match.start(), match.end(), "email", EMAIL_PRIORITY)
    lowered = text.lower()
    if "at" in lowered or "arobase" in lowered:
        for match in EMAIL_OBFUSCATED.finditer(text):
            yield Candidate(match.start(), match.end(), "email", EMAIL_PRIORITY)


def _digit_count(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _is_service_number(number: str) -> bool:
    """08 numbers are toll-free or shared-cost lines of organisations, never a person's."""
    digits = "".join(c for c in number if c.isdigit())
    national = "0" + digits[2:] if number.lstrip().startswith(("+", "00")) else digits
    if national.startswith("0033"):
        national = "0" + national[4:]
    return national.startswith("08")


def find_phones(text: str) -> Iterator[Candidate]:
    for match in PHONE_FR.finditer(text):
        if not _is_service_number(match.group()):
            yield Candidate(match.start(), match.end(), "phone", PHONE_PRIORITY)
    for match in PHONE_FR_LOOSE.finditer(text):
        # One kind of separator throughout: "02.03.2020 10" is a date and an hour.
        if _is_service_number(match.group()):
            continue
        if len({c for c in match.group()[-12:] if c in " .-"}) <= 1:
            yield Candidate(match.start(), match.end(), "phone", PHONE_PRIORITY - 1)
    if "+" in text or "00" in text:
        for match in PHONE_INTERNATIONAL.finditer(text):
            end = match.end()
            # A closing bracket belongs to the number only if it opened inside it.
            while end > match.start() and text[end - 1] in "( ":
                end -= 1
            if 8 <= _digit_count(text[match.start() : end]) <= 15:
                yield Candidate(match.start(), end, "phone", PHONE_PRIORITY - 1)
    for match in PHONE_MISTYPED.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if PHONE_CONTEXT.search(before) and not _is_service_number(match.group()):
            yield Candidate(match.start(), match.end(), "phone", PHONE_MISTYPED_PRIORITY)


def find_ips(text: str) -> Iterator[Candidate]:
    if "." in text:
        for match in IPV4.finditer(text):
            yield Candidate(match.start(), match.end(), "ip", IP_PRIORITY)
    if "::" in text or text.count(":") >= 5:
        for match in IPV6.finditer(text):
            candidate = match.group()
            if candidate.count(":") < 2 or not any(c not in ":" for c in candidate):
                continue
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            yield Candidate(match.start(), match.end(), "ip", IP_PRIORITY)
