"""The meetings part of a démarche's page: the next few meetings, in one query.

The démarche's meetings still to come are read once per write of the démarche
(parlons.processes.pagecache.kept, docs/decisions/0014): between two writes a
meeting can only leave them (it ends), never join them, so the ones that have
ended since are left out on each read, and the page shows what a fresh query
would.
"""

from django.utils import timezone
from django.utils.translation import npgettext

from parlons.meetings.models import Meeting
from parlons.meetings.queries import next_public_meetings, upcoming_meetings
from parlons.meetings.rules import can_manage_meetings
from parlons.processes.pagecache import kept

SHOWN = 3
# Meetings still to come kept per démarche; when more were there and fewer than SHOWN
# remain of the kept ones, the query runs again.
KEPT = 50


def _next_meetings(process, now) -> list[Meeting]:
    coming = kept(
        process.slug, "meetings:coming", lambda: list(upcoming_meetings(process, now)[:KEPT])
    )
    shown = [meeting for meeting in coming if meeting.ends_at > now][:SHOWN]
    if len(shown) < SHOWN and len(coming) >= KEPT:
        return list(upcoming_meetings(process, now)[:SHOWN])
    return shown


def process_sections(request, process) -> list[dict]:
    now = timezone.now()
    return [
        {
            "order": 40,
            "template": "meetings/_process_section.html",
            "context": {
                "process": process,
                "meetings": _next_meetings(process, now),
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
