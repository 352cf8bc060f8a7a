"""The proposals' section of a démarche's page, and their key figures.

A démarche none of whose phases opens proposals or supports costs no query
(its phases are read with it); otherwise one query for the figures, shared by
both hooks, and two for the section's lists, whatever the number of proposals.
"""

from django.db.models import Count, Q, Sum
from django.utils.translation import npgettext

from parlons.proposals.components import PROPOSE, SUPPORT
from parlons.proposals.models import LISTED, Proposal, State
from parlons.proposals.queries import public_proposals
from parlons.proposals.rules import can_propose


def _uses_proposals(process) -> bool:
    return any(phase.allows(PROPOSE) or phase.allows(SUPPORT) for phase in process.phases.all())


def _counts(process) -> dict:
    """Listed proposals, accepted ones and supports, in one query, kept on the démarche."""
    cached = getattr(process, "_proposal_counts", None)
    if cached is None:
        counts = Proposal.objects.filter(LISTED, process=process).aggregate(
            proposals=Count("pk", filter=~Q(state=State.MERGED)),
            accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
            supports=Sum("support_count"),
        )
        cached = {key: value or 0 for key, value in counts.items()}
        process._proposal_counts = cached
    return cached


def process_sections(request, process) -> list[dict]:
    if not _uses_proposals(process):
        return []
    count = _counts(process)["proposals"]
    allowed = can_propose(request.user, process)
    if not count and not allowed:
        return []  # nothing to show, nothing to do here
    listed = public_proposals(process).exclude(state=State.MERGED)
    return [
        {
            "order": 25,
            "template": "proposals/_process_proposals.html",
            "context": {
                "process": process,
                "count": count,
                "most_supported": list(listed.order_by("-support_count", "-created_at")[:3]),
                "latest": list(listed.order_by("-created_at", "-pk")[:3]),
                "can_propose": allowed,
            },
        }
    ]


def process_figures(process) -> list[dict]:
    """How many proposals, supports and accepted proposals; one query."""
    if not _uses_proposals(process):
        return []
    counts = _counts(process)
    if not counts["proposals"]:
        return []
    return [
        {
            "order": 15,
            "value": counts["proposals"],
            "label": npgettext("chiffre clé", "proposition", "propositions", counts["proposals"]),
        },
        {
            "order": 16,
            "value": counts["supports"],
            "label": npgettext("chiffre clé", "soutien", "soutiens", counts["supports"]),
        },
        {
            "order": 45,
            "value": counts["accepted"],
            "label": npgettext(
                "chiffre clé", "proposition acceptée", "propositions acceptées", counts["accepted"]
            ),
        },
    ]
