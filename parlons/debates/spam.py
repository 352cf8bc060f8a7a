"""What the debate's moderators taught the spam score (parlons.core.spam).

Hidden: the contributions a moderator hid. Kept: the contributions whose
report a moderator dismissed, and the held posts a moderator published.
"""

from django.db.models import Q

from parlons.debates.models import Contribution, Report


def moderated_texts(size: int) -> tuple[list[str], list[str]]:
    hidden = list(
        Contribution.objects.filter(is_hidden=True)
        .order_by("-hidden_at")
        .values_list("body", flat=True)[:size]
    )
    kept_ids = Report.objects.filter(outcome=Report.Outcome.KEPT).values("contribution")
    kept = list(
        Contribution.objects.filter(is_hidden=False, held_for_review=False)
        .filter(Q(pk__in=kept_ids) | ~Q(held_explanation=""))
        .order_by("-created_at")
        .values_list("body", flat=True)[:size]
    )
    return hidden, kept
