"""Reads of the follow-up, defined once for the pages, the Atom feed and the démarche section."""

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from parlons.core.models import Territory
from parlons.followup.models import ResultUpdate, Status, TrackedResult
from parlons.followup.rules import can_view_followup
from parlons.processes.models import Process
from parlons.processes.queries import process_for, public_processes

# Staff write these for the institution; the public reads their masked copy.
PRIVATE_UPDATE_FIELDS = ("text", "author")


def with_last_update(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("process").annotate(last_update_at=Max("updates__published_at"))


def results_of(process: Process, status: str | None = None) -> QuerySet:
    """The démarche's tracked results, most recently updated first; `status` filters them."""
    results = with_last_update(TrackedResult.objects.filter(process=process))
    if status:
        results = results.filter(status=status)
    return results.order_by("-last_update_at", "-pk")


def territory_results(territory: Territory | None, status: str | None = None) -> QuerySet:
    """Tracked results of every démarche anyone may read, in the territory."""
    processes = public_processes().filter(territory=territory)
    results = with_last_update(TrackedResult.objects.filter(process__in=processes))
    if status:
        results = results.filter(status=status)
    return results.order_by("process__title", "-last_update_at", "-pk")


def result_for(user, slug: str, result_id: int) -> TrackedResult:
    """The result `result_id` of the démarche at `slug` if `user` may see it; 404 otherwise."""
    process = process_for(user, slug)
    result = with_last_update(TrackedResult.objects.filter(process=process, pk=result_id)).first()
    if result is None or not can_view_followup(user, process):
        raise Http404(result_id)
    result.process = process
    return result


def public_updates(result: TrackedResult) -> list[ResultUpdate]:
    """The result's dated history, newest first; each line knows the status before it."""
    updates = list(
        ResultUpdate.objects.filter(result=result)
        .defer(*PRIVATE_UPDATE_FIELDS)
        .order_by("published_at", "pk")
    )
    previous = None
    for update in updates:
        update.previous_status = previous
        update.status_changed = previous is not None and previous != update.status
        update.previous_status_label = Status(previous).label if previous else ""
        previous = update.status
    return list(reversed(updates))


# The feed carries the latest updates only: readers poll it, the pages keep the whole history.
FEED_SIZE = 50


def feed_updates(process: Process, limit: int | None = None) -> QuerySet:
    """The démarche's latest updates with text (FEED_SIZE of them), for the Atom feed."""
    return (
        ResultUpdate.objects.filter(result__process=process)
        .exclude(public_text="")
        .select_related("result__process")
        .defer(*PRIVATE_UPDATE_FIELDS)
        .order_by("-published_at", "-pk")[: limit or FEED_SIZE]
    )


def status_counts(process: Process) -> dict[str, int]:
    """How many results the démarche follows, and how many in each status, in one query."""
    counts = TrackedResult.objects.filter(process=process).aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(status=value)) for value in Status.values},
    )
    return {key: value or 0 for key, value in counts.items()}


def updates_by(user) -> QuerySet:
    return ResultUpdate.objects.filter(author=user).select_related("result__process")


def with_followup_counts(processes: QuerySet) -> QuerySet:
    """Démarches with how many results they follow and how many are done, in the same query."""
    return processes.annotate(
        followup_total=Count("tracked_results", distinct=True),
        followup_done=Count(
            "tracked_results", filter=Q(tracked_results__status=Status.DONE), distinct=True
        ),
    )
