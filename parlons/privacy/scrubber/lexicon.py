"""Name lists and ordinary words, loaded once from the files shipped in `data/`.

See `data/SOURCES.md` for where they come from and under which licence.
"""

import gzip
import hashlib
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if base != char and base:
            table[code] = base
    table.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"})
    table.update({ord("’"): "'", ord("ʼ"): "'"})
    return table


_FOLD = _build_fold_table()


def word_set(text: str) -> frozenset[str]:
    """Whitespace-separated words, as a set: keeps long word lists readable."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """Lower case without accents: the key of every list ("Hélène" -> "helene")."""
    return text.translate(_FOLD).lower()


class BloomFilter:
    """Set membership in a few hundred kilobytes, wrong "yes" about once in a thousand.

    Holds the ~230,000 French dictionary words that are not names; a frozenset of
    them would take about 20 MB in every web worker.
    """

    HEADER = struct.Struct("<II")

    def __init__(self, data: bytes):
        self.bits, self.hashes = self.HEADER.unpack_from(data)
        self.array = data[self.HEADER.size :]

    @staticmethod
    def positions(word: str, bits: int, hashes: int) -> list[int]:
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=16).digest()
        first, second = struct.unpack("<QQ", digest)
        return [(first + i * second) % bits for i in range(hashes)]

    def __contains__(self, word: str) -> bool:
        array = self.array
        return all(
            array[p >> 3] & (1 << (p & 7)) for p in self.positions(word, self.bits, self.hashes)
        )

    @classmethod
    def build(cls, words: list[str], false_positive_rate: float = 0.001) -> bytes:
        import math

        bits = max(64, int(-len(words) * math.log(false_positive_rate) / math.log(2) ** 2))
        hashes = max(1, round(bits / max(1, len(words)) * math.log(2)))
        array = bytearray((bits + 7) // 8)
        for word in words:
            for p in cls.positions(word, bits, hashes):
                array[p >> 3] |= 1 << (p & 7)
        return cls.HEADER.pack(bits, hashes) + bytes(array)


@dataclass(frozen=True, slots=True)
class Lexicon:
    # folded first name -> frequency band, 1 (common) .. 4 (very rare)
    first_names: dict[str, int]
    # first names that are also ordinary French words ("rose", "pierre", "claire")
    first_name_words: frozenset[str]
    surnames: frozenset[str]
    # surnames that are also ordinary words ("blanc", "marchand", "petit")
    surname_words: frozenset[str]
    # words citizens mostly write in lower case
    common_words: frozenset[str]
    # written after "à", "en", "au" by citizens ("annecy", "alsace", "moselle")
    place_names: frozenset[str]
    # written in capitals by many citizens, and no listed name ("carsat", "urssaf")
    acronyms: frozenset[str]
    # any French dictionary word that is not a listed name ("napolitaine", "relisons")
    dictionary_words: BloomFilter


def _read_bytes(name: str) -> bytes:
    return resources.files("parlons.privacy.scrubber.data").joinpath(name).read_bytes()


def _read_lines(name: str) -> list[str]:
    return gzip.decompress(_read_bytes(name)).decode("utf-8").splitlines()


def _read_bands(name: str) -> tuple[dict[str, int], set[str]]:
    bands: dict[str, int] = {}
    words: set[str] = set()
    for line in _read_lines(name):
        key, _, flags = line.partition("\t")
        if not key or not flags:
            continue
        bands[key] = int(flags[0])
        if flags.endswith("w"):
            words.add(key)
    return bands, words


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    first_names, first_name_words = _read_bands("first_names.tsv.gz")
    surnames, surname_words = _read_bands("surnames.tsv.gz")
    return Lexicon(
        first_names=first_names,
        first_name_words=frozenset(first_name_words),
        surnames=frozenset(surnames),
        surname_words=frozenset(surname_words),
        common_words=frozenset(line for line in _read_lines("common_words.txt.gz") if line),
        acronyms=frozenset(line for line in _read_lines("acronyms.txt.gz") if line),
        place_names=frozenset(line for line in _read_lines("place_names.txt.gz") if line),
        dictionary_words=BloomFilter(_read_bytes("dictionary_words.bloom")),
    )
