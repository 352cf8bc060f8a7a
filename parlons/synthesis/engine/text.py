"""French text preparation shared by near-duplicates and themes.

Two views of a text:
- a *duplicate key*: folded (lowercase, no accents), greetings and signatures
  cut, letters and digits only, so that "RAS", "R.A.S." and "ras !" are one;
- *terms*: lemmas (simplemma) without stop words, boilerplate phrases or place
  names; places are returned apart, as metadata to filter on, because place
  names otherwise take over clusters.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma

DATA_DIR = Path(__file__).resolve().parent / "data"

_WORD = re.compile(r"[^\W_]+")
_NOT_ALNUM_BYTES = bytes(code for code in range(256) if not chr(code).isalnum() or code > 127)
_NOT_ALNUM_UNICODE = re.compile(r"[\W_]+")
_CLOSINGS = (
    "cordialement",
    "bien a vous",
    "salutations",
    "sinceres salutations",
    "merci de votre attention",
    "merci pour votre attention",
    "signe :",
    "signe:",
)
_GREETING = re.compile(r"^\s*(bonjour|bonsoir|madame,? monsieur|mesdames,? messieurs)\b[\s,.!:]*")
# Any of the closings, to skip the search for each one's last place in the many
# texts that hold none.
_ANY_CLOSING = re.compile("|".join(re.escape(closing) for closing in _CLOSINGS))


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def fold(text: str) -> str:
    """Lowercase ASCII without accents or ligatures: how people type in a hurry.

    Characters outside the Latin alphabet are dropped (NFKD then ASCII), which
    is four times faster than a translation table; `duplicate_key` keeps texts
    written in other scripts apart.
    """
    text = text.lower()
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def strip_greeting_and_signature(folded: str) -> str:
    """Cuts an opening greeting and everything from a closing formula near the end.

    "Le même texte, une autre signature": a campaign copied by many people
    differs only there, so the duplicate key ignores it. The formula must sit
    in the last two thirds of the text, so that a text opening on "cordialement"
    keeps its body.
    """
    folded = _GREETING.sub("", folded)
    if _ANY_CLOSING.search(folded) is None:
        return folded
    cut = len(folded)
    third = len(folded) // 3
    for closing in _CLOSINGS:
        position = folded.rfind(closing)
        if position >= third and position > 0:
            cut = min(cut, position)
    return folded[:cut]


def duplicate_body(text: str) -> str:
    """The folded text without its greeting and signature: what duplicate keys
    and near-duplicate words are made of."""
    return strip_greeting_and_signature(fold(text))


def duplicate_key(text: str, body: str | None = None) -> str:
    """The exact-duplicate key: folded body, letters and digits only, no spaces.

    `body` is `duplicate_body(text)` when the caller has it already."""
    if body is None:
        body = duplicate_body(text)
    # bytes.translate deletes in C: five times faster than a regular expression here.
    key = body.encode("ascii", "ignore").translate(None, _NOT_ALNUM_BYTES).decode("ascii")
    if key or text.isascii():
        return key
    # Written in another script: folding dropped every letter, keep them as they are.
    return _NOT_ALNUM_UNICODE.sub("", text.lower())


def duplicate_words(text: str, body: str | None = None) -> list[str]:
    """Folded words of the body, for near-duplicate shingles."""
    return _WORD.findall(duplicate_body(text) if body is None else body)


@dataclass(frozen=True)
class PreparedText:
    terms: tuple[str, ...]
    places: tuple[str, ...]


class PhraseSet:
    """Phrases of folded words, each with a kind, found in a token list without regexes."""

    def __init__(self, phrases_by_kind: dict[str, list[str]]) -> None:
        self.kind_of: dict[tuple[str, ...], str] = {}
        for kind, phrases in phrases_by_kind.items():
            for phrase in phrases:
                words = tuple(_WORD.findall(fold(phrase)))
                if words:
                    self.kind_of.setdefault(words, kind)
        self.longest_from: dict[str, int] = {}
        for phrase in self.kind_of:
            first = phrase[0]
            self.longest_from[first] = max(self.longest_from.get(first, 0), len(phrase))

    def find(self, folded_words: list[str]) -> list[tuple[int, int, str]]:
        """Spans (start, end, kind), the longest phrase first, not overlapping."""
        longest_from = self.longest_from
        if longest_from.keys().isdisjoint(folded_words):
            return []
        spans = []
        count = len(folded_words)
        taken_until = 0
        for index, word in enumerate(folded_words):
            longest = longest_from.get(word)
            if longest is None or index < taken_until:
                continue
            for length in range(min(longest, count - index), 0, -1):
                kind = self.kind_of.get(tuple(folded_words[index : index + length]))
                if kind is not None:
                    spans.append((index, index + length, kind))
                    taken_until = index + length
                    break
        return spans


@lru_cache(maxsize=1)
def default_lexicon() -> "FrenchLexicon":
    """One lexicon for the whole process: for reading terms, whose strings never change.

    Its term numbers and word counts grow with everything it has read, so a
    computation whose result must depend on its input alone (themes) takes a
    `fresh_lexicon()` instead.
    """
    return fresh_lexicon()


@lru_cache(maxsize=1)
def _word_lists() -> tuple[list[str], list[str], list[str]]:
    return (
        _read_lines("stopwords_fr.txt"),
        _read_lines("boilerplate_fr.txt"),
        _read_lines("places_fr.txt"),
    )


def fresh_lexicon() -> "FrenchLexicon":
    """A lexicon that has read nothing yet: term numbers and counts from this input only."""
    stop_words, boilerplate, places = _word_lists()
    return FrenchLexicon(stop_words=stop_words, boilerplate=boilerplate, places=places)


PLACE = "place"
BOILERPLATE = "boilerplate"


class FrenchLexicon:
    """Stop words, boilerplate phrases and places; each word's lemma computed once.

    Terms are numbered as they are first met, so a corpus becomes arrays of
    small integers (compact, and countable with numpy) rather than strings.
    """

    def __init__(self, stop_words: list[str], boilerplate: list[str], places: list[str]) -> None:
        self.stop_words = frozenset(fold(word) for word in stop_words)
        self.phrases = PhraseSet({PLACE: places, BOILERPLATE: boilerplate})
        # word as written (lowercase) -> (folded word, term number or -1 when not a term)
        self._word_info: dict[str, tuple[str, int]] = {}
        self.terms: list[str] = []
        self._term_number: dict[str, int] = {}
        # term number -> the lemmas of the words written for it; the form shown is the lemma
        # of the most written word, so a typo ("réspect") or an odd lemma of a rare spelling
        # never stands for everyone else's word.
        self._lemmas_of_term: list[dict[str, str]] = []
        self._word_counts: Counter = Counter()

    def _learn(self, word: str) -> tuple[str, int]:
        folded_word = fold(word)
        number = -1
        if len(folded_word) >= 2 and folded_word not in self.stop_words:
            lemma = simplemma.lemmatize(word, lang="fr").lower()
            term = fold(lemma)
            if term not in self.stop_words and len(term) >= 2:
                number = self._term_number.get(term, -1)
                if number < 0:
                    number = len(self.terms)
                    self._term_number[term] = number
                    self.terms.append(term)
                    self._lemmas_of_term.append({})
                self._lemmas_of_term[number][word] = lemma
        info = (folded_word, number)
        self._word_info[word] = info
        return info

    def term_numbers(self, text: str) -> tuple[list[int], tuple[str, ...]]:
        """Numbers of the terms of a text, in order, and the places it names."""
        words = _WORD.findall(text.lower())
        if not words:
            return [], ()
        known = self._word_info
        self._word_counts.update(words)
        infos = [known.get(word) or self._learn(word) for word in words]
        spans = self.phrases.find([info[0] for info in infos])
        if not spans:
            return [info[1] for info in infos if info[1] >= 0], ()
        keep = [True] * len(infos)
        places = []
        for start, end, kind in spans:
            if kind == PLACE:
                places.append(" ".join(info[0] for info in infos[start:end]))
            keep[start:end] = [False] * (end - start)
        numbers = [info[1] for info, kept in zip(infos, keep, strict=True) if kept and info[1] >= 0]
        return numbers, tuple(places)

    def prepare(self, text: str) -> PreparedText:
        numbers, places = self.term_numbers(text)
        return PreparedText(tuple(self.terms[number] for number in numbers), places)

    def shown(self, term: str) -> str:
        """The word people will read for a term: the lemma of its most written form."""
        number = self._term_number.get(term)
        if number is None:
            return term
        lemmas = self._lemmas_of_term[number]
        counts = self._word_counts
        most_written = max(lemmas, key=lambda word: (counts[word], not word.isascii(), word))
        return lemmas[most_written]
