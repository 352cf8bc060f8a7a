"""Places of digital mediation in and out of the national standard's CSV (parlons.initiatives.standard).

Reading reports every invalid cell with its line, column and reason, through the
report every CSV import shares (parlons.core.csv_import). Each valid row becomes
an initiative of the category « Médiation numérique » with a MediationPlace that
keeps the standard's other columns; the standard's `id` is the key, so a second
import of the same file updates the places instead of adding twins.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from parlons.core.csv_import import ImportRejected, RowError, decode, delimiter, normalise
from parlons.initiatives.models import SUMMARY_MAX_LENGTH, Initiative, MediationPlace
from parlons.initiatives.standard import COLUMNS, NAMES, Column

MAX_ROWS = 20_000
SUMMARY_STANDARD_MAX = 280
# The standard's `typologie` codes of public bodies and of companies (data.inclusion's list).
PUBLIC_CODES = {
    "COMMUNE", "CCAS", "CIAS", "MAIRIE", "EPCI", "DEPT", "BIB", "CAF", "CC", "CD",
    "FRANCE_SERVICE", "MDS", "MSA", "PE", "POLE_EMPLOI", "CPAM", "REG", "ML", "PIMMS",
}  # fmt: skip
COMPANY_CODES = {"ENTREPRISE", "SCOP", "SCIC", "SA", "SAS", "SARL", "EI", "PRIVE"}


@dataclass
class PlaceRow:
    line: int
    values: dict[str, str]


@dataclass
class ReadPlaces:
    rows: list[PlaceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def cell_error(column: Column, value: str) -> str:
    """Why `value` does not fit the standard's column, in French, or ""."""
    if not value:
        return _("cette colonne est obligatoire dans le standard.") if column.required else ""
    if column.type == "number":
        try:
            float(value)
        except ValueError:
            return _("« %(value)s » n'est pas un nombre (écrivez 47.2184, avec un point).") % {
                "value": value
            }
    if column.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("« %(value)s » n'est pas une date au format AAAA-MM-JJ.") % {"value": value}
    if column.pattern and not re.fullmatch(column.pattern, value):
        return _("« %(value)s » ne suit pas le format du standard pour cette colonne.") % {
            "value": value[:80]
        }
    if column.max_length and len(value) > column.max_length:
        return _("%(length)s caractères : le standard en permet %(max)s au plus.") % {
            "length": len(value),
            "max": column.max_length,
        }
    return ""


def read_places(content: bytes) -> ReadPlaces:
    """Every row of the file with every problem found; nothing is written here."""
    text = decode(content)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    found = ReadPlaces()
    missing = [column.name for column in COLUMNS if column.required and column.name not in header]
    for name in missing:
        found.errors.append(RowError(1, name, _("colonne obligatoire absente de l'en-tête.")))
    if missing:
        raise ImportRejected(found.errors)
    seen: dict[str, int] = {}
    by_name = {column.name: column for column in COLUMNS}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if line - 1 > MAX_ROWS:
            found.errors.append(
                RowError(
                    line, "—", _("plus de %(max)s lieux : découpez le fichier.") % {"max": MAX_ROWS}
                )
            )
            break
        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for index, name in enumerate(header)
            if name in by_name
        }
        row_errors = [
            RowError(line, name, reason)
            for name, column in by_name.items()
            if (reason := cell_error(column, values.get(name, "")))
        ]
        identifier = values.get("id", "")
        if identifier and identifier in seen:
            row_errors.append(
                RowError(
                    line,
                    "id",
                    _("l'identifiant « %(id)s » est déjà celui de la ligne %(line)s.")
                    % {"id": identifier, "line": seen[identifier]},
                )
            )
        seen.setdefault(identifier, line)
        for name in ("latitude", "longitude"):
            if values.get(name) and not any(e.column == name for e in row_errors):
                limit = 90 if name == "latitude" else 180
                if not -limit <= float(values[name]) <= limit:
                    row_errors.append(
                        RowError(line, name, _("hors des bornes (%(limit)s).") % {"limit": limit})
                    )
        if bool(values.get("latitude")) != bool(values.get("longitude")):
            row_errors.append(
                RowError(line, "longitude", _("donnez la latitude et la longitude, ou aucune."))
            )
        if row_errors:
            found.errors.extend(row_errors)
        else:
            found.rows.append(PlaceRow(line, values))
    return found


def organisation_kind(typology: str) -> str:
    codes = {code.strip().upper() for code in typology.split("|") if code.strip()}
    if codes & PUBLIC_CODES:
        return Initiative.OrganisationKind.PUBLIC
    if codes & COMPANY_CODES:
        return Initiative.OrganisationKind.COMPANY
    return Initiative.OrganisationKind.ASSOCIATION


def _coordinate(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None


def initiative_fields(values: dict[str, str], communes: dict) -> dict:
    """The initiative's own fields from one row of the standard."""
    commune = communes.get(values.get("code_insee", "")) or communes.get(
        normalise(values.get("commune", ""))
    )
    summary = values.get("presentation_resume") or values.get("presentation_detail", "")
    if not summary:
        summary = _("Lieu de médiation numérique à %(commune)s.") % {"commune": values["commune"]}
    emails = [part.strip() for part in values.get("courriels", "").split("|") if part.strip()]
    email = ""
    for candidate in emails:
        try:
            validate_email(candidate)
            email = candidate
            break
        except ValidationError:
            continue
    links = [part.strip() for part in values.get("site_web", "").split("|") if part.strip()]
    return {
        "title": values["nom"][:200],
        "summary": summary[:SUMMARY_MAX_LENGTH],
        "description": values.get("presentation_detail", ""),
        "organisation": values["nom"][:200],
        "organisation_kind": organisation_kind(values.get("typologie", "")),
        "commune": commune,
        "status": Initiative.Status.IN_SERVICE,
        "contact_email": email,
        "contact_phone": values.get("telephone", "")[:30],
        "links": "\n".join(link for link in links if link.startswith(("http://", "https://"))),
        "latitude": _coordinate(values.get("latitude", "")),
        "longitude": _coordinate(values.get("longitude", "")),
    }


# Export.


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def standard_row(place: MediationPlace) -> dict[str, str]:
    """A place as a row of the standard: its kept columns, updated from the initiative."""
    initiative = place.initiative
    row = {name: str(place.columns.get(name, "") or "") for name in NAMES}
    row["id"] = place.standard_id
    row["nom"] = initiative.title
    if initiative.commune_id:
        row["commune"] = initiative.commune.name
        row["code_insee"] = initiative.commune.insee_code or row["code_insee"]
    row["latitude"] = "" if initiative.latitude is None else str(initiative.latitude)
    row["longitude"] = "" if initiative.longitude is None else str(initiative.longitude)
    row["presentation_resume"] = _shorten(initiative.summary, SUMMARY_STANDARD_MAX)
    row["presentation_detail"] = initiative.description
    row["site_web"] = "|".join(initiative.link_list)
    kept = [part for part in row["courriels"].split("|") if part]
    if initiative.contact_email and initiative.contact_email not in kept:
        row["courriels"] = "|".join([initiative.contact_email, *kept])
    row["date_maj"] = initiative.updated_at.date().isoformat()
    # A value edited in Parlons that the standard refuses is left out, never exported broken.
    for column in COLUMNS:
        if not column.required and cell_error(column, row[column.name]):
            row[column.name] = ""
    return row


def places_csv(places: Iterable[MediationPlace]) -> Iterator[str]:
    """The CSV of the standard, line by line: UTF-8, `,`, a header of the standard's names."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(NAMES), lineterminator="\n")
    writer.writeheader()
    yield buffer.getvalue()
    for place in places:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(standard_row(place))
        yield buffer.getvalue()
