"""`parlons scrub`: masks personal data in JSON lines read on standard input."""

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parlons.core.validators import control_character_message, first_control_character
from parlons.privacy.scrubber import LABELS, LANGUAGES, Scrubber

BATCH_SIZE = 500


def read_allowlist(path: Path) -> list[str]:
    """One public name per line; blank lines and lines starting with # are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Liste d'exceptions illisible ({path}) : {error}") from error
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def numbered_lines(stream) -> Iterator[tuple[int, str | None]]:
    """(line number, text), or (line number, None) when the line is not valid UTF-8."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
        yield number, raw


def parse_record(line: str) -> tuple[object, str]:
    """(id, text) of one input line; ValueError with a plain French reason otherwise."""
    try:
        record = json.loads(line, parse_constant=_refuse_constant)
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
        if isinstance(value, str) and first_control_character(value) is not None:
            raise ValueError(f'champ "{name}" : {control_character_message(value)}')
    return record["id"], record["text"]


def _refuse_constant(name: str):
    raise ValueError(f"{name} n'est pas un nombre JSON")


class Command(BaseCommand):
    help = (
        "Masque les données personnelles (noms, courriels, téléphones, adresses, IBAN, NIR, "
        "plaques, adresses IP, dates de naissance, identifiants) de textes lus sur l'entrée "
        'standard, une ligne JSON par texte : {"id": ..., "text": ...}. Écrit sur la sortie '
        'standard {"id": ..., "text": <texte masqué>, "spans": [{"start", "end", "label"}]}, '
        "avec les positions dans le texte d'origine. Les lignes invalides sont signalées "
        "(avec leur numéro) sur la sortie d'erreur et ignorées ; les suivantes sont traitées, "
        "et la commande se termine alors avec le code 1."
    )
    stealth_options = ("stdin",)
    # A text pipeline touches no database: no system checks to pay for on each run.
    requires_system_checks = []

    def add_arguments(self, parser):
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
            help="langue des étiquettes dans le texte masqué : fr ([nom]) ou en ([name])",
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

    def handle(self, *args, **options):
        labels = LABELS
        if options.get("labels"):
            labels = tuple(label.strip() for label in options["labels"].split(",") if label)
            unknown = sorted(set(labels) - set(LABELS))
            if unknown:
                raise CommandError(
                    f"Catégories inconnues : {', '.join(unknown)} (possibles : {', '.join(LABELS)})"
                )
        allowlist = read_allowlist(options["allowlist"]) if options.get("allowlist") else []
        scrubber = Scrubber(
            allowlist=allowlist,
            language=options["language"],
            labels=labels,
            public_figures=not options["no_public_figures"],
        )
        stream = options.get("stdin") or sys.stdin.buffer
        written = skipped = 0
        batch: list[tuple[object, str]] = []
        for number, line in numbered_lines(stream):
            if line is None:
                self.stderr.write(f"ligne {number} : texte qui n'est pas en UTF-8 ; ignorée")
                skipped += 1
                continue
            if not line.strip():
                continue
            try:
                batch.append(parse_record(line))
            except ValueError as error:
                self.stderr.write(f"ligne {number} : {error} ; ignorée")
                skipped += 1
                continue
            if len(batch) >= BATCH_SIZE:
                written += self.write_batch(scrubber, batch)
                batch = []
        written += self.write_batch(scrubber, batch)
        if options["verbosity"] >= 1:
            self.stderr.write(f"{written} texte(s) traité(s), {skipped} ligne(s) ignorée(s).")
        if skipped:
            # Refused input is said by the exit status too, for scripts and pipelines.
            sys.exit(1)

    def write_batch(self, scrubber: Scrubber, batch: list[tuple[object, str]]) -> int:
        results = scrubber.scrub_many([text for _, text in batch])
        for (record_id, _), result in zip(batch, results, strict=True):
            output = {"id": record_id, **result.to_dict()}
            self.stdout.write(json.dumps(output, ensure_ascii=False))
        return len(batch)
