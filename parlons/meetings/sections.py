"""The meetings part of a démarche's page: the next few meetings, in one query."""

from django.utils import timezone

from parlons.meetings.queries import upcoming_meetings
from parlons.meetings.rules import can_manage_meetings

SHOWN = 3


def process_sections(request, process) -> list[dict]:
    now = timezone.now()
    return [
        {
            "order": 40,
            "template": "meetings/_process_section.html",
            "context": {
                "process": process,
                "meetings": list(upcoming_meetings(process, now)[:SHOWN]),
                "now": now,
                "can_manage": can_manage_meetings(request.user, process),
            },
        }
    ]
