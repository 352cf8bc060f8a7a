"""The debate's counters, kept by the services that write messages (issue 17, national scale).

A message's *footprint* is what it adds to its démarche's counters as it stands:
listed or not, visible or not, a reply or not, whose, which theme and commune.
A service that changes a message takes its footprint before and after, and a
`Tally` writes the difference in the same transaction, in one statement (an
upsert of every counter touched, SQLite and PostgreSQL alike); a second one
only when a person's first visible message appears or their last one leaves.
Bulk writes (imports, erasure) add many footprints to one Tally.

`recount` rebuilds every counter from the messages: for existing rows (the
migration), after a raw load (bench seeding), and in the tests, which compare
the kept counters with a recount after each kind of operation.
See docs/decisions/0020-debate-counters-kept-by-the-services.md.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from parlons.debates.models import LISTED, Contribution, DebateCount, OfficialAnswer

VISIBLE = Q(is_hidden=False, held_for_review=False, withdrawn_at__isnull=True)
FIELDS = (
    "process_id",
    "parent_id",
    "author_id",
    "theme_id",
    "place_id",
    "is_hidden",
    "held_for_review",
    "withdrawn_at",
)
# The démarche's own numbers (key 0); "author", "theme" and "place" are keyed by their id.
TOTALS = ("listed", "contributions", "replies", "without_account", "authors", "answers")
AUTHOR, THEME, PLACE = "author", "theme", "place"
UPSERT_BATCH = 500


@dataclass(frozen=True)
class Footprint:
    process_id: int
    listed: bool
    visible: bool
    reply: bool
    author_id: int | None
    theme_id: int | None
    place_id: int | None
    # Its official answers are public (queries.public_official_answers): not hidden, not withdrawn.
    answers_shown: bool

    @classmethod
    def of(cls, contribution: Contribution) -> "Footprint":
        return cls.from_values(*(getattr(contribution, name) for name in FIELDS))

    @classmethod
    def from_values(
        cls, process_id, parent_id, author_id, theme_id, place_id, hidden, held, withdrawn_at
    ) -> "Footprint":
        shown = not held and withdrawn_at is None
        return cls(
            process_id=process_id,
            listed=parent_id is None and shown,
            visible=shown and not hidden,
            reply=parent_id is not None,
            author_id=author_id,
            theme_id=theme_id,
            place_id=place_id,
            answers_shown=not hidden and withdrawn_at is None,
        )


class Tally:
    """Differences to the counters, written at once by `save`."""

    def __init__(self) -> None:
        self.deltas: Counter = Counter()  # (process_id, kind, key) -> delta

    def add(self, footprint: Footprint | None, sign: int = 1) -> "Tally":
        if footprint is None:
            return self
        process = footprint.process_id
        if footprint.listed:
            self.deltas[(process, "listed", 0)] += sign
            if footprint.theme_id is not None:
                self.deltas[(process, THEME, footprint.theme_id)] += sign
            if footprint.place_id is not None:
                self.deltas[(process, PLACE, footprint.place_id)] += sign
        if footprint.visible:
            self.deltas[(process, "replies" if footprint.reply else "contributions", 0)] += sign
            if footprint.author_id is None:
                self.deltas[(process, "without_account", 0)] += sign
            else:
                self.deltas[(process, AUTHOR, footprint.author_id)] += sign
        return self

    def change(self, before: Footprint | None, after: Footprint | None) -> "Tally":
        return self.add(before, -1).add(after, 1)

    def save(self) -> None:
        changes = {where: delta for where, delta in self.deltas.items() if delta}
        people: Counter = Counter()
        for process, kind, key, value in _upsert(changes):
            if kind == AUTHOR:
                before = value - changes[(process, kind, key)]
                people[(process, "authors", 0)] += (value > 0) - (before > 0)
        _upsert({where: delta for where, delta in people.items() if delta})
        self.deltas.clear()


def _upsert(changes: dict[tuple[int, str, int], int]) -> list[tuple]:
    """Add each delta to its counter, created at 0 if missing; returns the new values."""
    if not changes:
        return []
    table, process, kind, key, value = map(
        connection.ops.quote_name,
        (DebateCount._meta.db_table, "process_id", "kind", "key", "value"),
    )
    columns = f"{process}, {kind}, {key}"
    items = list(changes.items())
    found = []
    with connection.cursor() as cursor:
        # In batches: an import may touch thousands of people (SQLite's limit on parameters).
        for start in range(0, len(items), UPSERT_BATCH):
            batch = items[start : start + UPSERT_BATCH]
            rows = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}, {value}) VALUES {rows} ON CONFLICT ({columns}) "
                f"DO UPDATE SET {value} = {table}.{value} + excluded.{value} "
                f"RETURNING {columns}, {value}",
                [item for where, delta in batch for item in (*where, delta)],
            )
            found += cursor.fetchall()
    return found


def changed(contribution: Contribution, before: Footprint) -> None:
    """Write the difference a service made to one message (inside its transaction)."""
    after = Footprint.of(contribution)
    tally = Tally().change(before, after)
    if before.answers_shown != after.answers_shown and not contribution.is_reply:
        answers = OfficialAnswer.objects.filter(contribution=contribution).count()
        tally.deltas[(after.process_id, "answers", 0)] += (
            answers if after.answers_shown else -answers
        )
    tally.save()


def answered(answer: OfficialAnswer) -> None:
    """A new official answer (to a visible contribution: `answer_officially` checks it)."""
    contribution = answer.contribution
    if Footprint.of(contribution).answers_shown:
        _upsert({(answer.process_id, "answers", 0): 1})


def added(contributions: Iterable[Contribution]) -> None:
    """New messages, one or many (a post, an import)."""
    tally = Tally()
    for contribution in contributions:
        tally.add(Footprint.of(contribution))
    tally.save()


def footprints(queryset) -> list[Footprint]:
    return [Footprint.from_values(*row) for row in queryset.values_list(*FIELDS)]


def totals(process) -> dict[str, int]:
    """The démarche's own numbers, in one query."""
    found = dict(
        DebateCount.objects.filter(process=process, kind__in=TOTALS, key=0).values_list(
            "kind", "value"
        )
    )
    return {kind: found.get(kind, 0) for kind in TOTALS}


def listed_with(process, kind: str, key: int) -> int:
    """Listed top-level posts of the démarche with this theme or commune."""
    row = DebateCount.objects.filter(process=process, kind=kind, key=key).values("value").first()
    return row["value"] if row else 0


def recount(process_ids: Iterable[int] | None = None, models=None) -> None:
    """Rebuild the counters of these démarches (all when None) from their messages.

    `models`: the (Contribution, DebateCount, OfficialAnswer) to use; a migration gives its
    historical ones.
    """
    contribution, count, official_answer = models or (Contribution, DebateCount, OfficialAnswer)
    messages = contribution.objects.all()
    kept = count.objects.all()
    if process_ids is not None:
        process_ids = list(process_ids)
        messages = messages.filter(process_id__in=process_ids)
        kept = kept.filter(process_id__in=process_ids)
    kept.delete()
    answers = official_answer.objects.filter(
        contribution__is_hidden=False, contribution__withdrawn_at__isnull=True
    )
    if process_ids is not None:
        answers = answers.filter(process_id__in=process_ids)
    count.objects.bulk_create(
        count(process_id=row["process_id"], kind="answers", key=0, value=row["n"])
        for row in answers.values("process_id").annotate(n=Count("pk")).order_by()
    )
    per_process = messages.values("process_id").annotate(
        listed=Count("pk", filter=LISTED),
        contributions=Count("pk", filter=VISIBLE & Q(parent__isnull=True)),
        replies=Count("pk", filter=VISIBLE & Q(parent__isnull=False)),
        without_account=Count("pk", filter=VISIBLE & Q(author__isnull=True)),
        authors=Count("author", filter=VISIBLE, distinct=True),
    )
    count.objects.bulk_create(
        (
            count(process_id=row["process_id"], kind=kind, key=0, value=row[kind])
            for row in per_process.order_by("process_id").iterator()
            for kind in TOTALS
            if kind != "answers" and row[kind]
        ),
        batch_size=1000,
    )
    for kind, field, condition in (
        (AUTHOR, "author_id", VISIBLE & Q(author__isnull=False)),
        (THEME, "theme_id", LISTED & Q(theme__isnull=False)),
        (PLACE, "place_id", LISTED & Q(place__isnull=False)),
    ):
        rows = messages.filter(condition).values("process_id", field).annotate(n=Count("pk"))
        count.objects.bulk_create(
            (
                count(process_id=row["process_id"], kind=kind, key=row[field], value=row["n"])
                for row in rows.order_by().iterator()
            ),
            batch_size=1000,
        )


def snapshot(process_ids: Iterable[int] | None = None) -> dict[tuple[int, str, int], int]:
    """Every counter that is not 0: the tests compare the kept ones with a recount."""
    rows = DebateCount.objects.exclude(value=0)
    if process_ids is not None:
        rows = rows.filter(process_id__in=list(process_ids))
    return {
        (p, kind, key): value
        for p, kind, key, value in rows.values_list("process_id", "kind", "key", "value")
    }
