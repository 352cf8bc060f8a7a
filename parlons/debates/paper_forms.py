"""Read a CSV file of paper forms and check every row before anything is written.

The file comes from a spreadsheet typed by staff after a meeting: UTF-8 with
or without a byte order mark, `;` (French spreadsheets) or `,` between
columns. Every problem is reported with its line, its column and a reason in
French, so the person can fix the file and try again; a file with any bad row
imports nothing.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from parlons.core.csv_import import ImportRejected, RowError, decode, delimiter, normalise
from parlons.core.validators import (
    control_character_message,
    date_in_range,
    date_range_message,
    first_control_character,
)
from parlons.debates.models import BODY_MAX_LENGTH, LABEL_MAX_LENGTH

MAX_ROWS = 5000

# Column -> the headings accepted for it (compared without accents or case).
COLUMNS = {
    "texte": ("texte", "contribution", "text"),
    "theme": ("theme", "thematique"),
    "commune": ("commune", "lieu", "ville"),
    "reunion": ("reunion", "rencontre"),
    "date": ("date",),
    "consentement": ("consentement", "accord"),
    "signature": ("signature", "libelle"),
}
REQUIRED = ("texte", "consentement")
YES = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
NO = {"non", "n", "no", "0", "faux", "false"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass
class PaperRow:
    line: int
    body: str
    theme: object = None
    place: object = None
    occasion: object = None
    written_at: datetime | None = None
    display_label: str = ""


# The problems of a file, reported by line and column (shared with every CSV import).
PaperImportRejected = ImportRejected


def _read_header(header: list[str]) -> tuple[dict[int, str], list[RowError]]:
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    positions: dict[int, str] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for index, heading in enumerate(header):
        if first_control_character(heading) is not None:
            errors.append(RowError(1, str(index + 1), control_character_message(heading)))
            continue
        key = normalise(heading)
        if not key:
            continue
        column = aliases.get(key)
        if column is None:
            errors.append(
                RowError(
                    1,
                    heading.strip(),
                    _("colonne inconnue. Colonnes possibles : %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
            )
        elif column in seen:
            errors.append(RowError(1, heading.strip(), _("cette colonne apparaît deux fois.")))
        else:
            seen.add(column)
            positions[index] = column
    for column in REQUIRED:
        if column not in seen:
            errors.append(RowError(1, column, _("colonne obligatoire absente de l'en-tête.")))
    return positions, errors


class _Lookup:
    """Themes, communes and meetings (occasions) of the démarche, by name, slug or number."""

    def __init__(self, process):
        self.themes = {}
        for theme in process.themes.all():
            self.themes[normalise(theme.name)] = theme
            self.themes[normalise(theme.slug)] = theme
        self.theme_names = ", ".join(theme.name for theme in process.themes.all())
        self.communes = {}
        for commune in process.territory.communes.all():
            self.communes[normalise(commune.name)] = commune
            self.communes[normalise(commune.slug)] = commune
            if commune.insee_code:
                self.communes[commune.insee_code] = commune
        self.occasions = {}
        for occasion in process.occasions.all():
            self.occasions[str(occasion.pk)] = occasion
            self.occasions.setdefault(normalise(occasion.title), occasion)


def _parse_date(raw: str) -> datetime | None:
    for date_format in DATE_FORMATS:
        try:
            day = datetime.strptime(raw, date_format).date()
        except ValueError:
            continue
        # Noon, local time: a form is dated by day, and noon never crosses midnight in UTC.
        return timezone.make_aware(datetime.combine(day, time(12, 0)))
    return None


def _check_row(line: int, values: dict[str, str], lookup: _Lookup, now) -> tuple:
    errors: list[RowError] = []
    for column, value in values.items():
        if first_control_character(value) is not None:
            errors.append(RowError(line, column, control_character_message(value)))
            values = {**values, column: ""}
    row = PaperRow(line=line, body=values.get("texte", "").strip())
    if not row.body:
        errors.append(RowError(line, "texte", _("le texte de la contribution est vide.")))
    elif len(row.body) > BODY_MAX_LENGTH:
        errors.append(
            RowError(
                line,
                "texte",
                _("le texte fait %(length)s caractères ; %(max)s au plus.")
                % {"length": len(row.body), "max": BODY_MAX_LENGTH},
            )
        )
    if raw := values.get("theme", "").strip():
        row.theme = lookup.themes.get(normalise(raw))
        if row.theme is None:
            errors.append(
                RowError(
                    line,
                    "theme",
                    _("thème inconnu « %(value)s ». Thèmes de la démarche : %(themes)s.")
                    % {"value": raw, "themes": lookup.theme_names or "—"},
                )
            )
    if raw := values.get("commune", "").strip():
        row.place = lookup.communes.get(normalise(raw))
        if row.place is None:
            errors.append(
                RowError(
                    line,
                    "commune",
                    _("commune inconnue dans le territoire : « %(value)s ».") % {"value": raw},
                )
            )
    if raw := values.get("reunion", "").strip():
        row.occasion = lookup.occasions.get(raw) or lookup.occasions.get(normalise(raw))
        if row.occasion is None:
            errors.append(
                RowError(
                    line,
                    "reunion",
                    _(
                        "réunion inconnue dans cette démarche : « %(value)s ». "
                        "Indiquez son numéro ou son titre exact."
                    )
                    % {"value": raw},
                )
            )
    if raw := values.get("date", "").strip():
        row.written_at = _parse_date(raw)
        if row.written_at is None:
            errors.append(
                RowError(
                    line,
                    "date",
                    _("date illisible « %(value)s » : écrivez-la JJ/MM/AAAA.") % {"value": raw},
                )
            )
        elif row.written_at.date() > now.date():
            errors.append(RowError(line, "date", _("cette date est dans le futur.")))
        elif not date_in_range(row.written_at):
            errors.append(RowError(line, "date", date_range_message()))
    elif row.occasion is not None:
        row.written_at = row.occasion.starts_at
    consent = normalise(values.get("consentement", ""))
    if consent in NO:
        errors.append(
            RowError(
                line,
                "consentement",
                _(
                    "la personne n'a pas donné son accord : cette contribution ne peut pas "
                    "être publiée. Retirez la ligne du fichier."
                ),
            )
        )
    elif consent not in YES:
        errors.append(
            RowError(
                line,
                "consentement",
                _("écrivez « oui » si la personne a coché la case d'accord, « non » sinon."),
            )
        )
    row.display_label = values.get("signature", "").strip()
    if len(row.display_label) > LABEL_MAX_LENGTH:
        errors.append(
            RowError(
                line,
                "signature",
                _("la signature fait %(max)s caractères au plus.") % {"max": LABEL_MAX_LENGTH},
            )
        )
    # One problem per cell: a refused control character is what to fix first.
    errors = [e for i, e in enumerate(errors) if e.column not in {x.column for x in errors[:i]}]
    return row, errors


def read_paper_forms(content: bytes, process) -> list[PaperRow]:
    """Every row of the file, checked; raises PaperImportRejected listing all problems."""
    text = decode(content)
    if not text.strip():
        raise PaperImportRejected([RowError(1, "—", _("le fichier est vide."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise PaperImportRejected([RowError(1, "—", _("en-tête illisible : %s") % error)]) from None
    positions, errors = _read_header(header)
    if errors:
        raise PaperImportRejected(errors)
    lookup = _Lookup(process)
    now = timezone.now()
    rows: list[PaperRow] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, "—", _("ligne illisible : %s") % error))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(
                RowError(
                    line,
                    "—",
                    _("le fichier dépasse %(max)s lignes : coupez-le en plusieurs fichiers.")
                    % {"max": MAX_ROWS},
                )
            )
            break
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                RowError(
                    line,
                    "—",
                    _(
                        "cette ligne a %(cells)s colonnes alors que l'en-tête en a %(header)s. "
                        "Un point-virgule ou une virgule dans le texte ? Mettez le texte entre "
                        "guillemets."
                    )
                    % {"cells": len(cells), "header": len(header)},
                )
            )
            continue
        values = {column: cells[index] for index, column in positions.items() if index < len(cells)}
        row, row_errors = _check_row(line, values, lookup, now)
        errors.extend(row_errors)
        rows.append(row)
    if errors:
        raise PaperImportRejected(errors)
    if not rows:
        raise PaperImportRejected(
            [RowError(2, "—", _("le fichier ne contient aucune contribution sous l'en-tête."))]
        )
    return rows
