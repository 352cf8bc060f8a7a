"""Accent-insensitive search: one normalised column, kept by the services.

"mediation", "Médiation" and "MÉDIATION" all find « médiation » on SQLite and on
PostgreSQL alike: the searched text and the words asked for are both reduced
to lower case without accents (parlons.core.csv_import.normalise), and every
word asked for must appear (a simple `LIKE '%word%'` per word).
"""

from django.db.models import QuerySet

from parlons.core.csv_import import normalise

MAX_WORDS = 8


def search_text_of(initiative, category_names: list[str]) -> str:
    commune = initiative.commune.name if initiative.commune_id else ""
    parts = [
        initiative.title,
        initiative.summary,
        initiative.description,
        initiative.organisation,
        commune,
        *category_names,
    ]
    return normalise(" ".join(part for part in parts if part))


def words_of(query: str) -> list[str]:
    return [word for word in normalise(query).split() if word][:MAX_WORDS]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    for word in words_of(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset
