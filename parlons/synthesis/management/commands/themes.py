"""`parlons themes FILE.csv --text-column COL`: themes and near-duplicates of a CSV."""

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parlons.core.validators import control_character_message, first_control_character
from parlons.synthesis.engine.theme_matching import PreviousTheme, apply_matching
from parlons.synthesis.engine.theme_report import themes_as_french_text, themes_as_json
from parlons.synthesis.engine.themes import ThemeParameters, find_themes


def _allow_large_fields() -> None:
    """A contribution can be a whole letter: lift the csv module's 128 kB field limit."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def _guess_separator(header: str) -> str:
    counts = {separator: header.count(separator) for separator in (";", ",", "\t")}
    return max(counts, key=lambda separator: counts[separator]) if any(counts.values()) else ","


class CsvInputError(Exception):
    pass


def _first_line_not_utf8(path: Path) -> int:
    """The text is decoded by blocks: find the exact line again, reading bytes."""
    with path.open("rb") as stream:
        for number, raw_line in enumerate(stream, start=1):
            try:
                raw_line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def read_records(
    path: Path,
    text_column: str,
    id_column: str | None,
    separator: str | None,
    filters: dict[str, str] | None = None,
) -> Iterator[tuple[object, str]]:
    """(id, text) for each row, streamed; errors name the line of the file.

    `filters` keeps only the rows whose columns hold the given values (case and
    surrounding spaces ignored): places and other metadata filter, they are not
    themes.
    """
    filters = filters or {}
    _allow_large_fields()
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            header_line = stream.readline()
            if not header_line.strip():
                raise CsvInputError("ligne 1 : le fichier est vide, il faut une ligne d'en-tête.")
            separator = separator or _guess_separator(header_line)
            stream.seek(0)
            reader = csv.reader(stream, delimiter=separator, strict=True)
            header = [name.strip() for name in next(reader)]
            wanted = [(text_column, "texte"), (id_column, "identifiant")]
            wanted += [(name, "filtre") for name in filters]
            for name, role in wanted:
                if name is not None and name not in header:
                    raise CsvInputError(
                        f"ligne 1 : pas de colonne « {name} » ({role}) dans l'en-tête ; "
                        f"colonnes présentes : {', '.join(header)}"
                    )
            text_index = header.index(text_column)
            id_index = header.index(id_column) if id_column is not None else None
            kept_values = [
                (header.index(name), value.strip().casefold()) for name, value in filters.items()
            ]
            needed = max([text_index, id_index or 0, *(index for index, _ in kept_values)])
            seen_ids: set = set()
            row_number = 0
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                row_number += 1
                if len(row) <= needed:
                    raise CsvInputError(
                        f"ligne {line} : {len(row)} champs seulement, la colonne attendue manque "
                        f"(séparateur « {separator} »)"
                    )
                if any(row[index].strip().casefold() != value for index, value in kept_values):
                    continue
                for index in (text_index, id_index):
                    if index is not None and first_control_character(row[index]) is not None:
                        raise CsvInputError(
                            f"ligne {line}, colonne « {header[index]} » : "
                            f"{control_character_message(row[index])}"
                        )
                record_id: object = row_number
                if id_index is not None:
                    record_id = row[id_index].strip()
                    if not record_id:
                        raise CsvInputError(f"ligne {line} : identifiant vide")
                    if record_id in seen_ids:
                        raise CsvInputError(f"ligne {line} : identifiant « {record_id} » en double")
                    seen_ids.add(record_id)
                yield record_id, row[text_index]
    except UnicodeDecodeError as error:
        raise CsvInputError(
            f"ligne {_first_line_not_utf8(path)} : le fichier n'est pas en UTF-8 ({error.reason})"
        ) from error
    except csv.Error as error:
        raise CsvInputError(f"ligne {line + 1} : CSV illisible ({error})") from error
    except OSError as error:
        raise CsvInputError(f"impossible de lire {path} : {error.strerror}") from error


class Command(BaseCommand):
    help = (
        "Regroupe les textes d'un fichier CSV en thèmes (mots-clés, textes représentatifs, "
        "taille, membres) et repère les textes identiques ou presque. La machine propose, "
        "l'équipe décide : chaque résultat indique sa méthode, ses réglages et l'empreinte "
        "des données."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FICHIER.csv", help="fichier CSV (UTF-8, séparateur ; ou , deviné)"
        )
        parser.add_argument(
            "--text-column", required=True, metavar="COLONNE", help="colonne qui contient le texte"
        )
        parser.add_argument(
            "--id-column",
            metavar="COLONNE",
            help="colonne des identifiants (sinon : numéro de la ligne de données)",
        )
        parser.add_argument(
            "--themes",
            default="auto",
            metavar="NOMBRE",
            help="nombre de thèmes, ou « auto » (là où la modularité du graphe des voisins "
            "cesse de croître, entre 2 et 20)",
        )
        parser.add_argument(
            "--sentence-embeddings",
            choices=["auto", "on", "off"],
            default="auto",
            help="mêler aux mots le sens des phrases (modèle livré avec la plateforme, "
            "rien n'est téléchargé) ; « auto » : oui, sur un échantillon d'un quart des "
            "textes distincts, entre 2 000 et 5 000 (tous s'il y en a moins de 2 000)",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="COLONNE=VALEUR",
            help="ne garder que les lignes où la colonne vaut cette valeur (répétable), "
            "par exemple --filter commune=Rennes",
        )
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default="json",
            help="json : pour les programmes (par défaut) ; text : résumé lisible en français",
        )
        parser.add_argument(
            "--separator",
            metavar="SÉPARATEUR",
            help="séparateur du CSV, si on ne veut pas le deviner",
        )
        parser.add_argument(
            "--previous",
            metavar="THEMES.json",
            help="JSON des thèmes validés lors d'une analyse précédente (même format, "
            "avec éventuellement un « label ») : les thèmes retrouvés gardent leur numéro",
        )

    def handle(self, *args, **options):
        theme_count = self._theme_count(options["themes"])
        previous = self._previous_themes(options["previous"])
        path = Path(options["file"])
        records = read_records(
            path,
            options["text_column"],
            options["id_column"],
            options["separator"],
            self._filters(options["filter"]),
        )
        progress = None
        if options["verbosity"] >= 2:

            def progress(message: str) -> None:
                self.stderr.write(message)

        try:
            parameters = ThemeParameters(
                n_themes=theme_count, sentence_embeddings=options["sentence_embeddings"]
            )
            result = find_themes(records, parameters, progress)
        except CsvInputError as error:
            raise CommandError(str(error), returncode=1) from error
        if previous is not None:
            apply_matching(result, previous)
        if options["format"] == "json":
            json.dump(themes_as_json(result), self.stdout, ensure_ascii=False)
            self.stdout.write("")
        else:
            self.stdout.write(themes_as_french_text(result), ending="")

    def _filters(self, values: list[str]) -> dict[str, str]:
        filters = {}
        for value in values:
            column, equals, wanted = value.partition("=")
            if not equals or not column.strip():
                raise CommandError(f"--filter attend COLONNE=VALEUR, pas « {value} »", returncode=1)
            filters[column.strip()] = wanted
        return filters

    def _theme_count(self, value: str) -> int | None:
        if value == "auto":
            return None
        if value.isascii() and value.isdigit() and int(value) >= 1:
            return int(value)
        raise CommandError(
            f"--themes attend « auto » ou un nombre entier positif, pas « {value} »", returncode=1
        )

    def _previous_themes(self, value: str | None) -> list[PreviousTheme] | None:
        if value is None:
            return None
        try:
            document = json.loads(Path(value).read_text(encoding="utf-8"))
            return [PreviousTheme.from_dict(theme) for theme in document["themes"]]
        except OSError as error:
            raise CommandError(
                f"impossible de lire {value} : {error.strerror}", returncode=1
            ) from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{value}, ligne {error.lineno} : JSON illisible ({error.msg})", returncode=1
            ) from error
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(
                f'{value} : il faut un objet {{"themes": [{{"id", "keywords", '
                f'"members"}}]}} ({error})',
                returncode=1,
            ) from error
