"""Bank accounts, social security numbers, licence plates, birth dates and account identifiers."""

import re
from collections.abc import Iterator

from .checksums import IBAN_LENGTHS, iban_is_valid, luhn_is_valid, nir_is_valid
from .lexicon import Lexicon, fold, word_set
from .spans import Candidate

IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}(?![\w])")
IBAN_CONTEXT = re.compile(r"(?:iban|\brib\b|compte|bancaire|virement)", re.IGNORECASE)

NIR = re.compile(
    r"(?<![\w])(?P<body>[1278][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AaBb])"
    r"[ .]?\d{3}[ .]?\d{3})(?:[ .]?(?P<key>\d{2}))?(?![\w])"
)
NIR_CONTEXT = re.compile(
    r"(?:s[ée]cu|s[ée]curit[ée]\s+sociale|\bnir\b|\bnss\b|insee|carte\s+vitale|\bss\b)",
    re.IGNORECASE,
)

PLATE_LETTERS = "A-HJ-NP-TV-Z"
PLATE_SIV = re.compile(
    rf"(?<![\w-])[{PLATE_LETTERS}]{{2}}[- ]?\d{{3}}[- ]?[{PLATE_LETTERS}]{{2}}(?![\w-])"
)
PLATE_SIV_ANY_CASE = re.compile(
    rf"(?<![\w-])[{PLATE_LETTERS}]{{2}}[- ]?\d{{3}}[- ]?[{PLATE_LETTERS}]{{2}}(?![\w-])",
    re.IGNORECASE,
)
PLATE_FNI = re.compile(
    r"(?<![\w-])\d{1,4}[ -](?P<letters>[A-HJ-NP-Z]{1,3})[ -](?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])"
    r"(?![\w-])"
)
PLATE_CONTEXT = re.compile(
    r"(?:plaque|immatricul|voiture|v[ée]hicule|auto|moto|camion|scooter|stationn|gar[ée])",
    re.IGNORECASE,
)
# Upper-case words that sit between two numbers in ordinary text.
NOT_PLATE_LETTERS = word_set(
    "AN ANS H KM M MN MIN RN RD RER TER TGV TC BUS CP CE CM PM AM ET OU EN DE DU LE LA AU "
    "AUX DES LES UN UNE SUR PAR EST SON SES MON TON NE PAS QUE QUI ME TE SE Y CV KW KWH "
    "ZA ZI ZAC HT TTC MM CM KG T N D A E"
)

CARD = re.compile(r"(?<![\d])[3-6]\d{3}(?P<sep>[ \-]?)\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?![\d])")

MONTHS = (
    r"(?:janv(?:ier|\.)?|f[ée]vr(?:ier|\.)?|mars|avr(?:il|\.)?|mai|juin|juil(?:let|\.)?|ao[uû]t"
    r"|sept(?:embre|\.)?|oct(?:obre|\.)?|nov(?:embre|\.)?|d[ée]c(?:embre|\.)?)"
)
DATE = (
    r"(?:(?:[0-3]?\d|1er)\s?[/.\-]\s?[01]?\d\s?[/.\-]\s?(?:19|20)?\d{2}"
    rf"|(?:(?:[0-3]?\d|1er|premier)\s+)?{MONTHS}(?:\s+(?:19|20)\d{{2}})?"
    r"|(?:19|20)\d{2})"
)
BIRTHDATE = re.compile(
    r"(?:\bn[ée]e?s?\s+le|\bdate\s+de\s+naissance|\bddn\b|\bd\.d\.n\.?"
    r"|\bnaissance\s*:|\banniversaire\s+(?:est\s+)?le|\bbirthday|\bborn\s+on)"
    rf"\s*(?::|est\s+le|est|=)?\s*(?:le\s+)?(?P<date>{DATE})(?![\w])"
    # "né en 1950", "née en mars 1985": a year is needed, "né en janvier" says little.
    rf"|\bn[ée]e?s?\s+en\s+(?P<year>(?:{MONTHS}\s+)?(?:19|20)\d{{2}})(?![\w])",
    re.IGNORECASE,
)

_ID_NOUNS = (
    r"(?:client|dossier|adh[ée]rent|allocataire|abonn[ée]|contrat|compte|facture|passeport"
    r"|permis(?:\s+de\s+conduire)?|fiscal|badge|licence|commande|usager|[ée]l[èée]ve|patient"
    r"|lecteur|sinistre|r[ée]servation|demandeur|locataire|PDL|PCE|compteur|carte(?:\s+(?:vitale"
    r"|d'identit[ée]|de\s+fid[ée]lit[ée]|grise|d'[ée]lecteur|de\s+transport))?|pass(?:\s+navigo)?"
    r"|CAF|p[ôo]le\s+emploi|France\s+Travail|mutuelle|ticket)"
)
IDENTIFIER = re.compile(
    r"(?:\b(?:num[ée]ro|n°|no\.?|num\.?|r[ée]f[ée]rence|r[ée]f\.?|code|matricule|id)"
    rf"\s*(?:de\s+(?:mon\s+|ma\s+)?|d'|du\s+)?{_ID_NOUNS}"
    r"(?:\s+(?:de\s+la\s+|du\s+|de\s+l')?(?-i:[A-Z][A-Za-z]{1,9})(?=\s))?"
    r"|\bmatricule|\b(?:mon|ma|son|sa|votre)\s+num[ée]ro\s+" + _ID_NOUNS + ")"
    r"\s*(?:est\s+(?:le\s+)?|:|=|n°|no\.?|#)?\s*(?:le\s+)?(?:n°\s*)?"
    r"(?P<value>(?=[\w./-]*\d)[A-Za-z0-9](?:[\w/-]|\.(?=\w)){2,40}(?:[ ]\d{2,6}(?![\w])){0,5})",
    re.IGNORECASE,
)
# "ma carte vitale : ...", "mon dossier n° ...": the noun alone needs a sign before the value.
POSSESSIVE_IDENTIFIER = re.compile(
    r"\b(?:mon|ma|son|sa|votre)\s+" + _ID_NOUNS + r"\s*(?::|=|n°|no\.|#)\s*(?:n°\s*)?"
    r"(?P<value>(?=[\w./-]*\d)[A-Za-z0-9](?:[\w/-]|\.(?=\w)){2,40}(?:[ ]\d{2,6}(?![\w])){0,5})",
    re.IGNORECASE,
)
NOT_AN_IDENTIFIER = re.compile(
    r"\d{1,3}(?:er|ère|e|nd|nde|ème|eme|è)?|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    r"|\d+\s?(?:mois|ans?|jours?|semaines?|heures?|h|min|km|kg|m|cm|€|euros?|%)",
    re.IGNORECASE,
)
LOGIN = re.compile(
    r"\b(?:identifiant(?:\s+(?:de\s+connexion|client|unique|fiscal))?|login|nom\s+d'utilisateur"
    r"|user(?:name|\s+id)?|pseudo(?:nyme)?\s+sur|mot\s+de\s+passe|password|code\s+(?:pin|secret"
    r"|d'acc[èe]s|confidentiel))(?![\w])"
    r"\s*(?P<said>est\s+(?:le\s+)?|:|=)?\s*(?:«\s*|\"|')?(?P<value>[\w.@+-]{3,64})",
    re.IGNORECASE,
)
LOGIN_NOT_VALUES = word_set(
    "est sont et de du des le la les un une pour par mais perdu oublié oublie bloqué bloque "
    "provisoire personnel différent different"
)

IBAN_PRIORITY = 85
NIR_PRIORITY = 86
# Unchecked, but the sentence says what it is: beats a phone number read in its digits.
UNCHECKED_PRIORITY = 72
PLATE_PRIORITY = 60
BIRTHDATE_PRIORITY = 65
IDENTIFIER_PRIORITY = 75
CARD_PRIORITY = 84


def _near(pattern: re.Pattern, text: str, start: int, window: int = 40) -> bool:
    return pattern.search(text, max(0, start - window), start) is not None


def find_ibans(text: str) -> Iterator[Candidate]:
    position = 0
    while (match := IBAN.search(text, position)) is not None:
        # A failed candidate may hide a real IBAN that starts inside it.
        position = match.start() + 1
        raw = match.group()
        positions = [i for i, c in enumerate(raw) if c.isalnum()]
        compact = "".join(raw[i] for i in positions).upper()
        length = IBAN_LENGTHS.get(compact[:2])
        if length is None:
            continue
        end = match.start() + positions[min(length, len(positions)) - 1] + 1
        if length <= len(compact) and iban_is_valid(compact[:length]):
            yield Candidate(match.start(), end, "iban", IBAN_PRIORITY)
            position = end
        elif len(compact) >= length - 2 and _near(IBAN_CONTEXT, text, match.start()):
            # A mistyped IBAN is still a bank account when the sentence says so.
            yield Candidate(match.start(), end, "iban", UNCHECKED_PRIORITY)
            position = end


def find_nirs(text: str) -> Iterator[Candidate]:
    for match in NIR.finditer(text):
        body = re.sub(r"[ .]", "", match.group("body"))
        key = match.group("key")
        if key and nir_is_valid(body, key):
            yield Candidate(match.start(), match.end(), "nir", NIR_PRIORITY)
        elif _near(NIR_CONTEXT, text, match.start(), window=60):
            yield Candidate(match.start(), match.end(), "nir", UNCHECKED_PRIORITY)


def find_plates(text: str) -> Iterator[Candidate]:
    for match in PLATE_SIV.finditer(text):
        if not match.group().startswith("SS"):
            yield Candidate(match.start(), match.end(), "plate", PLATE_PRIORITY)
    for match in PLATE_SIV_ANY_CASE.finditer(text):
        plate = match.group()
        # "de 400 km" is no plate; "ab-123-cd" in lower case is, near "voiture".
        if plate.isupper() or " " in plate:
            continue
        if _near(PLATE_CONTEXT, text, match.start(), window=60):
            yield Candidate(match.start(), match.end(), "plate", PLATE_PRIORITY)
    for match in PLATE_FNI.finditer(text):
        if match.group("letters") not in NOT_PLATE_LETTERS or _near(
            PLATE_CONTEXT, text, match.start(), window=60
        ):
            yield Candidate(match.start(), match.end(), "plate", PLATE_PRIORITY)


def find_cards(text: str) -> Iterator[Candidate]:
    # Not one of the categories, but a card number in a public comment is
    # what a data protection officer fears most: masked as an identifier.
    for match in CARD.finditer(text):
        if luhn_is_valid(re.sub(r"\D", "", match.group())):
            yield Candidate(match.start(), match.end(), "identifier", CARD_PRIORITY)


def find_birthdates(text: str) -> Iterator[Candidate]:
    for match in BIRTHDATE.finditer(text):
        group = "date" if match.group("date") else "year"
        yield Candidate(match.start(group), match.end(group), "birthdate", BIRTHDATE_PRIORITY)


def _value_end(text: str, match: re.Match) -> int:
    # Trailing sentence punctuation is not part of the identifier.
    end = match.end("value")
    while end > match.start("value") and text[end - 1] in ".-/":
        end -= 1
    return end


def find_identifiers(text: str, lexicon: Lexicon | None = None) -> Iterator[Candidate]:
    for pattern in (IDENTIFIER, POSSESSIVE_IDENTIFIER):
        for match in pattern.finditer(text):
            end = _value_end(text, match)
            value = text[match.start("value") : end]
            # "mon permis 100 % en ligne", "mon dossier le 2/2/2018", "passeport 2nd"
            if len(value) < 4 or NOT_AN_IDENTIFIER.fullmatch(value):
                continue
            if end < len(text) and text[end : end + 2].strip()[:1] in {"%", "€"}:
                continue
            yield Candidate(match.start("value"), end, "identifier", IDENTIFIER_PRIORITY)
    for match in LOGIN.finditer(text):
        end = _value_end(text, match)
        value = text[match.start("value") : end]
        if len(value) < 3 or value.lower() in LOGIN_NOT_VALUES:
            continue
        looks_like_a_login = any(c.isdigit() or c in "@._" for c in value)
        said = (match.group("said") or "").strip()
        folded = fold(value)
        is_a_word = lexicon is not None and (
            folded in lexicon.common_words
            or (said.startswith("est") and folded in lexicon.dictionary_words)
        )
        # "en les identifiant mieux", "le mot de passe est envoyé par courrier": without
        # a digit or "@", the value must follow ":" or "est" and be no French word.
        if not looks_like_a_login and (said == "" or is_a_word):
            continue
        yield Candidate(match.start("value"), end, "identifier", IDENTIFIER_PRIORITY)
