"""Open data of the debate: contributions, replies, reactions per day and official answers.

Everything comes from the public read layer (parlons.debates.queries): masked
texts, visible messages only, authors as a pseudonymous identifier per
démarche, never their account, e-mail or chosen name; reactions only as
counts per day, never who reacted nor when exactly.
"""

from collections.abc import Iterator
from itertools import repeat
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import (
    PROCESS,
    Dataset,
    Field,
    UtcText,
    item_url_prefix,
    place_columns,
    place_of,
    pseudonymous_id,
)
from parlons.core.models import Commune
from parlons.debates.models import Contribution, OfficialAnswer, Reaction
from parlons.debates.queries import (
    public_contributions,
    public_official_answers,
    public_replies,
    with_counts,
    with_reaction_counts,
)
from parlons.processes.models import Process, Theme

CHUNK = 2000
AUTHOR = Field(
    "auteur",
    "string",
    _(
        "Identifiant pseudonyme de l'auteur : le même pour une personne dans une démarche, "
        "différent d'une démarche à l'autre ; vide si le compte a été effacé."
    ),
    _("Auteur (pseudonyme)"),
)
SOURCE = Field(
    "origine",
    "string",
    _(
        "Comment le texte a été recueilli : online (en ligne), counter (au guichet, saisi par "
        "un médiateur), paper (formulaire papier), meeting (en réunion publique)."
    ),
    _("Origine"),
    enum=tuple(Contribution.Source.values),
)
REACTIONS = (
    Field("d_accord", "integer", _("Nombre de personnes d'accord."), _("D'accord")),
    Field("pas_d_accord", "integer", _("Nombre de personnes pas d'accord."), _("Pas d'accord")),
    Field("sans_avis", "integer", _("Nombre de personnes sans avis."), _("Sans avis")),
)
PUBLISHED_AT = Field(
    "publiee_le", "datetime", _("Date et heure de publication (UTC)."), _("Publiée le")
)
EDITED_AT = Field(
    "modifiee_le",
    "datetime",
    _("Dernière modification par son auteur (UTC), vide si jamais modifiée."),
    _("Modifiée le"),
)


def visible_replies(process: Process) -> QuerySet:
    """Replies anyone may read, whose thread and parent anyone may read too."""
    return (
        public_replies(process)
        .filter(
            root__is_hidden=False,
            root__held_for_review=False,
            root__withdrawn_at__isnull=True,
            parent__is_hidden=False,
            parent__held_for_review=False,
            parent__withdrawn_at__isnull=True,
        )
        .select_related(None)
        .only(
            "pk",
            "root_id",
            "parent_id",
            "depth",
            "public_body",
            "author_id",
            "source",
            "created_at",
            "edited_at",
            "process_id",
        )
    )


URL = "debates:detail"


def contribution_items(process: Process) -> QuerySet:
    return with_counts(public_contributions(process)).order_by("id")


def contribution_row(process: Process, item: Contribution) -> dict[str, Any]:
    return {
        "id": item.pk,
        "demarche": process.slug,
        "titre": item.public_title,
        "texte": item.public_body,
        "auteur": pseudonymous_id(process.pk, item.author_id),
        "origine": item.source,
        **place_of(item),
        "rencontre": item.occasion_id,
        "publiee_le": item.created_at,
        "modifiee_le": item.edited_at,
        "d_accord": item.agree_count,
        "pas_d_accord": item.disagree_count,
        "sans_avis": item.pass_count,
        "reponses": item.reply_count,
        "reponses_officielles": item.answer_count,
        "url": f"{item_url_prefix(URL, process.slug)}{item.pk}/",
    }


CONTRIBUTION_VALUES: tuple[Any, ...] = (
    "pk",
    "public_title",
    "public_body",
    "author_id",
    "source",
    # The theme's and the commune's numbers, not their names: a démarche has a few of
    # each, named once per export (contribution_chunks) rather than joined on every row.
    "theme_id",
    "place_id",
    "occasion_id",
    UtcText("created_at"),  # the files' text, written by the database: no datetime per cell
    UtcText("edited_at"),
)
REACTION_COLUMNS = {
    Reaction.Value.AGREE: "agree",
    Reaction.Value.DISAGREE: "disagree",
    Reaction.Value.PASS: "pass",
}


COUNTED = ("agree", "disagree", "pass", "replies", "answers")
# Stand-ins for a chunk's first and last numbers while the counts' SQL is compiled once.
_LOW, _HIGH = -917_401, -917_402


class ChunkCounts:
    """The counts of the contributions numbered low..high: three grouped queries per chunk.

    The same counts as `queries.with_counts` (reactions by kind, visible
    replies, official answers), read for a whole chunk at once rather than as
    five subqueries per row: the export's cost per row stays flat. The three
    queries are compiled once (by the ORM, for this database) and run for each
    chunk with its bounds; their rows are read as the driver returns them
    (plain numbers, which no converter changes).
    """

    def __init__(self, using: str = "default"):
        bounds = {"__gte": _LOW, "__lte": _HIGH}

        def within(link: str) -> dict[str, int]:
            return {link + lookup: value for lookup, value in bounds.items()}

        def grouped(queryset: QuerySet, link: str, *by: str) -> tuple[str, list]:
            sql, params = (
                queryset.order_by().values_list(link, *by).annotate(n=Count("*")).query
            ).sql_with_params()
            return sql, list(params)

        self.using = using
        self.reactions = grouped(
            Reaction.objects.filter(**within("contribution_id")), "contribution_id", "value"
        )
        self.replies = grouped(
            Contribution.objects.filter(
                **within("root_id"),
                is_hidden=False,
                held_for_review=False,
                withdrawn_at__isnull=True,
            ),
            "root_id",
        )
        self.answers = grouped(
            OfficialAnswer.objects.filter(**within("contribution_id")), "contribution_id"
        )
        for _sql, params in (self.reactions, self.replies, self.answers):
            if params.count(_LOW) != 1 or params.count(_HIGH) != 1:
                raise ValueError("the counts' query does not take the chunk's bounds once each")

    def __call__(self, low: int, high: int) -> dict[str, dict[int, int]]:
        """Per count (COUNTED), the contributions that have one: {"agree": {12: 3}, …}."""
        bounds = {_LOW: low, _HIGH: high}

        def rows(query: tuple[str, list]) -> list[tuple]:
            sql, params = query
            cursor.execute(sql, [bounds.get(param, param) for param in params])
            return cursor.fetchall()

        counts: dict[str, dict[int, int]] = {name: {} for name in COUNTED}
        with connections[self.using].cursor() as cursor:
            for pk, value, number in rows(self.reactions):
                counts[REACTION_COLUMNS.get(value, value)][pk] = number
            counts["replies"] = dict(rows(self.replies))
            counts["answers"] = dict(rows(self.answers))
        return counts


def chunk_counts(low: int, high: int) -> dict[str, dict[int, int]]:
    """ChunkCounts of one chunk (an export makes one ChunkCounts and calls it per chunk)."""
    return ChunkCounts()(low, high)


def contribution_chunks(process: Process) -> Iterator[list[list[Any]]]:
    """The same rows as contribution_row, column by column, CHUNK rows at a time.

    Read in number order by one query, streamed (a server-side cursor on
    PostgreSQL: the plan is chosen once, not once per chunk, so it never
    re-sorts what is left), as the driver returns them (no model, no dict per
    row: plain columns and texts, which no converter changes), each chunk with
    its counts in three grouped queries (chunk_counts). Each column is built
    at once, in the order of the dataset's fields.
    """
    prefix = item_url_prefix(URL, process.slug)
    slug, process_id = process.slug, process.pk
    size = CHUNK
    queryset = (
        public_contributions(process)
        .select_related(None)
        .order_by("id")
        .values_list(*CONTRIBUTION_VALUES)
    )
    sql, params = queryset.query.sql_with_params()
    authors: dict[int | None, str] = {}
    # What place_values writes for an item without a theme or a commune: empty cells.
    theme_names: dict[int | None, str] = {None: ""}
    commune_names: dict[int | None, str] = {None: ""}
    insee_codes: dict[int | None, str] = {None: ""}
    url = prefix.replace("%", "%%") + "%d/"  # f"{prefix}{pk}/", formatted in C by map
    chunk_counts = ChunkCounts(queryset.db)
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(size):
            (pks, titles, texts, author_ids, sources, theme_ids, place_ids, occasions, created,
             edited) = map(list, zip(*chunk, strict=True))  # fmt: skip
            counts = chunk_counts(pks[0], pks[-1])
            for author_id in set(author_ids).difference(authors):
                authors[author_id] = pseudonymous_id(process_id, author_id)
            if new_themes := set(theme_ids).difference(theme_names):
                for pk, name in (
                    Theme.objects.using(queryset.db)
                    .filter(pk__in=new_themes)
                    .values_list("pk", "name")
                ):
                    theme_names[pk] = name or ""
            if new_places := set(place_ids).difference(commune_names):
                for pk, name, code in (
                    Commune.objects.using(queryset.db)
                    .filter(pk__in=new_places)
                    .values_list("pk", "name", "insee_code")
                ):
                    commune_names[pk], insee_codes[pk] = name or "", code or ""
            yield [
                pks,
                [slug] * len(pks),
                titles,
                texts,
                list(map(authors.__getitem__, author_ids)),
                sources,
                # (.get: a theme deleted between the two queries is written as none)
                list(map(theme_names.get, theme_ids, repeat(""))),
                list(map(commune_names.get, place_ids, repeat(""))),
                list(map(insee_codes.get, place_ids, repeat(""))),
                occasions,
                created,
                edited,
                *(list(map(counts[name].get, pks, repeat(0))) for name in COUNTED),
                list(map(url.__mod__, pks)),
            ]


def reply_items(process: Process) -> QuerySet:
    return with_reaction_counts(visible_replies(process)).order_by("id")


def reply_row(process: Process, item: Contribution) -> dict[str, Any]:
    return {
        "id": item.pk,
        "demarche": process.slug,
        "contribution": item.root_id,
        "repond_a": item.parent_id,
        "profondeur": item.depth,
        "texte": item.public_body,
        "auteur": pseudonymous_id(process.pk, item.author_id),
        "origine": item.source,
        "publiee_le": item.created_at,
        "modifiee_le": item.edited_at,
        "d_accord": item.agree_count,
        "pas_d_accord": item.disagree_count,
        "sans_avis": item.pass_count,
    }


def reaction_rows(process: Process) -> Iterator[dict[str, Any]]:
    """Reactions counted per message, day and kind: never who, never the exact time."""
    visible = Q(contribution__in=public_contributions(process).order_by().values("pk")) | Q(
        contribution__in=visible_replies(process).order_by().values("pk")
    )
    counted = (
        Reaction.objects.filter(visible)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("contribution_id", "day", "value")
        .annotate(count=Count("*"))
        .order_by("contribution_id", "day", "value")
    )
    for row in counted.iterator(chunk_size=CHUNK):
        yield {
            "demarche": process.slug,
            "message": row["contribution_id"],
            "jour": row["day"],
            "reaction": row["value"],
            "nombre": row["count"],
        }


def answer_rows(process: Process) -> Iterator[dict[str, Any]]:
    for answer in public_official_answers(process).iterator(chunk_size=CHUNK):
        yield {
            "id": answer.pk,
            "demarche": process.slug,
            "contribution": answer.contribution_id,
            "texte": answer.public_body,
            "signature": answer.signature,
            "publiee_le": answer.created_at,
        }


DATASETS = [
    Dataset(
        "contributions",
        _("Contributions"),
        _(
            "Les contributions visibles de chaque démarche, telles que tout le monde peut les "
            "lire : textes publiés (données personnelles masquées), thème, commune, nombre de "
            "réactions et de réponses. Les contributions masquées par la modération, en attente "
            "ou retirées par leur auteur n'y figurent pas."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la contribution."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "titre",
                "string",
                _("Titre donné par l'auteur, s'il y en a un (masqué)."),
                _("Titre"),
            ),
            Field(
                "texte",
                "string",
                _(
                    "Texte publié : les données personnelles y sont remplacées par [nom], [adresse]…"
                ),
                _("Texte"),
            ),
            AUTHOR,
            SOURCE,
            *place_columns(_("Commune dont parle la contribution, s'il y en a une.")),
            Field(
                "rencontre",
                "integer",
                _(
                    "Numéro de la rencontre (réunion publique) où la contribution a été "
                    "recueillie ; voir la colonne « rencontre » du jeu « reunions »."
                ),
                _("Rencontre"),
            ),
            PUBLISHED_AT,
            EDITED_AT,
            *REACTIONS,
            Field("reponses", "integer", _("Nombre de réponses visibles."), _("Réponses")),
            Field(
                "reponses_officielles",
                "integer",
                _("Nombre de réponses officielles (experts, élus)."),
                _("Réponses officielles"),
            ),
            Field(
                "url", "string", _("Adresse de la contribution sur la plateforme."), _("Adresse")
            ),
        ),
        chunks=contribution_chunks,
        items=contribution_items,
        row=contribution_row,
        primary_key=("id",),
        order=30,
        dated="created_at",
        theme="theme",
        commune="place",
        newest_first=True,
    ),
    Dataset(
        "reponses",
        _("Réponses aux contributions"),
        _(
            "Les réponses visibles des habitants aux contributions, avec leur fil : à quelle "
            "contribution et à quel message elles répondent."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la réponse."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "contribution", "integer", _("Numéro de la contribution du fil."), _("Contribution")
            ),
            Field("repond_a", "integer", _("Numéro du message auquel elle répond."), _("Répond à")),
            Field(
                "profondeur",
                "integer",
                _("1 : réponse à la contribution ; 2 : réponse à une réponse."),
                _("Profondeur"),
            ),
            Field("texte", "string", _("Texte publié, données personnelles masquées."), _("Texte")),
            AUTHOR,
            SOURCE,
            PUBLISHED_AT,
            EDITED_AT,
            *REACTIONS,
        ),
        items=reply_items,
        row=reply_row,
        primary_key=("id",),
        order=31,
        dated="created_at",
        theme="root__theme",
        commune="root__place",
    ),
    Dataset(
        "reactions-par-jour",
        _("Réactions par jour"),
        _(
            "Le nombre de réactions (d'accord, pas d'accord, sans avis) reçues par chaque "
            "message visible, jour par jour. Ni qui a réagi, ni l'heure ne sont publiés."
        ),
        fields=(
            PROCESS,
            Field(
                "message",
                "integer",
                _("Numéro de la contribution ou de la réponse."),
                _("Message"),
                required=True,
            ),
            Field(
                "jour", "date", _("Jour de la réaction (heure de Paris)."), _("Jour"), required=True
            ),
            Field(
                "reaction",
                "string",
                _("agree : d'accord ; disagree : pas d'accord ; pass : sans avis."),
                _("Réaction"),
                required=True,
                enum=tuple(Reaction.Value.values),
            ),
            Field("nombre", "integer", _("Nombre de réactions de ce jour."), _("Nombre")),
        ),
        rows=reaction_rows,
        primary_key=("message", "jour", "reaction"),
        order=32,
    ),
    Dataset(
        "reponses-officielles",
        _("Réponses officielles"),
        _("Les réponses signées des experts et des élus aux contributions visibles."),
        fields=(
            Field(
                "id", "integer", _("Numéro de la réponse officielle."), _("Numéro"), required=True
            ),
            PROCESS,
            Field(
                "contribution",
                "integer",
                _("Numéro de la contribution à laquelle elle répond."),
                _("Contribution"),
            ),
            Field("texte", "string", _("Texte publié de la réponse."), _("Texte")),
            Field(
                "signature",
                "string",
                _("Nom, fonction et rôle de la personne qui répond au nom de l'institution."),
                _("Signature"),
            ),
            PUBLISHED_AT,
        ),
        rows=answer_rows,
        primary_key=("id",),
        order=33,
    ),
]
