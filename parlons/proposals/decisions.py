"""The proposals' decisions, for the follow-up of decisions (parlons.processes.decisions)."""

from django.db.models import Prefetch

from parlons.processes.decisions import Decision
from parlons.proposals.models import Proposal, ProposalAnswer, State


def accepted_decisions(process) -> list[Decision]:
    """Every accepted proposal of the démarche with the answer that accepted it, in two queries."""
    from parlons.proposals.services import decision_of

    accepted = (
        Proposal.objects.filter(process_id=process.pk, state=State.ACCEPTED, held_for_review=False)
        .select_related("process")
        .defer("body", "title", "image_alt")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ProposalAnswer.objects.filter(state=State.ACCEPTED)
                .defer("reason")
                .order_by("-created_at", "-pk"),
                to_attr="accepting",
            )
        )
        .order_by("pk")
    )
    return [decision_of(p, p.accepting[0]) for p in accepted if p.accepting]
