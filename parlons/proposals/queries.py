"""What anyone may read about proposals: public copies only, the private texts deferred."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from parlons.proposals.models import (
    LISTED,
    Proposal,
    ProposalAnswer,
    ProposalRevision,
    State,
    Support,
)

PRIVATE = ("title", "body", "image_alt", "display_label", "held_explanation")

SORTS = {
    "recentes": ("-created_at", "-id"),
    "soutiens": ("-support_count", "-created_at", "-id"),
}
DEFAULT_SORT = "recentes"


@dataclass(frozen=True)
class Filters:
    theme: int | None = None
    place: int | None = None
    state: str = ""
    sort: str = DEFAULT_SORT


def published_proposals(process) -> QuerySet:
    """Every proposal anyone may know of (not held for the team), withdrawn ones as traces.

    The open data reads this: a withdrawn proposal stays a row, in the state
    "withdrawn", without its words.
    """
    return (
        Proposal.objects.filter(process=process, held_for_review=False)
        .defer(*PRIVATE)
        .select_related("author", "theme", "place", "merged_into")
    )


def public_proposals(process) -> QuerySet:
    """The listed proposals of a démarche: not held for the team, not withdrawn."""
    return published_proposals(process).filter(withdrawn_at__isnull=True)


def revisions_of(proposal) -> list[ProposalRevision]:
    """The earlier versions, newest first: for the author and the démarche's team only."""
    return list(proposal.revisions.order_by("-replaced_at", "-pk"))


def proposal_list(process, filters: Filters) -> QuerySet:
    found = public_proposals(process)
    if filters.theme:
        found = found.filter(theme_id=filters.theme)
    if filters.place:
        found = found.filter(place_id=filters.place)
    if filters.state:
        found = found.filter(state=filters.state)
    return found.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def proposal_for(process, pk: int) -> Proposal:
    """One proposal of the démarche (held ones too: the page tells who may see what)."""
    proposal = (
        Proposal.objects.filter(process=process, pk=pk)
        .select_related("author", "theme", "place", "merged_into", "process")
        .first()
    )
    if proposal is None:
        raise Http404(pk)
    return proposal


def answers_of(proposal) -> list[ProposalAnswer]:
    return list(proposal.answers.defer("reason").order_by("created_at", "pk"))


def supported_by(user, proposals) -> set[int]:
    """Which of `proposals` the person supports, in one query."""
    if user is None or not user.is_authenticated:
        return set()
    ids = [p.pk for p in proposals]
    return set(
        Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", flat=True)
    )


def waiting_for_answer(process) -> QuerySet:
    """Published proposals without an official answer yet, the most supported first."""
    return (
        public_proposals(process)
        .filter(state=State.PUBLISHED)
        .order_by("-support_count", "created_at", "pk")
    )


def under_study(process) -> QuerySet:
    return (
        public_proposals(process)
        .filter(state=State.UNDER_STUDY)
        .order_by("-support_count", "created_at", "pk")
    )


def held(process) -> QuerySet:
    return (
        Proposal.objects.filter(process=process, held_for_review=True, withdrawn_at__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def look_alike_candidates(process) -> QuerySet:
    """What new proposals are compared with: the listed, not merged ones, newest first."""
    return (
        Proposal.objects.filter(LISTED, process=process)
        .exclude(state=State.MERGED)
        .only("pk", "process", "public_title", "public_terms", "support_count", "state")
        .order_by("-created_at", "-pk")
    )
