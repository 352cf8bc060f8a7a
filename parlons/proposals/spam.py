"""What the team taught the spam score (parlons.core.spam) about proposals.

Kept: the held proposals someone of the team read and published. Proposals
are never hidden as spam (an answer refuses them publicly), so they teach
only what is not spam; the contributions moderators hid teach the rest.
"""

from parlons.proposals.models import Proposal


def moderated_texts(size: int) -> tuple[list[str], list[str]]:
    kept = list(
        Proposal.objects.filter(held_for_review=False)
        .exclude(held_explanation="")
        .order_by("-created_at")
        .values_list("body", flat=True)[:size]
    )
    return [], kept
