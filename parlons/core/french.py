"""French grammar that a territory's name needs: "la vie de la Métropole", "d'Arles".

A sentence such as « Participer à la vie de … » needs the preposition and
article that go with the name: a commune takes no article ("de Brest",
"d'Arles", "du Havre" when its name starts with « Le »), an institution
takes the article of its first noun ("de la Communauté de communes…",
"du Conseil de développement…", "de l'Eurométropole…").
"""

import re
import unicodedata

VOWELS = "aeiouy"
# First nouns of institutions' names, by gender; an unknown one gets a plain "de".
FEMININE = {
    "agglomeration",
    "collectivite",
    "communaute",
    "eurometropole",
    "metropole",
    "region",
    "ville",
    "commune",
}
MASCULINE = {
    "conseil",
    "departement",
    "pays",
    "grand",
    "syndicat",
    "territoire",
    "pole",
    "parc",
    "etablissement",
}


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _starts_with_vowel(text: str) -> bool:
    return bool(text) and _plain(text[0]) in VOWELS


def of_name(name: str, *, institution: bool) -> str:
    """ "de" with the article the name needs: "de la Communauté de communes X", "d'Arles"."""
    name = name.strip()
    if not name:
        return ""
    for article, contracted in (("Le ", "du "), ("Les ", "des "), ("La ", "de la ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name[:2] in {"L'", "L’"}:
        return "de l'" + name[2:]
    if institution:
        first = _plain(name.split()[0].rstrip("-'’"))
        if first in FEMININE or first in MASCULINE:
            if _starts_with_vowel(name):
                return "de l'" + name
            return ("de la " if first in FEMININE else "du ") + name
    return ("d'" if _starts_with_vowel(name) else "de ") + name


_RUNS_OF_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def one_line(text: str) -> str:
    """`text` on one line, each run of spaces and line breaks as one space, trimmed.

    Unlike `" ".join(text.split())`, the no-break spaces of French typography
    (before ; : ! ? and inside « ») stay what they are.
    """
    return _RUNS_OF_SPACE.sub(" ", text).strip()
