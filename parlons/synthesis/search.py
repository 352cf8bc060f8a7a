"""Full-text search over the texts of a démarche: contributions and questionnaire answers.

The index (`SearchEntry`, and the engine's full-text index over its `terms`)
is kept here, below the apps that hold the texts: on every audited write
(`parlons.core.audit.recorded`), each app's `analysis.search_refs(action,
target)` names the texts the write may have changed; they are read again
through the public layer (`collect_texts`) and stored, or removed when the
public layer no longer yields them (hidden, withdrawn, held for review,
erased), once the write has committed (`transaction.on_commit`). `rebuild` reads a whole démarche again (`parlons search_index`).

Words are French lemmas without accents, computed by Parlons on both engines
(`queries.search_terms`, the lemmas of the themes and of the proposals'
look-alikes): "vélos" finds "vélo", "mediation" finds "médiation", and the
same query finds the same texts on SQLite (FTS5, tokenizer unicode61 with
remove_diacritics) and on PostgreSQL (text search configuration
`parlons_french`: unaccent, then simple, GIN index); see
docs/decisions/0304-search-index.md. Every word of the query must be there.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet

from parlons.core import audit
from parlons.core.models import AuditEntry
from parlons.core.registry import provided
from parlons.processes.analysis import AnalysableText, TextFilters, collect_texts
from parlons.processes.models import Process
from parlons.synthesis.models import SearchEntry
from parlons.synthesis.queries import query_words, search_terms

logger = logging.getLogger(__name__)

FTS_TABLE = "synthesis_search_fts"
CONFIG = "parlons_french"
BATCH = 2000
# Audited writes after which every text may read differently: index everything again.
EVERYTHING_CHANGED = {"privacy.refresh_public_texts"}


def _entry(process_id: int, item: AnalysableText) -> SearchEntry:
    return SearchEntry(
        process_id=process_id,
        ref=item.ref,
        question=item.question,
        public=item.public,
        text=item.text,
        terms=search_terms(item.text),
        commune=item.commune[:200],
        place=item.place[:200],
        phase=item.phase[:200],
        theme=item.theme[:200],
        way=item.way[:10],
        url=item.url[:300],
        created_at=item.created_at,
    )


FIELDS = [
    "question",
    "public",
    "text",
    "terms",
    "commune",
    "place",
    "phase",
    "theme",
    "way",
    "url",
    "created_at",
]


def _store(process: Process, items: Iterable[AnalysableText], refs: set[str] | None) -> int:
    """Store `items`; when `refs` is given, those of them not among `items` leave the index."""
    seen: set[str] = set()
    count = 0
    batch: list[SearchEntry] = []

    def flush():
        if not batch:
            return
        known = dict(
            SearchEntry.objects.filter(ref__in=[entry.ref for entry in batch]).values_list(
                "ref", "pk"
            )
        )
        for entry in batch:
            entry.pk = known.get(entry.ref)
        new = [entry for entry in batch if entry.pk is None]
        changed = [entry for entry in batch if entry.pk is not None]
        SearchEntry.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            SearchEntry.objects.bulk_update(changed, FIELDS, batch_size=500)
        batch.clear()

    for item in items:
        seen.add(item.ref)
        batch.append(_entry(process.pk, item))
        count += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    if refs is not None:
        gone = refs - seen
        if gone:
            SearchEntry.objects.filter(ref__in=gone).delete()
    return count


def index_refs(process: Process, refs: Iterable[str]) -> int:
    """Read `refs` again through the public layer; store what it yields, drop the rest."""
    wanted = set(refs)
    if not wanted:
        return 0
    with transaction.atomic():
        items = collect_texts(process, TextFilters(refs=frozenset(wanted)))
        return _store(process, items, wanted)


def rebuild(process: Process) -> int:
    """Index every text of the démarche again, in one transaction; returns the count."""
    with transaction.atomic():
        known = set(SearchEntry.objects.filter(process=process).values_list("ref", flat=True))
        return _store(process, collect_texts(process, TextFilters(with_answers=True)), known)


def settle() -> None:
    """After a bulk rebuild: on PostgreSQL, merge the GIN index's pending list and refresh
    the planner's statistics (what autovacuum does later on its own). Outside a transaction.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE synthesis_searchentry")


def rebuild_all() -> dict[str, int]:
    return {process.slug: rebuild(process) for process in Process.objects.order_by("pk")}


def _index_once_committed(process: Process, refs: frozenset[str]) -> None:
    """Index `refs` after the write's commit; a failure is logged, never the write's.

    The write is saved and its answer is due: an index entry missing until
    `parlons search_index` rebuilds it is the lesser harm (the search page shows
    each text as the public layer gives it, so a text hidden meanwhile is not
    shown from a stale entry).
    """
    try:
        index_refs(process, refs)
    except Exception:
        logger.exception(
            "search index: %s of démarche %s not indexed after the write's commit "
            "(`parlons search_index --process %s` rebuilds it)",
            sorted(refs),
            process.slug,
            process.slug,
        )


def _on_audit(sender, action: str, target=None, **kwargs) -> None:
    if action in EVERYTHING_CHANGED:
        transaction.on_commit(rebuild_all)
        return
    if target is None:
        return
    for provider in provided("analysis", "search_refs"):
        found = provider(action, target)
        if found:
            process, refs = found
            # Once committed, not in the write's transaction: reading the texts back and
            # storing their lemmas held the post's connection and locks for about half of
            # its transaction (docs/decisions/0019). A write rolled back indexes nothing.
            wanted = frozenset(refs)
            transaction.on_commit(
                lambda process=process, wanted=wanted: _index_once_committed(process, wanted)
            )


def connect() -> None:
    audit.recorded.connect(_on_audit, sender=AuditEntry, dispatch_uid="synthesis.search")


# ---------------------------------------------------------------- searching


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    commune: str = ""
    place: str = ""
    phase: str = ""
    theme: str = ""
    way: str = ""
    question: int | None = None
    answers: bool = True  # questionnaire answers too (staff)


# Under this many matches in the whole index, the matches drive the query; above, the
# démarche's entries are walked newest first and stop at the page (SQLite only).
FEW_MATCHES = 5000


def _fts_expression(words: list[str]) -> str:
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _match(items: QuerySet, words: list[str], process: Process) -> QuerySet:
    if connection.vendor == "postgresql":
        return items.filter(process=process).extra(
            where=[
                f"to_tsvector('{CONFIG}'::regconfig, synthesis_searchentry.terms) "
                f"@@ plainto_tsquery('{CONFIG}'::regconfig, %s)"
            ],
            params=[" ".join(words)],
        )
    if connection.vendor == "sqlite":
        expression = _fts_expression(words)
        matches = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({matches} LIMIT {FEW_MATCHES})", [expression])
            few = cursor.fetchone()[0] < FEW_MATCHES
        # Few matches: each is looked up by its id, and the unary "+" keeps SQLite from
        # walking the démarche's index instead. Many: that walk, newest first, is faster.
        process_check = "+synthesis_searchentry.process_id = %s" if few else "1 = 1"
        items = items if few else items.filter(process=process)
        return items.extra(
            where=[f"synthesis_searchentry.id IN ({matches})", process_check],
            params=[expression, process.pk] if few else [expression],
        )
    items = items.filter(process=process)
    for word in words:  # another engine: the same words, read from the column
        items = items.filter(terms__contains=f" {word} ")
    return items


def search(process: Process, filters: SearchFilters, *, public: bool) -> QuerySet:
    """Index entries of the démarche matching `filters`, newest first.

    `public` searches keep to the texts published one by one (never the
    questionnaires' answers); staff searches read what the workbench reads.
    Words the lemmatiser drops (stop words) are not searched; a query of
    stop words only matches everything else the filters keep.
    """
    words = query_words(filters.q)
    # With words, the démarche is checked in _match (how depends on the engine).
    items = SearchEntry.objects.all() if words else SearchEntry.objects.filter(process=process)
    if public or not filters.answers:
        items = items.filter(public=True)
    if words:
        items = _match(items, words, process)
    for name in ("commune", "place", "phase", "theme", "way"):
        value = getattr(filters, name)
        if value:
            items = items.filter(**{name: value})
    if filters.question is not None:
        items = items.filter(question=filters.question)
    # The page re-reads each text through the public layer: the index's copy stays behind.
    return items.defer("text", "terms").order_by("-created_at", "-pk")


# A list counts its matches up to this many, and says "more than" past it: counting every
# match of a frequent word costs more than finding the page (issue 15: p95 under 100 ms).
COUNT_CAP = 1000


def capped_count(items: QuerySet, cap: int = COUNT_CAP) -> int:
    """How many `items`, counted up to `cap + 1` at most: more than `cap` means "more than"."""
    return items.order_by()[: cap + 1].count()


def choices(process: Process) -> dict[str, list[str]]:
    """The values each filter may take in this démarche, for the search form.

    Read from the démarche's own small tables (not from the index: a distinct
    over 100,000 entries would cost more than the search itself).
    """
    return {
        "commune": list(process.territory.communes.order_by("name").values_list("name", flat=True)),
        "place": list(
            process.occasions.order_by("title").values_list("title", flat=True).distinct()
        ),
        "phase": list(process.phases.order_by("starts_at").values_list("title", flat=True)),
        "theme": list(process.themes.order_by("position").values_list("name", flat=True)),
    }
