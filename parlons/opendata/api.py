"""The public read-only API (/api/v1/), written from the same declarations as the files.

Each list shows the rows of a dataset (parlons.core.datasets), read from the
app's public queryset: the API, the files and the pages show the same items
with the same fields. Lists are paged by cursor (the last number seen), so a
page costs the same at the start or at the end of a million contributions.
Every error has the same JSON body, in French and English; each client (its
address) gets API_RATE_LIMIT requests per API_RATE_WINDOW_SECONDS, then 429
with Retry-After.
"""

from datetime import date, datetime, time
from itertools import islice
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field as SchemaField
from ninja import NinjaAPI, Query, Schema
from ninja import Path as PathEx
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import create_model

from parlons.core.datasets import Dataset, all_datasets, dataset_named
from parlons.core.limits import Limit, LimitExceeded, client_address
from parlons.core.models import Commune
from parlons.core.queries import current_territory
from parlons.opendata.writers import json_value
from parlons.processes.models import Process
from parlons.processes.queries import public_processes

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": date,
    "datetime": str,
}

api = NinjaAPI(
    title="Parlons — API publique",
    version="1",
    description=(
        "Lecture seule des données publiques de la participation : démarches, phases, "
        "contributions, réponses, réunions. Mêmes règles de visibilité que les pages ; textes "
        "publiés avec les données personnelles masquées ; auteurs sous un identifiant "
        "pseudonyme propre à chaque démarche. Pagination par curseur : `suivant` donne le `curseur` de la page suivante. "
        'Chaque erreur répond `{"erreur": {"code", "message", "message_en"}}`. '
        "Limite de requêtes par client : au-delà, 429 et l'en-tête Retry-After.\n\n"
        "Read-only public data of the participation platform; errors carry French and English "
        "messages; rate limited per client (429 with Retry-After)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/v1/docs",
)


class ErrorDetail(Schema):
    code: str = SchemaField(
        description="Code stable de l'erreur (not_found, invalid, rate_limited…)."
    )
    message: str = SchemaField(description="Message en français.")
    message_en: str = SchemaField(description="Message in English.")


class ErrorBody(Schema):
    erreur: ErrorDetail


ERRORS: dict[int, Any] = {400: ErrorBody, 404: ErrorBody, 422: ErrorBody, 429: ErrorBody}
# Identifiers are short addresses and codes: a character outside these never names anything.
SLUG = r"^[-a-zA-Z0-9_]+$"
CURSOR = r"^[0-9]{1,18}$"
# Across démarches: the démarche's number, a dot, the cursor within it (`12.340`).
TERRITORY_CURSOR = r"^[0-9]{1,18}(\.[0-9]{1,18})?$"


def _error(request, status: int, code: str, french: str, english: str, **headers):
    response = api.create_response(
        request,
        {"erreur": {"code": code, "message": french, "message_en": english}},
        status=status,
    )
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "Introuvable.", "Not found.")


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    return _error(
        request,
        422,
        "invalid",
        "Paramètres invalides : vérifiez les noms et les valeurs de la requête.",
        "Invalid parameters: check the names and values of the request.",
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, "invalid", str(exc), str(exc))


@api.exception_handler(LimitExceeded)
def rate_limited(request, exc):
    return _error(
        request,
        429,
        "rate_limited",
        "Trop de requêtes : attendez avant de réessayer (voir l'en-tête Retry-After).",
        "Too many requests: wait before retrying (see the Retry-After header).",
        **{"Retry-After": str(exc.retry_after)},
    )


def _limit(request: HttpRequest) -> None:
    """Count the request against its client's allowance; LimitExceeded when used up."""
    if settings.API_RATE_LIMIT <= 0:
        return
    limit = Limit("api", settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS)
    client = client_address(request)
    limit.check(client)
    limit.hit(client)


def _schema_of(dataset: Dataset) -> type[Schema]:
    """The item schema of a dataset: its columns, with their French descriptions."""
    fields: dict[str, Any] = {}
    for column in dataset.fields:
        kind = TYPES[column.type]
        extra: dict[str, Any] = {
            "description": str(column.description),
            "title": str(column.title or column.name),
        }
        if column.type == "datetime":
            extra["json_schema_extra"] = {"format": "date-time"}
        fields[column.name] = (kind | None, SchemaField(None, **extra))
    return create_model(f"{dataset.name.title().replace('-', '')}Item", __base__=Schema, **fields)


def _page_schema(name: str, item: type[Schema]) -> type[Schema]:
    return create_model(
        f"{name}Page",
        __base__=Schema,
        items=(list[item], SchemaField(..., description="Les éléments de la page.")),  # type: ignore[valid-type]
        suivant=(
            str | None,
            SchemaField(
                None,
                description="Curseur de la page suivante (paramètre `curseur`), vide à la fin.",
            ),
        ),
    )


def _dataset(name: str) -> Dataset:
    dataset = dataset_named(name)
    assert dataset is not None, name
    return dataset


def _row(dataset: Dataset, process: Process, item) -> dict[str, Any]:
    row = dataset.row(process, item) if dataset.row else item
    return {column.name: json_value(column, row[column.name]) for column in dataset.fields}


def _encode(pk: int) -> str:
    return str(pk)


def _decode(cursor: str | None) -> int:
    """The cursor is the number of the last item seen: the next page starts after it."""
    return int(cursor) if cursor else 0


def _page(dataset: Dataset, process: Process, queryset: QuerySet, cursor: str | None, limit: int):
    after = _decode(cursor)
    items = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {
        "items": [_row(dataset, process, item) for item in items],
        "suivant": _encode(items[-1].pk) if more and items else None,
    }


def _newest_first_page(
    dataset: Dataset, process: Process, queryset: QuerySet, cursor: str | None, limit: int
):
    """Newest first, after the item numbered `cursor`: read in order from the démarche's
    list index (date, id), so a page costs the same at any depth and any size."""
    dated = dataset.dated
    after = _decode(cursor)
    if after:
        seen = queryset.model.objects.filter(pk=after).values_list(dated, flat=True).first()
        if seen is None:
            return {"items": [], "suivant": None}
        # "dated <= seen" bounds the index scan (a deep page reads from the cursor on, not
        # from the newest item); the OR then drops the few items of the same moment already seen.
        queryset = queryset.filter(**{f"{dated}__lte": seen}).filter(
            Q(**{f"{dated}__lt": seen}) | Q(pk__lt=after)
        )
    items = list(queryset.order_by(f"-{dated}", "-id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {
        "items": [_row(dataset, process, item) for item in items],
        "suivant": _encode(items[-1].pk) if more and items else None,
    }


def _process(slug: str) -> Process:
    process = public_processes().filter(slug=slug).first()
    if process is None:
        raise Http404(slug)
    return process


def _moment(day: date | None, end: bool = False) -> datetime | None:
    if day is None:
        return None
    # 0001-01-01 at midnight in Paris is still year 0 in UTC, which no datetime can hold.
    day = min(max(day, date(1, 1, 2)), date(9999, 12, 30))
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


class Pages(Schema):
    curseur: str | None = SchemaField(
        None, pattern=CURSOR, description="Curseur rendu par la page précédente (`suivant`)."
    )
    limite: int = SchemaField(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Nombre d'éléments par page (100 au plus)."
    )


class Dates(Schema):
    depuis: date | None = SchemaField(
        None, description="Seulement à partir de ce jour (AAAA-MM-JJ)."
    )
    jusqu_au: date | None = SchemaField(
        None, description="Seulement jusqu'à ce jour inclus (AAAA-MM-JJ)."
    )


class ContributionFilters(Pages, Dates):
    theme: str | None = SchemaField(
        None, pattern=SLUG, description="Identifiant (adresse courte) du thème."
    )
    commune: str | None = SchemaField(
        None, pattern=SLUG, description="Identifiant ou code INSEE de la commune."
    )


class MeetingFilters(Pages, Dates):
    commune: str | None = SchemaField(
        None, pattern=SLUG, description="Identifiant ou code INSEE de la commune du lieu."
    )


ProcessSlug = Annotated[
    str,
    PathEx(..., pattern=SLUG, description="Identifiant (adresse courte) de la démarche."),
]

PROCESSES = _dataset("demarches")
PHASES = _dataset("phases")
ProcessItem = _schema_of(PROCESSES)
PhaseItem = _schema_of(PHASES)
ProcessPage = _page_schema("Demarches", ProcessItem)


def _rows(dataset: Dataset, process: Process) -> list[dict[str, Any]]:
    return [
        {column.name: json_value(column, row[column.name]) for column in dataset.fields}
        for row in dataset.rows_of(process)
    ]


@api.get(
    "/v1/demarches",
    response={200: ProcessPage, **ERRORS},
    summary="Démarches publiées",
    tags=["démarches"],
)
def list_processes(request, pages: Query[Pages]):
    _limit(request)
    after = _decode(pages.curseur)
    found = list(public_processes().filter(pk__gt=after).order_by("pk")[: pages.limite + 1])
    more = len(found) > pages.limite
    found = found[: pages.limite]
    return {
        "items": [row for process in found for row in _rows(PROCESSES, process)],
        "suivant": _encode(found[-1].pk) if more and found else None,
    }


@api.get(
    "/v1/demarches/{slug}",
    response={200: ProcessItem, **ERRORS},
    summary="Une démarche",
    tags=["démarches"],
)
def get_process(request, slug: ProcessSlug):
    _limit(request)
    return _rows(PROCESSES, _process(slug))[0]


@api.get(
    "/v1/demarches/{slug}/phases",
    response={200: list[PhaseItem], **ERRORS},
    summary="Les phases d'une démarche",
    tags=["démarches"],
)
def list_phases(request, slug: ProcessSlug):
    _limit(request)
    return _rows(PHASES, _process(slug))


# Every other dataset gets its list, generated from its declaration --------------------------

# The tag of each app's lists in the OpenAPI document (an app not named here: its label).
TAGS = {
    "debates": "débat",
    "meetings": "réunions",
    "proposals": "propositions",
    "budgets": "budget participatif",
    "questionnaires": "questionnaires",
    "synthesis": "synthèse",
    "followup": "suivi des décisions",
}
HAND_WRITTEN = {PROCESSES.name, PHASES.name}
STATE = r"^[a-z][a-z0-9_-]{0,39}$"


def _app_of(dataset: Dataset) -> str:
    made_by = dataset.row or dataset.rows
    assert made_by is not None
    return made_by.__module__.split(".")[1]


def _filters_of(dataset: Dataset) -> type[Schema]:
    """The query parameters of a dataset's list: pages, and the filters it declares."""
    fields: dict[str, Any] = {}
    bases: tuple[type[Schema], ...] = (Pages, Dates) if dataset.dated else (Pages,)
    if dataset.state:
        states = next((f.enum for f in dataset.fields if f.enum and f.name == "etat"), ())
        listed = f" : {', '.join(states)}" if states else ""
        fields["etat"] = (
            str | None,
            SchemaField(None, pattern=STATE, description=f"Seulement dans cet état{listed}."),
        )
    if dataset.theme:
        fields["theme"] = (
            str | None,
            SchemaField(None, pattern=SLUG, description="Identifiant (adresse courte) du thème."),
        )
    if dataset.commune:
        fields["commune"] = (
            str | None,
            SchemaField(None, pattern=SLUG, description="Identifiant ou code INSEE de la commune."),
        )
    name = dataset.name.title().replace("-", "")
    return create_model(f"{name}Filters", __base__=bases, **fields)


def _filtered(dataset: Dataset, process: Process, filters) -> QuerySet:
    assert dataset.items is not None
    queryset = dataset.items(process)
    if dataset.state and filters.etat:
        queryset = queryset.filter(**{dataset.state: filters.etat})
    if dataset.theme and filters.theme:
        queryset = queryset.filter(**{f"{dataset.theme}__slug": filters.theme})
    if dataset.commune and filters.commune:
        queryset = queryset.filter(
            **{f"{dataset.commune}__in": _communes(process, filters.commune)}
        )
    if dataset.dated:
        queryset = _dated(queryset, dataset.dated, filters)
    return queryset


def _rows_page(dataset: Dataset, process: Process, cursor: str | None, limit: int):
    """A dataset without a queryset (results, aggregates): paged by position in its rows."""
    after = _decode(cursor)
    rows = list(islice(dataset.rows_of(process), after, after + limit + 1))
    more = len(rows) > limit
    return {
        "items": [
            {column.name: json_value(column, row[column.name]) for column in dataset.fields}
            for row in rows[:limit]
        ],
        "suivant": _encode(after + limit) if more else None,
    }


def _describe(dataset: Dataset) -> str:
    if dataset.items is not None:
        order = (
            "Les plus récents d'abord ; le curseur est le numéro du dernier élément vu."
            if dataset.newest_first
            else "Dans l'ordre des numéros ; le curseur est le numéro du dernier élément vu."
        )
    else:
        order = "Dans l'ordre du fichier ; le curseur est le nombre de lignes déjà lues."
    return f"{dataset.description}\n\n{order}"


def _describe_across(dataset: Dataset) -> str:
    return (
        f"{_describe(dataset)}\n\n"
        "Avec `demarche` : les éléments de cette démarche. Sans `demarche` : ceux de toutes "
        "les démarches publiques du territoire, démarche après démarche (dans l'ordre de leur "
        "numéro) ; le curseur est alors `<numéro de la démarche>.<curseur dans la démarche>`, "
        "tel que `suivant` le donne (`12` seul : depuis le début de la démarche numéro 12). "
        "Un tel curseur vaut aussi avec `demarche`. La dernière page peut être vide."
    )


def _split_cursor(cursor: str | None) -> tuple[int, str | None]:
    """'12.340' -> (12, '340'): the démarche where the page starts and the cursor within it.

    '12' alone is the start of démarche 12; no cursor, the start of the first one.
    """
    if not cursor:
        return 0, None
    process_pk, _, inner = cursor.partition(".")
    return int(process_pk), inner or None


def _list_endpoint(dataset: Dataset) -> None:
    """GET /v1/demarches/{slug}/<dataset>, and /v1/<dataset> for one démarche or all of them."""
    page = _page_schema(dataset.name.title().replace("-", ""), _schema_of(dataset))
    filters_schema = _filters_of(dataset)
    name = dataset.name.title().replace("-", "")
    with_process = create_model(
        f"{name}FiltersWithProcess",
        __base__=filters_schema,
        demarche=(
            str | None,
            SchemaField(
                None,
                pattern=SLUG,
                description=(
                    "Identifiant (adresse courte) de la démarche ; sans lui, toutes les "
                    "démarches publiques."
                ),
            ),
        ),
        curseur=(
            str | None,
            SchemaField(
                None,
                pattern=TERRITORY_CURSOR,
                description=(
                    "Curseur rendu par la page précédente (`suivant`) ; sans `demarche`, de la "
                    "forme `12.340`."
                ),
            ),
        ),
    )

    def rows_of(process: Process, filters, cursor: str | None, limit: int):
        if dataset.items is None:
            return _rows_page(dataset, process, cursor, limit)
        queryset = _filtered(dataset, process, filters)
        if dataset.newest_first:
            return _newest_first_page(dataset, process, queryset, cursor, limit)
        return _page(dataset, process, queryset, cursor, limit)

    def across(filters):
        """Every public démarche's rows, one démarche after the other in number order."""
        start, inner = _split_cursor(filters.curseur)
        items: list[dict[str, Any]] = []
        processes = public_processes().filter(pk__gte=start).order_by("pk").prefetch_related(None)
        for process in processes.iterator(chunk_size=20):  # most pages read one or two
            wanted = filters.limite - len(items)
            if not wanted:  # full: the next page starts at the beginning of this démarche
                return {"items": items, "suivant": f"{process.pk}.0"}
            found = rows_of(process, filters, inner if process.pk == start else None, wanted)
            items += found["items"]
            if found["suivant"] is not None:
                return {"items": items, "suivant": f"{process.pk}.{found['suivant']}"}
        return {"items": items, "suivant": None}

    def endpoint(request, slug: ProcessSlug, filters: Query[filters_schema]):  # type: ignore[valid-type]
        _limit(request)
        return rows_of(_process(slug), filters, filters.curseur, filters.limite)

    def by_query(request, filters: Query[with_process]):  # type: ignore[valid-type]
        _limit(request)
        if not filters.demarche:
            return across(filters)
        process, cursor = _process(filters.demarche), filters.curseur
        if cursor and "." in cursor:  # a place in the list across démarches
            start, inner = _split_cursor(cursor)
            if start > process.pk:  # past this démarche
                return {"items": [], "suivant": None}
            cursor = inner if start == process.pk else None
        return rows_of(process, filters, cursor, filters.limite)

    identifier = dataset.name.replace("-", "_")
    endpoint.__name__ = f"list_{identifier}"
    by_query.__name__ = f"list_{identifier}_by_process"
    app = _app_of(dataset)
    for path, view, described in (
        (f"/v1/demarches/{{slug}}/{dataset.name}", endpoint, _describe(dataset)),
        (f"/v1/{dataset.name}", by_query, _describe_across(dataset)),
    ):
        api.get(
            path,
            response={200: page, **ERRORS},
            summary=str(dataset.title),
            description=described,
            tags=[TAGS.get(app, app)],
            operation_id=view.__name__,
        )(view)


def _communes(process: Process, value: str) -> QuerySet:
    return Commune.objects.filter(
        Q(slug=value) | Q(insee_code=value), territory_id=process.territory_id
    )


def _dated(queryset: QuerySet, field: str, filters: Dates) -> QuerySet:
    since, until = _moment(filters.depuis), _moment(filters.jusqu_au, end=True)
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


for _declared in all_datasets():
    if _declared.name not in HAND_WRITTEN and not _declared.territory_wide:
        _list_endpoint(_declared)
# Tables of the territory that belong to no démarche (core.datasets `territory_rows`).
INITIATIVES = _dataset("initiatives")
InitiativeItem = _schema_of(INITIATIVES)
InitiativePage = _page_schema("Initiatives", InitiativeItem)


@api.get(
    "/v1/initiatives",
    response={200: InitiativePage, **ERRORS},
    summary="La bibliothèque des initiatives du territoire",
    tags=["initiatives"],
)
def list_initiatives(request, pages: Query[Pages]):
    _limit(request)
    return _territory_page(INITIATIVES, pages.curseur, pages.limite)


def _territory_page(dataset: Dataset, cursor: str | None, limit: int):
    """A territory table by `id`: its rows are few (a library, not a debate), read in order."""
    assert dataset.territory_rows is not None
    after = _decode(cursor)
    rows = sorted(
        (row for row in dataset.territory_rows(current_territory()) if row["id"] > after),
        key=lambda row: row["id"],
    )[: limit + 1]
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {column.name: json_value(column, row[column.name]) for column in dataset.fields}
            for row in rows
        ],
        "suivant": _encode(rows[-1]["id"]) if more and rows else None,
    }
