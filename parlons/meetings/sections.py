"""The meetings part of a démarche's page: the next few meetings, in one query."""

from django.utils import timezone
from django.utils.translation import npgettext

from parlons.meetings.models import Meeting
from parlons.meetings.queries import next_public_meetings, upcoming_meetings
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


def home_sections(request, territory) -> list[dict]:
    """The home page's next meetings, across the territory's open démarches, in one query."""
    now = timezone.now()
    return [
        {
            "order": 20,
            "template": "meetings/_home_section.html",
            "context": {"meetings": list(next_public_meetings(territory, now)[:SHOWN]), "now": now},
        }
    ]


def process_figures(process) -> list[dict]:
    """The démarche's key figure from meetings, in one query: meetings held or planned."""
    count = Meeting.objects.filter(process=process, cancelled=False).count()
    return [
        {
            "order": 30,
            "value": count,
            "label": npgettext("chiffre clé", "réunion publique", "réunions publiques", count),
        }
    ]
