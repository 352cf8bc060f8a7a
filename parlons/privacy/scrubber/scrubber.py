"""The scrubber: one object, configured once per territory, called on every text."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import addresses, contacts, numbers, persons
from .labels import LABELS, PLACEHOLDERS
from .lexicon import Lexicon, fold, load_lexicon
from .spans import Candidate, Span, mask, resolve

DIGIT = re.compile(r"\d")
WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ScrubResult:
    """The masked text, and what was masked, in the offsets of the original text."""

    text: str
    spans: tuple[Span, ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "spans": [span.to_dict() for span in self.spans]}


def _normalise(text: str) -> str:
    return " ".join(WORDS.findall(fold(text)))


@lru_cache(maxsize=1)
def default_public_figures() -> tuple[str, ...]:
    raw = resources.files("parlons.privacy.scrubber.data").joinpath("public_figures_fr.txt")
    lines = raw.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class Allowlist:
    """Names a territory publishes on purpose (its mayor, elected officials, organisations).

    A person span is kept when it is one of these names or its end ("Hidalgo",
    "Anne Hidalgo" for "Anne Hidalgo"); any other span when it is exactly an
    entry (the town hall's phone number or address).
    """

    def __init__(self, entries: Iterable[str], lexicon: Lexicon | None = None):
        self.exact: set[str] = set()
        self.person_endings: set[str] = set()
        self.digits: set[str] = set()
        for entry in entries:
            normalised = _normalise(entry)
            if not normalised:
                continue
            self.exact.add(normalised)
            words = normalised.split()
            for first in range(len(words) - 1):
                self.person_endings.add(" ".join(words[first:]))
            # "Hidalgo" alone is the mayor; "Michel" alone is not Louise Michel.
            if lexicon is None or words[-1] not in lexicon.first_names or len(words) == 1:
                self.person_endings.add(words[-1])
            digits = "".join(DIGIT.findall(entry))
            if len(digits) >= 6:
                self.digits.add(digits)

    def __bool__(self) -> bool:
        return bool(self.exact)

    def keeps(self, text: str, label: str) -> bool:
        normalised = _normalise(text)
        if label == "person":
            return normalised in self.person_endings
        if normalised in self.exact:
            return True
        return label == "phone" and "".join(DIGIT.findall(text)) in self.digits


class Scrubber:
    """Finds and masks personal data in French free text.

    >>> Scrubber().scrub("Appelez M. Le Goff au 06 12 34 56 78").text
    'Appelez M. [nom] au [téléphone]'
    """

    def __init__(
        self,
        allowlist: Iterable[str] = (),
        language: str = "fr",
        labels: Iterable[str] = LABELS,
        public_figures: bool = True,
    ):
        if language not in PLACEHOLDERS:
            raise ValueError(f"language must be one of {sorted(PLACEHOLDERS)}, not {language!r}")
        self.labels = frozenset(labels)
        unknown = self.labels - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels: {sorted(unknown)}")
        self.language = language
        self.placeholders = PLACEHOLDERS[language]
        entries = list(allowlist)
        if public_figures:
            entries.extend(default_public_figures())
        self.lexicon = load_lexicon()
        self.allowlist = Allowlist(entries, self.lexicon)

    def _candidates(self, text: str) -> list[Candidate]:
        wanted = self.labels
        found: list[Candidate] = []
        if "email" in wanted:
            found.extend(contacts.find_emails(text))
        if DIGIT.search(text) is not None:
            if "phone" in wanted:
                found.extend(contacts.find_phones(text))
            if "ip" in wanted:
                found.extend(contacts.find_ips(text))
            if "iban" in wanted:
                found.extend(numbers.find_ibans(text))
            if "nir" in wanted:
                found.extend(numbers.find_nirs(text))
            if "plate" in wanted:
                found.extend(numbers.find_plates(text))
            if "identifier" in wanted:
                found.extend(numbers.find_cards(text))
            if "birthdate" in wanted:
                found.extend(numbers.find_birthdates(text))
        elif "ip" in wanted and "::" in text:
            found.extend(contacts.find_ips(text))
        if "identifier" in wanted:
            found.extend(numbers.find_identifiers(text, self.lexicon))
        if "address" in wanted:
            found.extend(addresses.find_addresses(text))
        if "person" in wanted:
            found.extend(persons.find_persons(text, self.lexicon))
        return found

    def find(self, text: str) -> list[Span]:
        """What would be masked in `text`, without masking it."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if not text:
            return []
        spans = resolve(self._candidates(text), text)
        if self.allowlist:
            spans = [s for s in spans if not self.allowlist.keeps(text[s.start : s.end], s.label)]
        return spans

    def scrub(self, text: str) -> ScrubResult:
        spans = self.find(text)
        return ScrubResult(mask(text, spans, self.placeholders), tuple(spans))

    def scrub_many(self, texts: Iterable[str]) -> list[ScrubResult]:
        """Scrub a batch; the same as calling `scrub` on each, in order."""
        scrub = self.scrub
        return [scrub(text) for text in texts]


@lru_cache(maxsize=4)
def _default_scrubber(language: str) -> Scrubber:
    return Scrubber(language=language)


def scrub(text: str, language: str = "fr") -> ScrubResult:
    """Scrub one text with the default settings (no territory allowlist)."""
    return _default_scrubber(language).scrub(text)
