"""Postal addresses: number, street type and name, complement, postcode and commune, whole.

A regular expression finds the anchor ("12 bis rue", or "j'habite rue"); a short
walk over the following words decides where the street name ends, because names
mix capitalised words ("rue Victor Hugo"), particles ("rue de la Gare"), numbers
("rue du 8 Mai 1945") and, from hurried citizens, lower case ("rue des lilas").
"""

import re
from collections.abc import Iterator

from .lexicon import fold, word_set
from .spans import Candidate

# Words that name a street and nothing else, even in lower case.
CLEAR_TYPES = (
    r"rue|r\.|avenue|av\.|ave|boulevard|bd|bld|blvd|impasse|imp\.|all[ée]e|quai|ruelle|faubourg"
    r"|fbg|lieu[- ]?dit|rond[- ]point|esplanade|venelle|sentier|chauss[ée]e|square|lotissement"
    r"|mont[ée]e|traverse|grande[- ]rue|grand['’ ]rue|cheminement"
)
# Words that are also ordinary nouns ("1 place de parking", "2 cours de yoga"):
# the name after them must be capitalised, or a postcode or "j'habite" must vouch.
AMBIGUOUS_TYPES = (
    r"place|pl\.|route|rte|chemin|ch\.|cours|voie|cit[ée]|villa|clos|domaine|parc|mail|cour"
    r"|port|quartier|zone|za|zi|zac|carrefour|promenade|parvis|r[ée]sidence|passage|hameau|c[ôo]te"
)
NUMBER = r"(?:n°\s?)?\d{1,4}(?:\s?(?:bis|ter|quater|[a-dA-D])(?![\w]))?(?:\s?[-/]\s?\d{1,4})?"
RESIDENCE_CUE = (
    r"(?:j['’]habite|je\s+vis|je\s+r[ée]side|je\s+demeure|nous\s+habitons|nous\s+vivons"
    r"|domicili[ée]e?s?|mon\s+adresse(?:\s+est)?\s*:?|adresse\s*:|habitant|r[ée]sidant)"
    r"\s+(?:au\s+|aux\s+|à\s+la\s+|à\s+l['’]|à\s+|dans\s+(?:la\s+|le\s+|l['’])|en\s+"
    r"|sur\s+(?:la\s+|le\s+|l['’]))?"
)
# Where people live in the countryside, with no street and often no number: "Moulin de
# la Roche", "Ferme du Bois", "Le Bourg", "LD Kerbrat". An address only when a postcode
# follows or the writer says they live there ("La fête du Moulin de la Galette" is not).
LOCALITY_TYPES = (
    r"moulin|ferme|manoir|mas|bastide|m[ée]tairie|borde|grange|bergerie|ch[âa]teau|bourg"
    r"|(?-i:LD|L\.D\.)"
)
STREET_TYPE = re.compile(
    rf"(?<![\w])(?:(?P<clear>{CLEAR_TYPES})|(?P<ambiguous>{AMBIGUOUS_TYPES})"
    rf"|(?P<locality>{LOCALITY_TYPES}))(?![\w])",
    re.IGNORECASE,
)
# Kinds of place that need no name after them ("Le Bourg, 22310 Plestin-les-Grèves").
NAMELESS_LOCALITIES = word_set("bourg")
# Looked for just before a street type, so the scan runs once per street word.
NUMBER_BEFORE = re.compile(rf"(?<![\w,.:/€$£%+-])(?P<number>{NUMBER})\s?,?\s*$", re.IGNORECASE)
CUE_BEFORE = re.compile(rf"{RESIDENCE_CUE}(?:(?P<number>{NUMBER})\s?,?\s*)?$", re.IGNORECASE)
COMPLEMENT_BEFORE = re.compile(
    r"(?:appartement|appt|apt|app\.|b[âa]timent|b[âa]t\.?|escalier|esc\.|r[ée]sidence"
    r"(?:\s+[A-ZÀ-Ý][\w'’-]*){1,3})\s*[\w-]{0,4}\s*,?\s*$",
    re.IGNORECASE,
)
TOKEN = re.compile(r"[ \t\u00a0]*(?:(?P<elided>[dlDL]['’])(?=\w)|(?P<word>[\w][\w.'’-]*))")
PARTICLES = word_set("de du des la le les aux au sur sous en les lès et saint sainte st ste")
# Particles after which a lower-case word can still be part of the name.
OPENING_PARTICLES = word_set("de du des la le les aux au d' l' saint sainte")
NOT_A_STREET_NAME = word_set("""et ou où qui que quand est sont a ont je il elle on nous vous ils elles ce cette ces mais
    donc car ni puis depuis pendant avec sans pour par chez vers plus moins très tres aussi
    encore déjà deja alors ainsi comme si lors parking libre libres disponible disponibles
    stationnement assise assises handicapé handicapes livraison livraisons cours travaux
    """)
NOT_NUMBER_BEFORE = re.compile(
    r"(?:\ben|depuis|d[èe]s|ann[ée]e|avant|apr[èe]s|jusqu'en|vers)\s*$", re.IGNORECASE
)
POSTCODE_TAIL = re.compile(
    r"(?i:(?:\s*,?\s*(?:(?:appartement|appt|apt|app\.|b[âa]timent|b[âa]t\.?|escalier|esc\."
    r"|porte|r[ée]sidence|bp|cs|bo[iî]te(?:\s+postale)?)\s*[\w-]{1,12}"
    r"|lieu[- ]?dit\s+[\w'’-]{2,30}|\d{1,2}\s?(?:e|er|[èe]me)\s+[ée]tage))*)"
    r"(?:\s*,?\s*(?:[-–]\s*)?(?P<postcode>(?:0[1-9]|[1-8]\d|9[0-8]|2[ABab])\s?\d{3})"
    r"(?:\s+(?P<commune>[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*"
    r"(?:[ ](?!(?i:cedex))(?:(?:sur|sous|en|lès|les|le|la|de|du|des|aux)[ -]|[dl]['’])?[A-ZÀ-Ý][\w'’-]*){0,4}"
    r"(?:[ ]\d{1,2}(?:e|er|ème)(?![\w]))?(?:\s+(?i:cedex)(?:\s*\d{1,2})?)?))?)?"
)

ADDRESS_PRIORITY = 50
# A place name alone before a postcode ("Kerbrat, 29200 Brest") gives way to a person
# found there ("Jean Dupont, 29200 Brest" signs a letter): both are masked either way.
BARE_PLACE_PRIORITY = 35
MAX_NAME_TOKENS = 8
POSTCODE_WORD = re.compile(r"\d{5}")
# "Le Bourg", "La Ferme du Bois": a capitalised article belongs to the place's name.
ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:Le|La|Les|L['’])[ ]?$")
POSTCODE = re.compile(r"(?<![\w,.])(?:0[1-9]|[1-8]\d|9[0-8]|2[ABab])\s?\d{3}(?![\w,.]\d)")
# The capitalised place name that ends right before a postcode, looked for backwards
# in a short window: "La Bastide Neuve - ", "Kerbrat, ", "Pen ar Hoat ".
PLACE_BEFORE_POSTCODE = re.compile(
    r"(?<![\w'’-])(?P<place>[A-ZÀ-Ý][\w'’-]*"
    r"(?:[ ](?:(?:de|du|des|la|le|les|l['’]|d['’]|aux|au|ar|an|en|sur|sous|lès)[ ]?)*"
    r"[A-ZÀ-Ý][\w'’-]*){0,4})[ ]?,?[ ]?(?:[-–][ ]?)?$"
)


def _street_name_end(text: str, position: int, clear: bool, vouched: bool) -> int | None:
    """End offset of the street name that starts at `position`, or None if there is none."""
    name_end = None
    pending_particle = ""
    accepted = 0
    for _ in range(MAX_NAME_TOKENS + 4):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        if match.group("elided"):
            pending_particle = fold(match.group("elided")).replace("’", "'")
            position = match.end()
            continue
        word = match.group("word").rstrip(".")
        word_end = match.start("word") + len(word)
        if POSTCODE_WORD.fullmatch(word):
            break  # a street name holds no five-digit number: the postcode starts here
        folded = fold(word)
        if folded in PARTICLES and not (
            word[0].isupper() and accepted == 0 and not pending_particle
        ):
            if pending_particle and folded not in {"la", "le", "les"}:
                break
            pending_particle = folded
            position = word_end
            continue
        if word[0].isupper() or word[0].isdigit():
            pass
        elif (
            folded in NOT_A_STREET_NAME
            or not (clear or vouched)
            or (accepted > 0 and pending_particle not in OPENING_PARTICLES)
            or (accepted == 0 and not pending_particle and not clear)
        ):
            break
        name_end = word_end
        position = word_end
        pending_particle = ""
        accepted += 1
        if accepted >= MAX_NAME_TOKENS or word != match.group("word"):
            break
    return name_end


def _has_capital(text: str, start: int, end: int) -> bool:
    return any(word[0].isupper() or word[0].isdigit() for word in text[start:end].split())


def _has_commune(tail: re.Match | None) -> bool:
    """A postcode followed by a capitalised commune ("29200 Brest", not "29000 habitants")."""
    if tail is None or tail.group("postcode") is None or tail.group("commune") is None:
        return False
    return tail.group("commune")[0].isupper()


def find_addresses(text: str) -> Iterator[Candidate]:
    for match in STREET_TYPE.finditer(text):
        window = max(0, match.start() - 80)
        cue = CUE_BEFORE.search(text, window, match.start())
        number = cue if cue is not None and cue.group("number") else None
        if number is None:
            number = NUMBER_BEFORE.search(text, max(0, match.start() - 24), match.start())
        locality = match.group("locality")
        if locality is not None and not (locality[0].isupper() or cue):
            # "la porte ferme mal", "le bourg est animé": ordinary words in lower case.
            continue
        if number is not None and cue is None:
            digits = re.sub(r"\D", "", number.group("number"))[:4]
            start = number.start("number")
            if len(digits) == 4 and NOT_NUMBER_BEFORE.search(text, max(0, start - 20), start):
                number = None
        clear = match.group("clear") is not None
        name_end = _street_name_end(text, match.end(), clear, vouched=True)
        if name_end is None and locality is not None and fold(locality) in NAMELESS_LOCALITIES:
            name_end = match.end()
        if name_end is None:
            continue
        tail = POSTCODE_TAIL.match(text, name_end)
        has_postcode = tail is not None and tail.group("postcode") is not None
        if number is None and cue is None and not _has_commune(tail):
            # No number, nobody living there, no postcode: a place named in passing.
            continue
        if cue is not None and number is None and name_end == match.end() and not has_postcode:
            # "j'habite au bourg": a kind of place, not an address.
            continue
        capitalised = _has_capital(text, match.end(), name_end)
        if not (clear or has_postcode or capitalised or (cue and number)):
            # "j'habite en zone de montagne": no street, just a kind of place.
            continue
        end = name_end
        if tail is not None and tail.group(0).strip(" ,"):
            end = tail.end()
        start = number.start("number") if number is not None else match.start()
        if number is None and locality is not None:
            article = ARTICLE_BEFORE.search(text, max(0, start - 4), start)
            if article is not None:
                start = article.start()
        before = COMPLEMENT_BEFORE.search(text, max(0, start - 60), start)
        if before is not None:
            start = before.start()
        yield Candidate(start, end, "address", ADDRESS_PRIORITY)
    yield from find_places_before_postcodes(text)


def find_places_before_postcodes(text: str) -> Iterator[Candidate]:
    """ "Kerbrat, 29200 Brest", "La Ferrière 79200 Parthenay": a lieu-dit as it is written
    on an envelope, a place name with no street type before a postcode and commune."""
    for match in POSTCODE.finditer(text):
        window_start = max(0, match.start() - 60)
        place = PLACE_BEFORE_POSTCODE.search(text, window_start, match.start())
        if place is None:
            continue
        tail = POSTCODE_TAIL.match(text, place.end("place"))
        if not _has_commune(tail) or tail.start("postcode") != match.start():
            continue
        # The postcode and commune are an address whatever precedes them ("Lucas" after
        # a postcode is a commune, not a person).
        yield Candidate(match.start(), tail.end(), "address", ADDRESS_PRIORITY)
        words = place.group("place").split()
        # "Kerbrat", "La Ferrière", "Les Granges": one name, or a name after an article,
        # is a place; two capitalised words may be the writer's name ("Jean Dupont").
        sure = len(words) == 1 or words[0] in {"Le", "La", "Les"} or words[0].startswith("L'")
        priority = ADDRESS_PRIORITY if sure else BARE_PLACE_PRIORITY
        yield Candidate(place.start("place"), tail.end(), "address", priority)
