"""`parlons scrub`: JSON lines in, masked JSON lines out, without Django.

The management command (`parlons/privacy/management/commands/scrub.py`) and the
fast path of `parlons/cli.py` both run `scrub_lines`. The fast path exists because
the command needs no database: starting Django (settings, apps, models) costs
about a second on a small machine, as long as scrubbing 2,000 texts. It handles a
plain run and leaves to Django whatever only Django does (`--help`, `--settings`,
`--pythonpath`, `--traceback`, `--version`, colours on a terminal, a mistyped
option), so options, output and exit codes stay those of the command.
"""

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .labels import LABELS, LANGUAGES
from .scrubber import Scrubber

BATCH_SIZE = 500

HELP = (
    "Masque les données personnelles (noms, courriels, téléphones, adresses, IBAN, NIR, "
    "plaques, adresses IP, dates de naissance, identifiants) de textes lus sur l'entrée "
    'standard, une ligne JSON par texte : {"id": ..., "text": ...}. Écrit sur la sortie '
    'standard {"id": ..., "text": <texte masqué>, "spans": [{"start", "end", "label"}]}, '
    "avec les positions dans le texte d'origine. Les lignes invalides sont signalées "
    "(avec leur numéro) sur la sortie d'erreur et ignorées ; les suivantes sont traitées, "
    "et la commande se termine alors avec le code 1."
)

# The same characters as parlons.core.validators.CONTROL_CHARACTERS (a test holds
# them equal): C0 controls but tab, line feed and carriage return; DEL; C1 controls.
# The engine imports nothing from the apps, so the rule is written here again.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class InputError(ValueError):
    """Input the command refuses as a whole: an unknown label, an unreadable allowlist."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's own options, shared by Django's parser and the fast path's."""
    parser.add_argument(
        "--allowlist",
        type=Path,
        metavar="FICHIER",
        help="noms à ne jamais masquer (élus, organismes du territoire), un par ligne",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default="fr",
        help="langue des étiquettes dans le texte masqué : fr ([nom]) ou en ([name])",
    )
    parser.add_argument(
        "--labels",
        metavar="LISTE",
        help=f"ne masquer que ces catégories, séparées par des virgules ({', '.join(LABELS)})",
    )
    parser.add_argument(
        "--no-public-figures",
        action="store_true",
        help="masquer aussi les personnalités publiques nationales de la liste intégrée",
    )


def read_allowlist(path: Path) -> list[str]:
    """One public name per line; blank lines and lines starting with # are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"Liste d'exceptions illisible ({path}) : {error}") from error
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def parse_labels(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return LABELS
    labels = tuple(label.strip() for label in raw.split(",") if label)
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise InputError(
            f"Catégories inconnues : {', '.join(unknown)} (possibles : {', '.join(LABELS)})"
        )
    return labels


def scrubber_from_options(options: dict) -> Scrubber:
    labels = parse_labels(options.get("labels"))
    allowlist = read_allowlist(options["allowlist"]) if options.get("allowlist") else []
    return Scrubber(
        allowlist=allowlist,
        language=options["language"],
        labels=labels,
        public_figures=not options["no_public_figures"],
    )


def numbered_lines(stream: Iterable) -> Iterator[tuple[int, str | None]]:
    """(line number, text), or (line number, None) when the line is not valid UTF-8."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
        yield number, raw


def control_character_message(text: str) -> str:
    found = CONTROL_CHARACTERS.search(text)
    position = found.start() if found else 0
    return (
        f"caractère de contrôle invisible (U+{ord(text[position]) if found else 0:04X}) à la "
        f"position {position + 1} : retirez-le (il vient souvent d'un copier-coller) et "
        "réessayez."
    )


def parse_record(line: str) -> tuple[object, str]:
    """(id, text) of one input line; ValueError with a plain French reason otherwise."""
    try:
        record = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise ValueError(f"JSON invalide ({error.msg}, colonne {error.colno})") from error
    except RecursionError:
        raise ValueError("JSON trop imbriqué pour être lu") from None
    except ValueError as error:
        # A constant (NaN, Infinity) or an integer too long to convert.
        raise ValueError(f"JSON refusé ({error})") from None
    if not isinstance(record, dict):
        raise ValueError('un objet JSON {"id": ..., "text": ...} est attendu')
    if "id" not in record:
        raise ValueError('champ "id" manquant')
    if not isinstance(record.get("text"), str):
        raise ValueError('champ "text" manquant ou qui n\'est pas une chaîne de caractères')
    for name in ("id", "text"):
        value = record[name]
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None:
            raise ValueError(f'champ "{name}" : {control_character_message(value)}')
    return record["id"], record["text"]


def _refuse_constant(name: str):
    raise ValueError(f"{name} n'est pas un nombre JSON")


def _finite_float(text: str) -> float:
    """A decimal number, refused when too large for a float (1e999 would read as infinity,
    which no JSON line can be written back with)."""
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 20 else f"{text[:20]}…"
        raise ValueError(f"nombre trop grand pour être lu ({shown})")
    return value


def scrub_lines(
    scrubber: Scrubber,
    stream: Iterable,
    write: Callable[[str], object],
    report: Callable[[str], object],
) -> tuple[int, int]:
    """Scrub every line of `stream`; `write` gets each output line, `report` each refusal.

    Returns (texts written, lines refused).
    """
    written = skipped = 0
    batch: list[tuple[object, str]] = []
    for number, line in numbered_lines(stream):
        if line is None:
            report(f"ligne {number} : texte qui n'est pas en UTF-8 ; ignorée")
            skipped += 1
            continue
        if not line.strip():
            continue
        try:
            batch.append(parse_record(line))
        except ValueError as error:
            report(f"ligne {number} : {error} ; ignorée")
            skipped += 1
            continue
        if len(batch) >= BATCH_SIZE:
            written += _write_batch(scrubber, batch, write)
            batch = []
    written += _write_batch(scrubber, batch, write)
    return written, skipped


def _write_batch(
    scrubber: Scrubber, batch: list[tuple[object, str]], write: Callable[[str], object]
) -> int:
    results = scrubber.scrub_many([text for _, text in batch])
    for (record_id, _), result in zip(batch, results, strict=True):
        write(json.dumps({"id": record_id, **result.to_dict()}, ensure_ascii=False))
    return len(batch)


def summary(written: int, skipped: int) -> str:
    return f"{written} texte(s) traité(s), {skipped} ligne(s) ignorée(s)."


# ---- the fast path of `parlons scrub` ---------------------------------------------


class _NotForUs(Exception):
    """The fast path leaves this command line to Django."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _NotForUs(message)


def _fast_parser() -> _Parser:
    # Django's own options too, so that abbreviations ("--lang", "--no") are read,
    # or refused as ambiguous, exactly as Django's parser does.
    parser = _Parser(prog="parlons scrub", add_help=False, allow_abbrev=True)
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--version", action="store_true")
    parser.add_argument("-v", "--verbosity", default=1, type=int, choices=[0, 1, 2, 3])
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    parser.add_argument("--traceback", action="store_true")
    parser.add_argument("--no-color", action="store_true")
    parser.add_argument("--force-color", action="store_true")
    add_arguments(parser)
    return parser


def run_fast(argv: list[str]) -> int | None:
    """Run `parlons scrub` (argv: its options) without Django; None: let Django run it."""
    try:
        options = vars(_fast_parser().parse_args(argv))
    except _NotForUs:
        return None  # Django prints the same error, in its words
    django_only = ("help", "version", "settings", "pythonpath", "traceback", "force_color")
    if any(options[name] for name in django_only):
        return None
    # Django colours its error lines when standard output is a terminal.
    if sys.stdout.isatty() and not options["no_color"]:
        return None
    try:
        scrubber = scrubber_from_options(options)
    except InputError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        return 1
    out = sys.stdout
    written, skipped = scrub_lines(
        scrubber,
        sys.stdin.buffer,
        write=lambda line: out.write(line + "\n"),
        report=lambda message: sys.stderr.write(message + "\n"),
    )
    if options["verbosity"] >= 1:
        sys.stderr.write(summary(written, skipped) + "\n")
    out.flush()
    # Refused input is said by the exit status too, for scripts and pipelines.
    return 1 if skipped else 0
