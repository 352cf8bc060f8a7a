"""What a person may see of a participatory budget, defined once."""

import hashlib
import random

from django.db.models import Count, QuerySet
from django.http import Http404

from parlons.processes.models import Process

from .models import BallotBox, Budget, CountOutcome, PaperBallot, Project


def budget_of(process: Process) -> Budget:
    """The démarche's budget, or 404 when it has none."""
    budget = Budget.objects.filter(process=process).select_related("process__territory").first()
    if budget is None:
        raise Http404("no budget")
    budget.process = process
    return budget


def public_projects(budget: Budget) -> QuerySet:
    """Every project as the public reads it: masked texts, author and private text deferred."""
    return (
        Project.objects.filter(budget=budget)
        .select_related("district")
        .defer("title", "description", "author")
        .order_by("district__name", "pk")
    )


def voting_projects(budget: Budget) -> QuerySet:
    """The projects put to the vote: those found feasible."""
    return public_projects(budget).filter(feasibility=Project.Feasibility.FEASIBLE)


def in_voter_order(projects, *, budget: Budget, seed_key: str) -> list:
    """The projects in an order of their own for each voter, the same at every reload.

    The order is shuffled with a seed made of the budget and the voter's key (never
    stored, never shown): no project gains from always being listed first, and a
    person who reloads the page finds the projects where they left them.
    """
    seed = hashlib.sha256(f"{budget.pk}:{seed_key}".encode()).digest()
    ordered = sorted(projects, key=lambda p: p.pk)
    random.Random(seed).shuffle(ordered)
    return ordered


def latest_outcome(budget: Budget) -> CountOutcome | None:
    return budget.outcomes.first()


def published_outcome(budget: Budget) -> CountOutcome | None:
    """The count published by an organiser: the latest one made before publication."""
    if budget.results_published_at is None:
        return None
    return budget.outcomes.filter(counted_at__lte=budget.results_published_at).first()


def ballot_count(budget: Budget) -> int:
    """Ballots cast: those written out and those still in the box (services.BALLOT_BATCH)."""
    box = BallotBox.objects.filter(budget=budget).values_list("pending", flat=True).first()
    return budget.ballots.count() + len(box or [])


# What the check page may show: every waiting ballot, or those of one status.
WAITING_STATUSES = (PaperBallot.Status.TO_CHECK, PaperBallot.Status.TO_CORRECT)


def paper_ballot_counts(budget: Budget) -> dict[str, int]:
    """How many paper ballots are in each status (to check, to correct, checked): one query."""
    counts = dict.fromkeys(PaperBallot.Status.values, 0)
    counts.update(
        budget.paper_ballots.order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    return counts


def waiting_paper_ballots(budget: Budget, status: str = "") -> QuerySet:
    """The paper ballots waiting for a second officer, by number: to check and to correct,
    or only those of `status` (one of WAITING_STATUSES)."""
    waiting = budget.paper_ballots.filter(
        status__in=[status] if status in WAITING_STATUSES else WAITING_STATUSES
    )
    return waiting.select_related("entered_by").order_by("number", "pk")
