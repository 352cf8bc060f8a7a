"""The follow-up part of a démarche's page: where its decisions stand, in one query."""

from django.utils.translation import npgettext

from parlons.followup.queries import status_counts
from parlons.followup.rules import can_manage_followup
from parlons.processes.pagecache import kept


def _counts(process) -> dict:
    """The démarche's counts, read once per page (the figures and the section both show them),
    and once per write of the démarche (pagecache.kept)."""
    counts = getattr(process, "_followup_counts", None)
    if counts is None:
        counts = kept(process.slug, "followup:counts", lambda: status_counts(process))
        process._followup_counts = counts
    return counts


def process_sections(request, process) -> list[dict]:
    counts = _counts(process)
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
    count = _counts(process)["total"]
    if not count:
        return []
    return [
        {
            "order": 60,
            "value": count,
            "label": npgettext("chiffre clé", "décision suivie", "décisions suivies", count),
        }
    ]
