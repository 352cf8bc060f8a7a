"""Open data declared by each app: its datasets, their Table Schema, and the rows they publish.

An app lists its datasets in a module `datasets.py`:

    DATASETS = [
        Dataset(
            "contributions", _("Contributions"), _("Ce que les habitants ont écrit…"),
            fields=(Field("id", "integer", _("Numéro de la contribution")), ...),
            rows=contribution_rows,      # rows(process) -> iterable of dicts, one per row
            primary_key=("id",),
        ),
    ]

The rows come from the app's public read layer only (its `queries.py`
public querysets, the masked `public_…` copies): the open-data app
(parlons.opendata) writes them as CSV and JSON, describes them in a
Frictionless data package and a DCAT-AP catalogue, and the documentation of
each column is this same declaration. Declaring here, on the lowest floor,
lets every app publish without importing the open-data app
(docs/decisions/0601-open-data-registry.md).

Authors appear as `pseudonymous_id(process, user)`: stable within one
démarche, different from one démarche to another, and impossible to turn
back into an account without the installation's secret key.
"""

import hashlib
import hmac
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import CharField, Func
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.public_url import absolute_url
from parlons.core.registry import provided

# The Table Schema types a declaration may use (https://specs.frictionlessdata.io/table-schema/).
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
PSEUDONYM_LENGTH = 16


@dataclass(frozen=True)
class Field:
    """One column: its name, Table Schema type, French title and description."""

    name: str
    type: str
    description: Any  # a lazy translation: what the column holds, in plain French
    title: Any = ""
    required: bool = False
    enum: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown Table Schema type {self.type!r}")

    def schema(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": str(self.title or self.name),
            "description": str(self.description),
        }
        if self.type == "datetime":
            described["format"] = "default"  # ISO 8601 in UTC: 2026-12-01T09:30:00Z
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


# The column every démarche's table starts with, declared once for every app.
PROCESS = Field(
    "demarche",
    "string",
    _("Identifiant de la démarche (son adresse courte)."),
    _("Démarche"),
    required=True,
)


def place_columns(commune: Any) -> tuple[Field, Field, Field]:
    """The theme, commune and INSEE code columns of an item a person placed (a contribution…).

    `commune` describes the commune column ("Commune dont parle la
    proposition…"); the item's row fills them with place_values.
    """
    return (
        Field("theme", "string", _("Thème choisi, s'il y en a un."), _("Thème")),
        Field("commune", "string", commune, _("Commune")),
        Field("code_insee", "string", _("Code INSEE de cette commune."), _("Code INSEE")),
    )


def place_values(theme: str | None, commune: str | None, insee_code: str | None) -> dict[str, str]:
    """The cells of place_columns: empty when the item has no theme or no commune."""
    return {"theme": theme or "", "commune": commune or "", "code_insee": insee_code or ""}


def place_of(item: Any) -> dict[str, str]:
    """place_values of a model instance with `theme` and `place` (select them related)."""
    theme, place = item.theme, item.place
    return place_values(
        theme.name if theme else None,
        place.name if place else None,
        place.insee_code if place else None,
    )


@lru_cache(maxsize=512)
def _item_path_prefix(viewname: str, slug: str) -> str:
    zero = reverse(viewname, kwargs={"slug": slug, "pk": 0})
    if not zero.endswith("/0/"):
        raise ValueError(f"{viewname}: the route does not end with <pk>/")
    return zero[: -len("0/")]


def item_url_prefix(viewname: str, slug: str) -> str:
    """The absolute address of a démarche's item page without its number: add `f"{pk}/"`.

    Call it once per démarche, not per row: item_url_prefix("debates:detail",
    "velo") + "12/" is the public address of contribution 12 (the route must
    end with `<int:pk>/`; its reverse() is kept, the public address is not).
    """
    return absolute_url(_item_path_prefix(viewname, slug))


Rows = Callable[[Any], Iterable[Mapping[str, Any]]]
# A chunk of rows given column by column: one list per field, in the fields' order, all of
# the same length (the rows' values read down each column).
ColumnChunk = list[list[Any]]
CHUNK = 2000


def row_dicts(names: list[str], chunks: Iterable[ColumnChunk]) -> Iterator[dict[str, Any]]:
    """The rows of column chunks, one dict per row (for the API and the tests)."""
    for columns in chunks:
        for values in zip(*columns, strict=True):
            yield dict(zip(names, values, strict=True))


def column_chunks(
    names: list[str], rows: Iterable[Mapping[str, Any]], size: int = CHUNK
) -> Iterator[ColumnChunk]:
    """Rows (dicts) as column chunks of `size` rows: what the writers encode."""
    cells = operator.itemgetter(*names)
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        if len(names) == 1:  # itemgetter of one name gives the value, not a tuple
            yield [[cells(row) for row in chunk]]
        else:
            yield [list(column) for column in zip(*map(cells, chunk), strict=True)]


@dataclass(frozen=True)
class Attachment:
    """A file of a dataset that is not a table: a pabulib `.pb` file of a vote, for instance.

    `content(process)` gives the file's text for one démarche, or None when the
    démarche has nothing to publish in it (no budget, results not published).
    The open-data app writes it beside the dataset's CSV and JSON, as
    `<dataset>.<extension>`, and lists it in the data package and the catalogue.
    """

    extension: str  # lower case letters and digits: the file's extension (pb)
    media_type: str  # text/plain
    title: Any
    description: Any
    content: Callable[[Any], str | None] = field(compare=False)
    format: str = ""  # the file type's name for the catalogue, if it has one


# What the public API filters a dataset's `items` by, each a lookup of the queryset.
API_FILTERS = ("dated", "state", "theme", "commune")


@dataclass(frozen=True)
class Dataset:
    """A table an app publishes for each démarche (the territory's file joins them all).

    Give `rows(process)`, every row of a démarche, or `items(process)`, a
    public queryset, with `row(process, item)`: then the public API filters and
    pages through the same queryset and shows each item as the same row. With
    both, the files read `rows` (written for speed, from the same public query)
    and the API `items` and `row`; a test checks they give the same rows.

    For a large table, `chunks(process)` may give the rows column by column
    (ColumnChunk, CHUNK rows at a time) instead of `rows`: the files are then
    written from the columns without a dict per row, and `rows_of` builds the
    dicts from them when something asks for rows.
    """

    name: str  # lower case, digits and dashes: the file's name (contributions.csv)
    title: Any
    description: Any
    fields: tuple[Field, ...]
    rows: Rows | None = field(default=None, compare=False)
    chunks: Callable[[Any], Iterable[ColumnChunk]] | None = field(default=None, compare=False)
    items: Callable[[Any], Any] | None = field(default=None, compare=False)
    row: Callable[[Any, Any], Mapping[str, Any]] | None = field(default=None, compare=False)
    primary_key: tuple[str, ...] = ()
    order: int = 100
    # The public API (/api/v1/demarches/<slug>/<name>) filters `items` by these lookups:
    # `dated`, a date or datetime field (depuis, jusqu_au); `state`, a field with choices
    # (etat); `theme`, a relation to processes.Theme; `commune`, a relation to core.Commune.
    dated: str = ""
    state: str = ""
    theme: str = ""
    commune: str = ""
    # The API lists the newest first (by `dated`, then id) instead of in number order.
    newest_first: bool = False
    # Files beside the table that are not tables (one per démarche).
    attachments: tuple[Attachment, ...] = ()
    # A table of the territory that belongs to no démarche (the library of initiatives):
    # `territory_rows(territory)` gives its rows; it has a territory file only.
    territory_rows: Callable[[Any], Iterable[Mapping[str, Any]]] | None = field(
        default=None, compare=False
    )

    def __post_init__(self) -> None:
        if (self.items is None) != (self.row is None):
            raise ValueError(f"{self.name}: give items and row together")
        if self.rows is not None and self.chunks is not None:
            raise ValueError(f"{self.name}: give rows or chunks, not both")
        if (
            self.rows is None
            and self.chunks is None
            and self.items is None
            and self.territory_rows is None
        ):
            raise ValueError(f"{self.name}: give rows, or items and row, or territory_rows")
        if self.items is None and any(getattr(self, name) for name in API_FILTERS):
            raise ValueError(f"{self.name}: API filters need items and row")
        if self.newest_first and not self.dated:
            raise ValueError(f"{self.name}: newest first needs a dated field")

    @property
    def territory_wide(self) -> bool:
        return self.territory_rows is not None

    def rows_of(self, process) -> Iterable[Mapping[str, Any]]:
        """Every row of one démarche, read in chunks (flat memory whatever its size)."""
        if self.territory_rows is not None:
            return ()
        if self.rows is not None:
            return self.rows(process)
        if self.chunks is not None:
            return row_dicts(self.field_names, self.chunks(process))
        assert self.items is not None and self.row is not None
        make = self.row
        return (make(process, item) for item in self.items(process).iterator(chunk_size=CHUNK))

    def chunks_of(self, process) -> Iterable[ColumnChunk]:
        """Every row of one démarche as column chunks: what the files are written from."""
        if self.chunks is not None and self.territory_rows is None:
            return self.chunks(process)
        return column_chunks(self.field_names, self.rows_of(process))

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.fields]

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [column.schema() for column in self.fields]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return schema


def all_datasets() -> list[Dataset]:
    """Every installed app's datasets, in their declared order; names are unique."""
    found = [dataset for datasets in provided("datasets", "DATASETS") for dataset in datasets]
    found.sort(key=lambda dataset: (dataset.order, dataset.name))
    names = [dataset.name for dataset in found]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"Two apps declare the datasets {', '.join(duplicates)}")
    return found


def dataset_named(name: str) -> Dataset | None:
    return next((dataset for dataset in all_datasets() if dataset.name == name), None)


def pseudonymous_id(process_id: int, user_id: int | None) -> str:
    """An author's identifier in one démarche's data: the same person, the same identifier.

    HMAC-SHA-256 of the démarche and the account, keyed with the secret key and
    cut to 16 hexadecimal digits: a reuser can follow one person's messages
    within a démarche, but not from one démarche to the next, and nobody can
    recover the account from it. Empty when the account was erased.
    """
    if user_id is None:
        return ""
    message = f"opendata:{process_id}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[
        :PSEUDONYM_LENGTH
    ]


def utc_datetime(moment: datetime | None) -> str:
    """2026-12-01T09:30:00Z: the Table Schema's default datetime, in UTC, to the second."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class UtcText(Func):
    """A moment as the database writes it for the files: 2026-12-01T09:30:00Z, in UTC.

    The same text as utc_datetime(moment), made by the database: a fast row
    function reads it with values_list() instead of building a datetime per
    cell only to format it back (the writers take such a text as it is).
    """

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:  # the engines Parlons runs on are below
            raise NotImplementedError(f"UtcText on {connection.vendor}")
        return super().as_sql(compiler, connection, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps SQLite moments in UTC, as "2026-12-01 09:30:00.123456".
        # Two escapes: the template's % formatting, then the driver's parameters.
        text = "'%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%SZ'"
        return self.as_sql(
            compiler, connection, template=f"STRFTIME({text}, %(expressions)s)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="""TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')""",
            **extra,
        )


def day_of(moment: datetime | date | None) -> str:
    """The day only (2026-12-01): for times that would say too much about a person."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()  # the territory's day (settings.TIME_ZONE)
    return moment.isoformat()
