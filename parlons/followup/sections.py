"""The follow-up part of a démarche's page: where its decisions stand, in one query."""

from django.utils.translation import npgettext

from parlons.followup.queries import status_counts
from parlons.followup.rules import can_manage_followup


def process_sections(request, process) -> list[dict]:
    counts = status_counts(process)
    can_manage = can_manage_followup(request.user, process)
    if not counts["total"] and not can_manage:
        return []
    return [
        {
            "order": 70,
            "template": "followup/_process_section.html",
            "context": {"process": process, "counts": counts, "can_manage": can_manage},
        }
    ]


def process_figures(process) -> list[dict]:
    """Decisions followed, once there is one (a démarche still in debate shows none)."""
    count = status_counts(process)["total"]
    if not count:
        return []
    return [
        {
            "order": 60,
            "value": count,
            "label": npgettext("chiffre clé", "décision suivie", "décisions suivies", count),
        }
    ]
