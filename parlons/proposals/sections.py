"""The proposals' section of a démarche's page, and their key figures; a fixed number of queries."""

from django.db.models import Count, Q
from django.utils.translation import npgettext

from parlons.proposals.models import Proposal, State, Support
from parlons.proposals.queries import public_proposals
from parlons.proposals.rules import can_propose


def process_sections(request, process) -> list[dict]:
    listed = public_proposals(process).exclude(state=State.MERGED)
    count = listed.count()
    if not count and not can_propose(request.user, process):
        return []  # a démarche without proposals: no empty section
    return [
        {
            "order": 25,
            "template": "proposals/_process_proposals.html",
            "context": {
                "process": process,
                "count": count,
                "most_supported": list(listed.order_by("-support_count", "-created_at")[:3]),
                "latest": list(listed.order_by("-created_at", "-pk")[:3]),
                "can_propose": can_propose(request.user, process),
            },
        }
    ]


def process_figures(process) -> list[dict]:
    """How many proposals, supports and accepted ones; two queries."""
    counts = Proposal.objects.filter(process=process, held_for_review=False).aggregate(
        proposals=Count("pk", filter=~Q(state=State.MERGED)),
        accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
    )
    if not counts["proposals"]:
        return []
    supports = Support.objects.filter(proposal__process=process).count()
    return [
        {
            "order": 15,
            "value": counts["proposals"],
            "label": npgettext("chiffre clé", "proposition", "propositions", counts["proposals"]),
        },
        {
            "order": 16,
            "value": supports,
            "label": npgettext("chiffre clé", "soutien", "soutiens", supports),
        },
        {
            "order": 45,
            "value": counts["accepted"],
            "label": npgettext(
                "chiffre clé", "proposition acceptée", "propositions acceptées", counts["accepted"]
            ),
        },
    ]
