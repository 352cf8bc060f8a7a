"""What anyone may read of the debate, defined once for pages, exports and the API.

Counts (agree, disagree, pass, replies, official answers) come with each
contribution in the same query, as correlated subqueries that the database
runs only for the rows of the page: listing 20 contributions costs the same
whether the démarche holds 100 or 100,000.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404

from parlons.core.models import Territory
from parlons.debates import counters
from parlons.debates.models import (
    LISTED,
    Contribution,
    ContributionRevision,
    OfficialAnswer,
    Reaction,
    Report,
)
from parlons.debates.rules import can_moderate
from parlons.processes.models import Process
from parlons.processes.pagecache import kept


def _count(queryset: QuerySet, link: str) -> Coalesce:
    """COUNT(*) of `queryset` rows whose `link` is the outer contribution, 0 when none."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _counted(model, link: str, condition: str = "", params: tuple = ()) -> RawSQL:
    """COUNT(*) of `model` rows linked to the outer contribution by the column `link`.

    Written as SQL rather than as ORM subqueries: the result is the same, but
    Django compiles five nested subqueries in about as long as SQLite runs the
    whole page's query, on every request.
    """
    table = model._meta.db_table
    outer = Contribution._meta.db_table
    sql = f'SELECT COUNT(*) FROM "{table}" counted WHERE counted."{link}" = "{outer}"."id"'
    return RawSQL(sql + condition, params, output_field=IntegerField())


def with_reaction_counts(queryset: QuerySet) -> QuerySet:
    """Each contribution or reply with its agree, disagree and pass counts."""
    value = ' AND counted."value" = %s'
    return queryset.annotate(
        agree_count=_counted(Reaction, "contribution_id", value, (Reaction.Value.AGREE,)),
        disagree_count=_counted(Reaction, "contribution_id", value, (Reaction.Value.DISAGREE,)),
        pass_count=_counted(Reaction, "contribution_id", value, (Reaction.Value.PASS,)),
    )


def with_counts(queryset: QuerySet) -> QuerySet:
    """Each contribution with its reaction, reply and official answer counts.

    Replies count when anyone may read them: not hidden, not held, not withdrawn.
    """
    return with_reaction_counts(queryset).annotate(
        reply_count=_counted(
            Contribution,
            "root_id",
            ' AND counted."is_hidden" = %s AND counted."held_for_review" = %s'
            ' AND counted."withdrawn_at" IS NULL',
            (False, False),
        ),
        answer_count=_counted(OfficialAnswer, "contribution_id"),
    )


# What only the author, the mediator and the staff read: never loaded for a
# public surface, which shows `public_body` and `public_display_label` instead.
PRIVATE_FIELDS = (
    "title",
    "body",
    "display_label",
    "entered_by",
    "consent_given",
    "consent_text_version",
    "consent_at",
    "hidden_by",
    "paper_import",
)


def _public(queryset: QuerySet) -> QuerySet:
    return queryset.defer(*PRIVATE_FIELDS).select_related("author", "theme", "place", "occasion")


def public_contributions(process: Process) -> QuerySet:
    """The public read model of the debate: visible top-level contributions, newest first.

    What anyone who is not the author may be shown, for pages, feeds, exports
    and the API alike: texts as `public_body` (masked when written), authors
    through `author.public_name` (their pseudonym unless they chose
    otherwise), mediated signatures as `public_display_label`. The private
    fields are not even loaded.
    """
    return _public(
        Contribution.objects.filter(
            process=process,
            parent__isnull=True,
            is_hidden=False,
            held_for_review=False,
            withdrawn_at__isnull=True,
        )
    ).order_by("-created_at", "-id")


def public_replies(process: Process) -> QuerySet:
    """Visible replies of the démarche, as the public read model shows them."""
    return _public(
        Contribution.objects.filter(
            process=process,
            parent__isnull=False,
            is_hidden=False,
            held_for_review=False,
            withdrawn_at__isnull=True,
        )
    ).order_by("created_at", "id")


def territory_official_answers(territory) -> QuerySet:
    """The territory's latest official answers that anyone may read, newest first (home page).

    Only public copies are read: the private texts of the answer and its contribution
    are deferred.
    """
    return (
        OfficialAnswer.objects.filter(
            process__territory=territory,
            process__status__in=[Process.Status.PUBLISHED, Process.Status.ARCHIVED],
            contribution__is_hidden=False,
            contribution__withdrawn_at__isnull=True,
        )
        .select_related("author", "process", "contribution")
        .defer("body", *(f"contribution__{name}" for name in PRIVATE_FIELDS))
        .order_by("-created_at", "-id")
    )


def public_official_answers(process: Process) -> QuerySet:
    """Official answers to visible contributions, with their signature, oldest first."""
    return (
        OfficialAnswer.objects.filter(
            process=process,
            contribution__is_hidden=False,
            contribution__withdrawn_at__isnull=True,
        )
        .defer("body")
        .select_related("author")
        .order_by("created_at", "id")
    )


def _listed(process: Process) -> QuerySet:
    """Top-level contributions as pages list them: hidden ones stay, as a moderation trace.

    A hidden contribution shows "masqué par la modération : motif" in place of
    its text; the templates never show its text. Posts held for a moderator
    (the spam score) are not listed: their author finds them on their own page.
    Withdrawn ones are not listed either: their trace stays on their thread.
    The condition is the partial indexes' own (models.LISTED), so the database reads
    a page of the list in order from them.
    """
    return _public(Contribution.objects.filter(LISTED, process=process)).order_by(
        "-created_at", "-id"
    )


def for_reader(items, reader) -> list:
    """Set each item's `shown_text` and `shown_title`: the public copies, or the reader's own words.

    The author still reads what they wrote, unmasked; everyone else reads the
    masked copy. One query at most, for the reader's own items.
    """
    items = list(items)
    own = [
        item.pk
        for item in items
        if reader is not None and reader.is_authenticated and item.author_id == reader.pk
    ]
    texts = (
        {
            pk: (title, body)
            for pk, title, body in Contribution.objects.filter(pk__in=own).values_list(
                "pk", "title", "body"
            )
        }
        if own
        else {}
    )
    for item in items:
        item.shown_title, item.shown_text = texts.get(
            item.pk, (item.public_title, item.public_body)
        )
    return items


@dataclass
class Filters:
    theme: object = None
    place: object = None
    occasion: object = None
    answered: bool = False
    # Waiting for an official answer: visible, and no answer yet (what the experts work through).
    unanswered: bool = False


def contribution_list(process: Process, filters: Filters | None = None) -> QuerySet:
    filters = filters or Filters()
    queryset = _listed(process)
    if filters.theme is not None:
        queryset = queryset.filter(theme=filters.theme)
    if filters.place is not None:
        queryset = queryset.filter(place=filters.place)
    if filters.occasion is not None:
        queryset = queryset.filter(occasion=filters.occasion)
    answered = OfficialAnswer.objects.filter(process=process).values("contribution")
    if filters.answered:
        queryset = queryset.filter(pk__in=answered)
    if filters.unanswered:
        queryset = queryset.filter(is_hidden=False).exclude(pk__in=answered)
    return with_counts(queryset)


@dataclass
class ThreadItem:
    contribution: Contribution
    children: list["ThreadItem"] = field(default_factory=list)


@dataclass
class Thread:
    contribution: Contribution
    replies: list[ThreadItem]
    answers: list[OfficialAnswer]
    my_reaction: str | None


def _may_see_held(item: Contribution, user, reviewer: bool) -> bool:
    """A post held for a moderator is seen by its author and the moderators only."""
    if not item.held_for_review:
        return True
    return reviewer or (user is not None and user.is_authenticated and item.author_id == user.pk)


def held_posts(territory: Territory, limit: int = 100) -> list[Contribution]:
    """Posts the spam score held, the oldest first, for the moderators to publish or hide."""
    return list(
        Contribution.objects.filter(process__territory=territory, held_for_review=True)
        .select_related("process", "author")
        .order_by("created_at", "pk")[:limit]
    )


def thread_of(process: Process, pk: int, user=None) -> Thread:
    """A top-level contribution, its replies as a tree and its official answers.

    Five queries at most whatever the size of the thread: the contribution
    with its counts, all its replies with their reaction counts (they share
    the root), the reader's own words among them, its answers, the reader's
    reactions to any of them. A sixth, for the author and the moderators
    only, reads the earlier versions of the edited messages they may see.
    """
    reviewer = can_moderate(user, process.territory)
    # The rows are the same for every reader: read once per write of the
    # démarche (pagecache.kept); what this reader may see is chosen below.
    contribution, every_reply, answers = kept(
        process.slug, f"debates:thread:{int(pk)}", lambda: _thread_rows(process, pk)
    )
    if contribution is None or not _may_see_held(contribution, user, reviewer):
        raise Http404(pk)
    replies = [reply for reply in every_reply if _may_see_held(reply, user, reviewer)]
    everything = [contribution, *replies]
    for_reader(everything, user)
    items = {reply.pk: ThreadItem(reply) for reply in replies}
    top: list[ThreadItem] = []
    for reply in replies:
        parent = items.get(reply.parent_id)
        (parent.children if parent else top).append(items[reply.pk])
    signed_in = user is not None and user.is_authenticated
    mine = (
        dict(
            Reaction.objects.filter(
                contribution__in=[item.pk for item in everything], user=user
            ).values_list("contribution_id", "value")
        )
        if signed_in
        else {}
    )
    for item in everything:
        item.process = process  # the predicates read its phases, already loaded
        item.my_reaction = mine.get(item.pk)
        item.earlier_versions = []
    _attach_history(everything, user, reviewer)
    return Thread(contribution, top, answers, contribution.my_reaction)


def _thread_rows(process: Process, pk: int) -> tuple[Contribution | None, list, list]:
    """A contribution with its counts, all its replies (held ones too) and its answers."""
    contribution = (
        with_counts(_public(Contribution.objects.filter(process=process, parent__isnull=True)))
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        return None, [], []
    replies = list(
        with_reaction_counts(_public(Contribution.objects.filter(root=contribution))).order_by(
            "created_at", "id"
        )
    )
    answers = list(public_official_answers(process).filter(contribution=contribution))
    return contribution, replies, answers


def _attach_history(items: list[Contribution], user, reviewer: bool) -> None:
    """The earlier versions of edited messages, for their author and the moderators only."""
    signed_in = user is not None and user.is_authenticated
    shown = {
        item.pk: item
        for item in items
        if item.edited_at is not None and (reviewer or (signed_in and item.author_id == user.pk))
    }
    if not shown:
        return
    for revision in ContributionRevision.objects.filter(contribution__in=list(shown)).order_by(
        "-replaced_at", "-id"
    ):
        shown[revision.contribution_id].earlier_versions.append(revision)


def reactions_of(process: Process, pk: int, user) -> Contribution:
    """One message with its reaction counts and the reader's own reaction (the htmx partial)."""
    contribution = (
        with_reaction_counts(_public(Contribution.objects.filter(process=process))).filter(pk=pk)
    ).first()
    if contribution is None:
        raise Http404(pk)
    contribution.my_reaction = (
        Reaction.objects.filter(contribution=contribution, user=user)
        .values_list("value", flat=True)
        .first()
    )
    return contribution


def contribution_for(process: Process, pk: int) -> Contribution:
    """Any contribution or reply of the démarche (for writes); 404 otherwise."""
    contribution = (
        Contribution.objects.select_related("author").filter(process=process, pk=pk).first()
    )
    if contribution is None:
        raise Http404(pk)
    contribution.process = process  # keeps the prefetched phases for the predicates
    return contribution


def latest_official_answers(process: Process, limit: int = 5) -> list[OfficialAnswer]:
    return list(
        public_official_answers(process)
        .select_related("contribution")
        .defer(*(f"contribution__{name}" for name in PRIVATE_FIELDS))
        .order_by("-created_at", "-id")[:limit]
    )


def process_summary(process: Process, latest: int = 5, reader=None) -> dict[str, Any]:
    """What the démarche page shows of the debate, in a fixed number of queries.

    The same for every reader but the reader's own words (`for_reader`): read
    once per write of the démarche and kept until the next (pagecache.kept).
    """
    summary = kept(process.slug, f"debates:summary:{latest}", lambda: _summary(process, latest))
    return {**summary, "latest": for_reader(summary["latest"], reader)}


def _summary(process: Process, latest: int) -> dict[str, Any]:
    return {
        "contribution_count": listed_count(process),
        "latest": list(with_counts(public_contributions(process))[:latest]),
        "answers": latest_official_answers(process),
        "answer_count": counters.totals(process)["answers"],
    }


def listed_count(process: Process) -> int:
    """How many top-level contributions the démarche lists: its counter (debates.counters).

    One row read once per write of the démarche (pagecache.kept).
    """
    return kept(process.slug, "debates:listed", lambda: counters.totals(process)["listed"])


def filtered_count(process: Process, filters: Filters) -> int | None:
    """The count of the list, whole or filtered by theme or by commune alone, from its kept
    counter.

    None for other filters (a meeting, answered or not): the paginator counts them.
    """
    if filters == Filters():
        return listed_count(process)
    if filters.theme is not None and filters == Filters(theme=filters.theme):
        kind, key = counters.THEME, filters.theme.pk  # type: ignore[attr-defined]  # a Theme
    elif filters.place is not None and filters == Filters(place=filters.place):
        kind, key = counters.PLACE, filters.place.pk  # type: ignore[attr-defined]  # a Commune
    else:
        return None

    def read() -> int:
        return counters.listed_with(process, kind, key)

    return kept(process.slug, f"debates:listed:{kind}:{key}", read)


def moderation_queue(territory: Territory) -> QuerySet:
    """Contributions with open reports, the longest-waiting first, with those reports."""
    open_reports = Report.objects.filter(handled_at__isnull=True)
    return (
        Contribution.objects.filter(
            process__territory=territory,
            pk__in=open_reports.values("contribution"),
        )
        .select_related("process", "author", "root", "parent")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=open_reports.select_related("reporter").order_by("created_at"),
                to_attr="open_reports",
            )
        )
        .annotate(
            open_report_count=_count(open_reports, "contribution"),
            first_reported_at=Subquery(
                open_reports.filter(contribution=OuterRef("pk"))
                .order_by("created_at")
                .values("created_at")[:1]
            ),
        )
        .order_by("first_reported_at", "pk")
    )


def hidden_contributions(territory: Territory, limit: int = 50) -> list[Contribution]:
    """The most recently hidden contributions, so a moderator can restore one."""
    return list(
        Contribution.objects.filter(process__territory=territory, is_hidden=True)
        .select_related("process", "author", "hidden_by")
        .order_by("-hidden_at")[:limit]
    )
