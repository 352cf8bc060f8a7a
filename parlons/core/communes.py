"""Read the territory's list of communes (CSV) and check every row before anything is written.

Town staff get this list from a spreadsheet, or from INSEE's official code
(the COG communes file, columns COM and LIBELLE): UTF-8 with or without a
byte order mark, `;` (French spreadsheets) or `,` between columns. Every
problem is reported with its line, its column and a reason in French; a file
with any bad row gives nothing to import.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from parlons.core.validators import control_character_message, first_control_character

# A whole country's COG file has about 35,000 communes: room for it, bounded memory.
MAX_ROWS = 50_000
NAME_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 80

# Column -> the headings accepted for it, compared in lower case without accents or spaces
# ("Code INSEE", "code_insee" and "CODE-INSEE" are the same); "com" and "libelle" are the COG's.
COLUMNS = {
    "nom": ("nom", "name", "libelle", "commune", "nom_commune"),
    "code_insee": ("code_insee", "insee", "com", "code_commune"),
    "code_postal": ("code_postal", "cp", "postcode"),
}
REQUIRED = ("nom", "code_insee")
# In the COG, communes déléguées and associées repeat a part of a commune: only communes
# (COM) and the districts of Paris, Lyon and Marseille (ARM) are places of their own.
COG_KIND_COLUMN = "typecom"
COG_KEPT_KINDS = {"COM", "ARM"}

# Five digits, or Corsica's 2A/2B followed by three digits.
INSEE_CODE = re.compile(r"(?:\d{2}|2[AB])\d{3}")
POSTCODE = re.compile(r"\d{5}")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class CommuneRow:
    line: int
    name: str
    insee_code: str
    postcode: str = ""


class CommuneListRejected(Exception):
    """The list has problems; nothing may be imported. `errors` lists each one."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda error: (error.line, error.column))
        super().__init__(f"{len(self.errors)} problem(s) in the communes list")


def _heading_key(heading: str) -> str:
    plain = slugify(heading.replace("\ufeff", "").lstrip("#"))
    return plain.replace("-", "_")


def insee_code_problem(code: str) -> str | None:
    """Why `code` is not an INSEE commune code, in French; None when it is one."""
    if INSEE_CODE.fullmatch(code):
        return None
    if re.fullmatch(r"\d{4}", code):
        return _(
            "le code INSEE « %(code)s » n'a que 4 chiffres : le tableur a sans doute retiré "
            "le zéro du début (écrivez 0%(code)s, dans une colonne au format texte)."
        ) % {"code": code}
    return _(
        "« %(code)s » n'est pas un code INSEE : 5 chiffres (29019), ou 2A ou 2B suivis de "
        "3 chiffres pour la Corse (2A004)."
    ) % {"code": code}


def postcode_problem(code: str) -> str | None:
    """Why `code` is not a French postcode, in French; None when it is one."""
    if POSTCODE.fullmatch(code):
        return None
    if re.fullmatch(r"\d{4}", code):
        return _(
            "le code postal « %(code)s » n'a que 4 chiffres : le tableur a sans doute retiré "
            "le zéro du début (écrivez 0%(code)s, dans une colonne au format texte)."
        ) % {"code": code}
    return _("« %(code)s » n'est pas un code postal : 5 chiffres (29200).") % {"code": code}


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a commune, in French; None when it can."""
    if not name:
        return _("le nom de la commune est vide.")
    if first_control_character(name) is not None:
        return control_character_message(name)
    if len(name) > NAME_MAX_LENGTH:
        return _("le nom fait %(length)s caractères ; %(max)s au plus.") % {
            "length": len(name),
            "max": NAME_MAX_LENGTH,
        }
    if not slugify(name):
        return _("le nom « %(name)s » ne contient ni lettre ni chiffre.") % {"name": name}
    return None


def commune_slugs(communes: list[CommuneRow]) -> list[str]:
    """One address part per commune, unique in the list (namesakes get their INSEE code)."""
    bases = [slugify(commune.name)[:SLUG_MAX_LENGTH] for commune in communes]
    counts = Counter(bases)
    slugs = []
    for base, commune in zip(bases, communes, strict=True):
        if counts[base] > 1 and commune.insee_code:
            suffix = "-" + commune.insee_code.lower()
            base = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        slugs.append(base)
    return slugs


def check_communes(communes: list[CommuneRow]) -> list[RowError]:
    """What is wrong across rows: the same INSEE code twice, or the same commune twice.

    Namesakes are different communes only when both have their own INSEE code
    (Saint-Martin-de-Ré and the many other Saint-Martin).
    """
    errors: list[RowError] = []
    first_of_code: dict[str, CommuneRow] = {}
    seen_names: dict[str, list[CommuneRow]] = {}
    for commune in communes:
        if commune.insee_code:
            first = first_of_code.setdefault(commune.insee_code, commune)
            if first is not commune:
                errors.append(
                    RowError(
                        commune.line,
                        "code_insee",
                        _("le code INSEE %(code)s est déjà celui de %(first)s.")
                        % {"code": commune.insee_code, "first": _first_label(first)},
                    )
                )
                continue
        namesakes = seen_names.setdefault(slugify(commune.name)[:SLUG_MAX_LENGTH], [])
        same = [other for other in namesakes if not (other.insee_code and commune.insee_code)]
        if same:
            errors.append(
                RowError(
                    commune.line,
                    "nom",
                    _("« %(name)s » : cette commune est déjà là, %(first)s.")
                    % {"name": commune.name, "first": _first_label(same[0])},
                )
            )
            continue
        namesakes.append(commune)
    return errors


def _first_label(commune: CommuneRow) -> str:
    if commune.line:
        return _("« %(name)s » (ligne %(line)s)") % {"name": commune.name, "line": commune.line}
    return f"« {commune.name} »"


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise CommuneListRejected(
            [
                RowError(
                    line,
                    "—",
                    _(
                        "le fichier n'est pas en UTF-8. Dans votre tableur, enregistrez-le "
                        "au format « CSV UTF-8 » puis recommencez."
                    ),
                )
            ]
        ) from None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=header.count)


def _read_header(header: list[str]) -> tuple[dict[str, int], int | None, list[RowError]]:
    """Where each column is, where the COG's commune kind is, and what is wrong."""
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    positions: dict[str, int] = {}
    kind_position = None
    errors: list[RowError] = []
    for index, heading in enumerate(header):
        key = _heading_key(heading)
        if key == COG_KIND_COLUMN:
            kind_position = index
        column = aliases.get(key)
        if column is None:
            # Official files carry many more columns (region, department...): not ours to read.
            continue
        if column in positions:
            errors.append(
                RowError(
                    1,
                    heading.strip(),
                    _("deux colonnes donnent « %(column)s » : gardez-en une seule.")
                    % {"column": column},
                )
            )
        else:
            positions[column] = index
    for column in REQUIRED:
        if column not in positions:
            errors.append(
                RowError(
                    1,
                    column,
                    _(
                        "colonne obligatoire absente de l'en-tête (en-têtes acceptés : "
                        "%(headings)s)."
                    )
                    % {"headings": ", ".join(COLUMNS[column])},
                )
            )
    return positions, kind_position, errors


def read_communes(content: bytes) -> tuple[list[CommuneRow], int]:
    """The communes of a CSV file, and how many COG rows were left aside (communes déléguées).

    Raises CommuneListRejected with every problem found, each with its line and column.
    """
    text = _decode(content)
    if not text.strip():
        raise CommuneListRejected([RowError(1, "—", _("le fichier est vide."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise CommuneListRejected([RowError(1, "—", str(error))]) from None
    positions, kind_position, errors = _read_header(header)
    if errors:
        raise CommuneListRejected(errors)
    communes: list[CommuneRow] = []
    left_aside = 0
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(communes) >= MAX_ROWS:
                errors.append(
                    RowError(
                        line,
                        "—",
                        _("plus de %(max)s communes : découpez le fichier.") % {"max": MAX_ROWS},
                    )
                )
                break
            has_kind = kind_position is not None and kind_position < len(values)
            kind = values[kind_position] if has_kind else "COM"
            if kind.strip().upper() not in COG_KEPT_KINDS:
                left_aside += 1
                continue
            row, row_errors = _read_row(line, values, positions)
            errors.extend(row_errors)
            if row is not None:
                communes.append(row)
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "—", str(error)))
    if not errors and not communes:
        errors.append(RowError(1, "—", _("le fichier ne contient aucune commune.")))
    errors.extend(check_communes(communes))
    if errors:
        raise CommuneListRejected(errors)
    return communes, left_aside


def _read_row(
    line: int, values: list[str], positions: dict[str, int]
) -> tuple[CommuneRow | None, list[RowError]]:
    def value(column: str) -> str:
        index = positions.get(column)
        return values[index].strip() if index is not None and index < len(values) else ""

    errors = []
    name = value("nom")
    if problem := name_problem(name):
        errors.append(RowError(line, "nom", problem))
    code = value("code_insee").upper()
    if not code:
        errors.append(RowError(line, "code_insee", _("le code INSEE est vide.")))
    elif problem := insee_code_problem(code):
        errors.append(RowError(line, "code_insee", problem))
    postcode = value("code_postal")
    if postcode and (problem := postcode_problem(postcode)):
        errors.append(RowError(line, "code_postal", problem))
    if errors:
        return None, errors
    return CommuneRow(line=line, name=name, insee_code=code, postcode=postcode), []
