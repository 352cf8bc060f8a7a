"""Names of people, found without a neural model.

Two passes, both linear in the text:
- after a civility ("M.", "Mme", "Docteur") or a context phrase ("je m'appelle",
  "mon voisin", "Cordialement,"), the words that follow are read as a name as
  long as they look like one (capitalised, in upper case, or a listed name);
- elsewhere, runs of capitalised words are classified with the first-name and
  surname lists (INSEE) and the list of words citizens write in lower case:
  a first name with a surname-like word beside it, an upper-case surname beside
  a first name ("LE GOFF Yannick"), or a common first name on its own.
Street and place names ("rue Victor Hugo", "Saint-Pierre"), titles ("Madame la
Maire") and ordinary words ("Rose", "Bonne journée") are left alone.
"""

import re
from collections.abc import Iterator

from .lexicon import Lexicon, fold, word_set
from .spans import Candidate

PERSON_PRIORITY = 40

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
NAME_WORD = rf"[{UPPER}a-zß-öø-ÿ][\w]*(?:[-'’][{UPPER}a-zß-öø-ÿ][\w]*)*"
CAPITALISED = re.compile(
    rf"(?<![\w'’.-])(?:[dlDL]['’](?=[{UPPER}]))?(?P<word>[{UPPER}][\w]*(?:[-'’][\w]+)*)(?P<dot>\.)?"
)
WALK_TOKEN = re.compile(
    rf"[ \t\u00a0]*(?:(?P<elided>[dlDL]['’])(?=\w)|(?P<word>{NAME_WORD}))(?P<dot>\.)?"
)
# What may sit between two parts of one name: "Charles de Gaulle", "Giscard d'Estaing".
CHAIN_GAP = re.compile(
    r"[ \u00a0]{1,2}(?:(?:de|du|des|da|dos|das|di|del|della|van|von|der|den|ter|ben|bin|ibn|el|al"
    r"|ould|la|le|de la)[ \u00a0]{1,2}|[dl]['’])?"
)

CIVILITY_TRIGGER = re.compile(
    r"(?<![\w])(?:m\.|mr\.?|mme\.?|mlle\.?|mmes|mm\.|monsieur|madame|mademoiselle|dr\.?"
    r"|docteure?|pr\.?|professeure?|me\.?|ma[iî]tre)(?=[\s])",
    re.IGNORECASE,
)
# "le docteur Kervella", "le père Martin", "l'abbé Quéré", "la sœur Kerjean": a title
# with an article before it names a person when a name follows ("le docteur est
# passé" names no one).
TITLE_TRIGGER = re.compile(
    r"(?<![\w])(?:(?:le|la|les|du|au|aux|ce|cette|notre|votre)[ \u00a0]+|l['’])(?:docteure?|doctoresse"
    r"|professeure?|p[èe]re|m[èe]re|fr[èe]re|s(?:œ|oe)ur|abb[ée]|chanoine|cur[ée]|pasteure?|notaire"
    r"|juge|colonel|capitaine|commandant|lieutenant|adjudant|sergent|brigadier|ma[iî]tre"
    r"|m[ée]decin|v[ée]t[ée]rinaire|instituteur|institutrice|ma[iî]tresse)(?=[ \u00a0])",
    re.IGNORECASE,
)
# "le père Noël" and "le Père-Lachaise" are no one's name.
NOT_AFTER_TITLE = word_set("noel fouettard lachaise eternel")
CONTEXT_TRIGGER = re.compile(
    r"(?<![\w])(?:je\s+m['’]appelle|je\s+me\s+nomme|mon\s+nom(?:\s+de\s+famille)?"
    r"\s*(?:est|:)|mon\s+pr[ée]nom\s*(?:est|:)|nom\s*:|pr[ée]nom\s*:|sign[ée]\s*:?"
    r"|cordialement\s*[,.]?|bien\s+[àa]\s+vous\s*[,.]?|salutations\s*(?:distingu[ée]es)?\s*[,.]?"
    r"|de\s+la\s+part\s+de|(?:la\s+)?famille|les\s+[ée]poux|contactez|contacter|appelez|demandez"
    r"|(?:mon|ma|notre|nos|mes)\s+(?:voisin|voisine|voisins|fils|fille|mari|femme|[ée]poux"
    r"|[ée]pouse|fr[èe]re|s(?:œ|oe)ur|p[èe]re|m[èe]re|ami|amie|copain|copine|coll[èe]gue|cousin"
    r"|cousine|oncle|tante|neveu|ni[èe]ce|compagnon|compagne|conjoint|conjointe|patron|patronne"
    r"|propri[ée]taire|bailleur|locataire|gardien|gardienne|enfant|petit-fils|petite-fille"
    r"|grand-p[èe]re|grand-m[èe]re|beau-p[èe]re|belle-m[èe]re|m[ée]decin|infirmi[èe]re?"
    r"|auxiliaire\s+de\s+vie|aide\s+[àa]\s+domicile|assistante\s+maternelle|nounou)\s*,?)"
    r"(?=[\s,:])",
    re.IGNORECASE,
)

NAMING_TRIGGER = re.compile(
    r"je\s+m['’]appelle|je\s+me\s+nomme|mon\s+(?:nom|pr[ée]nom)|nom\s*:|pr[ée]nom\s*:|sign[ée]"
    r"|cordialement|bien\s+[àa]\s+vous|salutations",
    re.IGNORECASE,
)
# "en Alsace Moselle", "au Costa Rica": before a pair of unknown words, a place.
# (Not "à": "j'ai écrit à Aziliz Kerjean" is as common as "à Clermont Ferrand".)
PLACE_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w])(?:en|au|aux|vers|depuis)[\s\u00a0]+$", re.IGNORECASE
)
# Words that open a place name: "Château-Thierry", "Pont-Aven", "Val d'Oise".
PLACE_HEADS = word_set("chateau pont mont port val fort ville lac cap ile plage bourg")
SAINTS = word_set("saint sainte st ste")
CIVILITIES = word_set(
    "m mr mme mlle mmes mm monsieur madame mademoiselle messieurs mesdames dr docteur docteure "
    "pr professeur professeure me maitre"
)
TITLES = word_set("""maire adjoint adjointe president presidente prefet prefete ministre depute deputee senateur
    senatrice conseiller conseillere directeur directrice elu elue elus delegue deleguee
    commissaire juge procureur general generale colonel capitaine lieutenant commandant abbe pere
    soeur frere cardinal eveque pape roi reine prince princesse duc duchesse comte comtesse
    marechal amiral sergent brigadier gendarme cure chanoine dame""")
NAME_PARTICLES = word_set(
    "de du des da dos das di del della van von der den ter ben bin ibn el al ould la le d' l'"
)
PLACE_WORDS = (
    r"rue|avenue|av\.?|boulevard|bd|place|all[ée]e|impasse|quai|square|parc|jardin|jardins|cours"
    r"|chemin|route|pont|gare|station|arr[êe]t|m[ée]tro|r[ée]sidence|cit[ée]|quartier|lotissement"
    r"|[ée]cole|coll[èe]ge|lyc[ée]e|universit[ée]|facult[ée]|institut|groupe\s+scolaire|cr[èe]che"
    r"|gymnase|stade|salle|centre|espace|maison|halle|piscine|h[ôo]pital|clinique|ehpad|foyer"
    r"|m[ée]diath[èe]que|biblioth[èe]que|mus[ée]e|th[ée][âa]tre|cin[ée]ma|[ée]glise|chapelle"
    r"|cath[ée]drale|basilique|abbaye|mosqu[ée]e|synagogue|temple|fondation|association|prix"
    r"|complexe|p[ôo]le|parvis|esplanade|promenade|port|plage|lac|for[êe]t|bois|val|mont|col"
    r"|tour|fort|ch[âa]teau|domaine|ferme|moulin|h[ôo]tel|caf[ée]|restaurant|brasserie|bar|ligne"
    r"|rond-point|carrefour|z\.?a\.?c?|lieu-dit|hameau|bourg|village|commune|ville|rues?"
    r"|saint|sainte|st|ste|a[ée]roport|campus|zone|centre-ville|faubourg|quai|plateau|[îi]le"
)
PLACE_BEFORE = re.compile(
    rf"(?<![\w])(?:{PLACE_WORDS})(?:\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’]))?"
    r"[\s\u00a0-]*$",
    re.IGNORECASE,
)
DETERMINER_BEFORE = re.compile(
    r"(?<![\w])(?:le|la|les|un|une|des|du|au|aux|ce|cet|cette|ces|son|sa|ses|leur|leurs"
    r"|l['’]|à\s+la)[\s\u00a0]*$",
    re.IGNORECASE,
)
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n«\"(\[•*–—-])[\s\u00a0]*$")
# First names that are first of all places ("à Nancy", "la France").
PLACE_LIKE_FIRST_NAMES = word_set("""paris nancy florence valence lourdes vienne orange lorraine france bretagne normandie
    provence savoie alsace champagne bourgogne aquitaine guyane reunion martinique guadeloupe
    corse lyon nice marseille lille nantes rennes brest quimper vannes lorient angers tours
    caen rouen metz dijon amiens chartres laval cholet belfort avignon arles nimes troyes sedan
    verdun toul auch albi agen dax pau tarbes foix rodez cahors tulle gueret limoges poitiers
    niort saintes cognac royan vichy moulins nevers auxerre sens blois bourges evreux dieppe
    lens arras calais dunkerque europe afrique amerique asie australie inde chine japon elysee
    israel marianne""")
UPPER_NOT_NAMES = word_set("""sncf rer ter tgv edf gdf caf cpam rsa apl hlm pmr tva isf csg ric ue usa onu otan pme tpe smic
    ehpad crs cgt cfdt fo medef rn lfi lr ps eelv lrem fn modem udi pcf npa insee ccas plu plui
    scot zac zi za ddt dreal ars ape cm ce cp pdf url sms tv ok nb ps pss rgpd cnil iban rib nir
    ip siret siren tel mail email dpe vtc rdv sdf pv""")

SUBJECT_PRONOUNS = word_set("je tu il elle on nous vous ils elles moi toi lui eux")
# "Monsieur Tout-le-Monde" is everyone and no one.
NOT_AFTER_CIVILITY = word_set("tout toutlemonde lambda x y z")

# Token kinds. DICT: a rare dictionary word ("Napolitaine"), a surname at best.
# CAPS: unknown capitals, maybe a surname no list holds ("KERGUELAZ").
# PLACE_NAME: a town, region or country citizens write after "à" or "en".
# UPPER_FIRSTW, UPPER_SURW: in capitals, a first name or a surname that is also an
# ordinary word ("PIERRE", "MARCHAND"): a name beside a first name ("MARCHAND Marine").
(CIV, TITLE, PLACE, PART, FIRST, FIRSTW, SUR, SURW, UPPER_FIRST, UPPER_NAME, INITIAL, WORD, OTHER,
 DICT, ACRONYM, CAPS, PLACE_NAME, UPPER_FIRSTW, UPPER_SURW) = range(19)  # fmt: skip
ORDINAL = re.compile(r"[ivxlc]+(?:e|er|eme|ème|ième|ieme)|\d+(?:e|er|eme|ème)", re.IGNORECASE)
STRONG_NEIGHBOURS = frozenset({UPPER_NAME, UPPER_FIRST, SUR, OTHER, FIRSTW, INITIAL, CAPS})
UPPER_WORD_NAMES = frozenset({UPPER_FIRSTW, UPPER_SURW})
# Pairs of kinds that, side by side, name a person.
PERSON_PAIRS = frozenset(
    {
        (FIRSTW, SUR),
        (FIRSTW, SURW),
        (FIRSTW, UPPER_NAME),
        (FIRSTW, OTHER),
        (FIRSTW, INITIAL),
        (UPPER_NAME, FIRSTW),
        (CAPS, FIRSTW),
        (OTHER, SUR),
        # Two capitalised words that are neither ordinary words nor listed names
        # are most often a name from a family the lists miss ("Abena Langoat").
        (OTHER, OTHER),
        (SUR, OTHER),
        (UPPER_NAME, OTHER),
        (OTHER, UPPER_NAME),
        (CAPS, OTHER),
        (OTHER, CAPS),
        (SUR, CAPS),
        (CAPS, SUR),
        # A first name the lists miss, or a surname, then an initial: "Itziar T.", "Abena P."
        (OTHER, INITIAL),
        (SUR, INITIAL),
        # All in capitals: a listed surname beside a name no list holds ("NEVENOU LE
        # GOASGUEN"), a first name that is no word beside a surname that is ("AGATHE PIRES").
        (CAPS, UPPER_NAME),
        (UPPER_NAME, CAPS),
        (UPPER_FIRST, UPPER_SURW),
        (UPPER_SURW, UPPER_FIRST),
        # Forms and registers: "MARCHAND Marine", "PIERRE Claire", "Claire PIERRE".
        (UPPER_SURW, FIRSTW),
        (UPPER_FIRSTW, FIRSTW),
        (FIRSTW, UPPER_SURW),
        (FIRSTW, UPPER_FIRSTW),
        # In capitals, a first name that is also a word needs a name beside it that is
        # none ("CAPUCINE MICHEL"): "LIBRE PAROLE", "SON PAYS" are shouted words.
        (UPPER_FIRSTW, UPPER_FIRST),
        (UPPER_FIRSTW, UPPER_NAME),
        (UPPER_FIRSTW, CAPS),
    }
)
NAMEISH = frozenset(
    {
        FIRST,
        FIRSTW,
        SUR,
        SURW,
        UPPER_FIRST,
        UPPER_NAME,
        INITIAL,
        OTHER,
        PART,
        DICT,
        ACRONYM,
        CAPS,
        PLACE_NAME,
        UPPER_FIRSTW,
        UPPER_SURW,
    }
)
SURNAME_LIKE = frozenset({SUR, SURW, UPPER_NAME, OTHER, INITIAL})
PRONOUN_ENDINGS = word_set(
    "moi toi nous vous le la les lui leur leurs y en on il elle ils elles je tu ce"
)


# Capitalised words repeat a lot across texts ("Bonjour", "Je", "Merci", "Mairie"):
# their kind is remembered, up to a bound, per lexicon.
_KINDS: dict[tuple[str, bool, int], int] = {}
_KINDS_LIMIT = 200_000


def classify(word: str, has_dot: bool, lexicon: Lexicon) -> int:
    key = (word, has_dot, id(lexicon))
    kind = _KINDS.get(key)
    if kind is None:
        if len(_KINDS) >= _KINDS_LIMIT:
            _KINDS.clear()
        kind = _KINDS[key] = _classify(word, has_dot, lexicon)
    return kind


def _classify(word: str, has_dot: bool, lexicon: Lexicon) -> int:
    folded = fold(word)
    if folded in CIVILITIES and (has_dot or folded not in {"m", "mm"}):
        return CIV
    if folded in TITLES:
        return TITLE
    if folded in NAME_PARTICLES:
        return PART
    if len(word) == 1:
        return INITIAL if has_dot and word.isupper() else WORD
    if any(c.isdigit() for c in word):
        return WORD
    if "-" in folded:
        head, _, tail = folded.rpartition("-")
        head = folded.split("-", 1)[0]
        if head in {"saint", "sainte", "st", "ste", "notre"}:
            return PLACE
        if tail in PRONOUN_ENDINGS or tail.startswith("t-"):
            return WORD
        if folded not in lexicon.first_names and all(
            part in lexicon.first_names and part not in lexicon.first_name_words
            for part in folded.split("-")
        ):
            return UPPER_FIRST if word.isupper() else FIRST
    if folded in {"saint", "sainte", "st", "ste"} or folded in PLACE_HEADS:
        return PLACE
    if ORDINAL.fullmatch(folded):
        return WORD
    if word.isupper():
        if folded in PLACE_LIKE_FIRST_NAMES or folded in lexicon.place_names:
            return PLACE_NAME
        if folded in lexicon.first_names and folded not in lexicon.first_name_words:
            return UPPER_FIRST
        if folded in UPPER_NOT_NAMES:
            return WORD
        if folded in lexicon.common_words:
            # Only ordinary first names: the lists also hold rare ones like "Merci".
            if lexicon.first_names.get(folded, 9) <= 2:
                return UPPER_FIRSTW
            if folded in lexicon.surnames:
                return UPPER_SURW
            return WORD
        # "CARSAT", "MALAKOFF": capitals many citizens use are acronyms and brands;
        # they join a name only next to a first name.
        if folded in lexicon.surnames:
            return UPPER_NAME
        if folded in lexicon.acronyms:
            return ACRONYM
        if lexicon.first_names.get(folded, 9) <= 2:
            return UPPER_FIRSTW
        # "CARRIÈRE", "BANIR": a dictionary word shouted, not a name no list holds.
        return DICT if folded in lexicon.dictionary_words else CAPS
    band = lexicon.first_names.get(folded)
    if band is not None:
        # "Florence", "Nancy": a person only with a surname beside them.
        if (
            band <= 3
            and folded not in lexicon.first_name_words
            and folded not in PLACE_LIKE_FIRST_NAMES
        ):
            return FIRST
        if folded not in lexicon.common_words or folded in lexicon.first_name_words:
            return FIRSTW
    if folded in lexicon.place_names:
        return PLACE_NAME
    if folded in lexicon.surnames:
        return SURW if folded in lexicon.surname_words or folded in lexicon.common_words else SUR
    if folded in lexicon.common_words:
        return WORD
    if folded in lexicon.dictionary_words:
        return DICT
    return OTHER


class _Token:
    __slots__ = ("start", "end", "word", "kind")

    def __init__(self, start: int, end: int, word: str, kind: int):
        self.start = start
        self.end = end
        self.word = word
        self.kind = kind


LOWER_LETTER = re.compile(r"[a-zß-öø-ÿ]")
UPPER_LETTER = re.compile(rf"[{UPPER}]")


def is_shouting(text: str) -> bool:
    """Mostly capitals: upper case says nothing about names any more."""
    upper = len(UPPER_LETTER.findall(text))
    return upper > 20 and upper > 2 * len(LOWER_LETTER.findall(text))


def _chains(text: str, lexicon: Lexicon) -> Iterator[list[_Token]]:
    """Runs of capitalised words that could together form one name."""
    chain: list[_Token] = []
    shouting = is_shouting(text)
    for match in CAPITALISED.finditer(text):
        word = match.group("word")
        has_dot = match.group("dot") is not None
        token = _Token(
            match.start("word"), match.end("word"), word, classify(word, has_dot, lexicon)
        )
        if shouting and word.isupper() and token.kind != UPPER_FIRST:
            token.kind = WORD
        if token.kind == INITIAL:
            token.end += 1
        if chain and CHAIN_GAP.fullmatch(text, chain[-1].end, token.start):
            chain.append(token)
        else:
            if chain:
                yield chain
            # "Merci", "Tout", "Si" open sentences far more often than they name anyone.
            opens_sentence = SENTENCE_START.search(text, max(0, token.start - 4), token.start)
            # ("Pierre Martin" opens sentences too: only short words like "Si" give way.)
            common = token.kind == SURW or (len(word) <= 3 and fold(word) in lexicon.common_words)
            if opens_sentence and token.kind in {SURW, FIRSTW} and common:
                token.kind = WORD
            chain = [token]
    if chain:
        yield chain


def _is_person_run(run: list[_Token], text: str, lexicon: Lexicon) -> bool:
    kinds = [t.kind for t in run if t.kind != PART]
    if not kinds:
        return False
    if len(kinds) == 1:
        token = next(t for t in run if t.kind != PART)
        # Alone, only a common first name ("Nathalie", not "Ily") is taken for a person.
        if token.kind != FIRST or len(token.word) < 3:
            return False
        if lexicon.first_names.get(fold(token.word), 9) > 2:
            return False
        return not DETERMINER_BEFORE.search(text, max(0, token.start - 12), token.start)
    if len(kinds) > 5:
        return False
    common_first = any(
        t.kind == FIRST and lexicon.first_names.get(fold(t.word), 9) <= 2 for t in run
    )
    if common_first:
        return True
    if PLACE_PREPOSITION_BEFORE.search(text, max(0, run[0].start - 10), run[0].start):
        # Without a common first name, "à X Y" and "en X Y" name places far more often
        # ("en Alsace Moselle", "au Costa Rica").
        return False
    if FIRST in kinds:
        return True
    for index, kind in enumerate(kinds):
        if kind == UPPER_FIRST:
            neighbours = kinds[max(0, index - 1) : index] + kinds[index + 1 : index + 2]
            if any(n in STRONG_NEIGHBOURS for n in neighbours):
                return True
    named = [t for t in run if t.kind != PART]
    for index, (left, right) in enumerate(zip(kinds, kinds[1:], strict=False)):
        pair = named[index : index + 2]
        if (left in CAPITALS_ONLY or right in CAPITALS_ONLY) and _elided(text, pair):
            continue  # "MERCI l'ENA": after "l'" or "d'", capitals are an acronym
        if (left, right) in PERSON_PAIRS:
            return True
        if left == CAPS and right == CAPS and _name_shaped_capitals(pair):
            return True
    return False


CAPITALS_ONLY = frozenset({CAPS, UPPER_FIRSTW, UPPER_SURW})


def _elided(text: str, pair: list[_Token]) -> bool:
    return any(t.start >= 2 and text[t.start - 1] in "'’" for t in pair)


VOWEL = re.compile(r"[aeiouy]")


def _name_shaped_capitals(pair: list[_Token]) -> bool:
    """ "AZILIZ KERJEAN", not "SAMU SMUR": acronyms are short, names have vowels."""
    words = [fold(t.word) for t in pair]
    return (
        all(len(w) >= 3 and VOWEL.search(w) and VOWEL.sub("", w) for w in words)
        and max(len(w) for w in words) >= 5
    )


def _trim(run: list[_Token]) -> list[_Token]:
    start, end = 0, len(run)
    while start < end and run[start].kind in {PART, DICT, PLACE_NAME}:
        start += 1
    # "LE GOFF Yannick", "Le Goff": a capitalised particle opening a surname belongs to it.
    opens_surname = 0 < start < end and run[start].kind in {UPPER_NAME, SUR, SURW, OTHER}
    if opens_surname and run[start - 1].word[0].isupper():
        start -= 1
    while end > start and run[end - 1].kind in {PART, DICT}:
        end -= 1
    return run[start:end]


def find_untriggered(text: str, lexicon: Lexicon) -> Iterator[Candidate]:
    for chain in _chains(text, lexicon):
        if chain[0].kind == PLACE or PLACE_BEFORE.search(
            text, max(0, chain[0].start - 40), chain[0].start
        ):
            continue
        run: list[_Token] = []
        for token in [*chain, None]:
            if token is not None and token.kind in NAMEISH:
                run.append(token)
                continue
            trimmed = _trim(run)
            if trimmed and _is_person_run(trimmed, text, lexicon):
                yield Candidate(trimmed[0].start, trimmed[-1].end, "person", PERSON_PRIORITY)
            run = []
            if token is not None and token.kind == PLACE:
                break


def _walk_name(
    text: str, position: int, lexicon: Lexicon, strict: bool, unknown_lowercase: bool = False
) -> tuple[int, int] | None:
    # strict (after a context phrase): an ordinary word ends the name; so does an
    # unknown lower-case word after a civility.
    """The name that starts right after a trigger: (start, end), or None."""
    start = end = None
    particle_start = None
    accepted = 0
    for _ in range(8):
        match = WALK_TOKEN.match(text, position)
        if match is None:
            break
        if match.group("elided"):
            position = match.end()
            continue
        word = match.group("word")
        has_dot = match.group("dot") is not None
        folded = fold(word)
        if word[0].isupper():
            kind = classify(word, has_dot, lexicon)
            if kind in UPPER_WORD_NAMES:
                # After a trigger, capitals that are also words read as words ("de la
                # part de TOUTES les religions") unless a civility vouches ("M. BLANC").
                kind = WORD
            # "M. Maréchal" is a surname; "Monsieur le Maire" a title.
            if kind == TITLE and accepted == 0 and particle_start is None:
                kind = SUR if folded in lexicon.surnames else TITLE
            if kind == WORD and word.isupper() and folded in lexicon.surnames and not strict:
                kind = UPPER_NAME  # "M. BLANC"
            if kind == PLACE_NAME or (kind == PLACE and folded not in SAINTS):
                kind = SURW  # "M. Clermont", "Mme Dupont"
            if (
                kind in {TITLE, CIV, PLACE, WORD}
                or folded in NOT_AFTER_CIVILITY
                or folded in SUBJECT_PRONOUNS  # "Clémence M. Nous avons…"
            ):
                break
            if kind == PART and not word.isupper():
                if particle_start is None:
                    particle_start = match.start("word")
                position = match.end("word")
                continue
            if strict and kind in {WORD, SURW, UPPER_SURW} and accepted == 0:
                break
        elif folded in NAME_PARTICLES and accepted > 0:
            position = match.end("word")
            continue
        elif (
            folded not in lexicon.common_words
            and folded not in lexicon.first_name_words
            and folded not in lexicon.surname_words
            and (
                folded in lexicon.first_names
                or folded in lexicon.surnames
                or (unknown_lowercase and folded not in lexicon.dictionary_words)
            )
        ):
            pass
        else:
            break
        if start is None:
            start = match.start("word") if particle_start is None else particle_start
        end = match.end("word") + (1 if has_dot and len(word) == 1 else 0)
        position = match.end("word")
        accepted += 1
        if accepted >= 4:
            break
    if start is None or end is None:
        return None
    return start, end


def find_triggered(text: str, lexicon: Lexicon) -> Iterator[Candidate]:
    for match in TITLE_TRIGGER.finditer(text):
        follower = WALK_TOKEN.match(text, match.end())
        if follower is None or not follower.group("word"):
            continue
        word = follower.group("word")
        # After a title only a capitalised word starts a name ("le docteur de garde").
        if not word[0].isupper() or fold(word) in NOT_AFTER_TITLE:
            continue
        found = _walk_name(text, match.end(), lexicon, strict=False)
        if found is not None:
            yield Candidate(found[0], found[1], "person", PERSON_PRIORITY)
    for match in CIVILITY_TRIGGER.finditer(text):
        trigger = match.group()
        # "me" is a pronoun and "m." a metre unless written the way a civility is.
        if trigger.lower() in {"me", "me.", "m.", "mm."} and not trigger[0].isupper():
            continue
        # "PR", "DR", "ME" in capitals are acronyms, not civilities.
        if len(trigger.rstrip(".")) == 2 and trigger[:2].isupper():
            continue
        found = _walk_name(text, match.end(), lexicon, strict=False)
        if found is not None:
            yield Candidate(found[0], found[1], "person", PERSON_PRIORITY)
    for match in CONTEXT_TRIGGER.finditer(text):
        # After "je m'appelle" or "signé", an unknown lower-case word is a name; after
        # "mon enfant" it is more often an adjective ("mon enfant dysphasique").
        unknown_lowercase = NAMING_TRIGGER.match(match.group()) is not None
        found = _walk_name(text, match.end(), lexicon, True, unknown_lowercase)
        if found is not None:
            yield Candidate(found[0], found[1], "person", PERSON_PRIORITY)


LOWERCASE_PAIR = re.compile(
    r"(?<![\w'’.@-])(?P<first>[a-zß-öø-ÿ][a-zß-öø-ÿ-]{1,20})"
    r"(?=[ ](?P<last>[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{1,25})(?![\w'’@-]))"
)


def find_lowercase_pairs(text: str, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "jean dupont" typed in lower case: a common first name then a surname, neither a word."""
    first_names = lexicon.first_names
    for match in LOWERCASE_PAIR.finditer(text):
        first = fold(match.group("first"))
        band = first_names.get(first)
        if band is None or band > 2 or first in lexicon.first_name_words:
            continue
        if first in lexicon.common_words:
            continue
        last = fold(match.group("last"))
        # "olivier renaud" is a person, "jean pierre" a compound first name.
        if (
            last in lexicon.surnames
            and last not in lexicon.surname_words
            and last not in lexicon.common_words
            and f"{first}-{last}" not in first_names
        ):
            yield Candidate(match.start(), match.end("last"), "person", PERSON_PRIORITY)


def find_persons(text: str, lexicon: Lexicon) -> Iterator[Candidate]:
    yield from find_triggered(text, lexicon)
    yield from find_untriggered(text, lexicon)
    yield from find_lowercase_pairs(text, lexicon)
