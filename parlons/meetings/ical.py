"""The iCalendar feed of a démarche's meetings (RFC 5545), for calendar applications.

Times are written in UTC so that no time-zone definition has to be shipped;
each meeting keeps the same UID for ever, and its SEQUENCE grows with every
change, so calendars update the event instead of adding a new one.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vGeo

from parlons.core.public_url import public_url
from parlons.meetings.models import Meeting


def meeting_uid(meeting: Meeting, base_url: str) -> str:
    host = urlsplit(base_url).hostname or "parlons.invalid"
    return f"reunion-{meeting.pk}@{host}"


def _location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.place.name, meeting.place.full_address) if part)


def _event(meeting: Meeting, process_title: str, base_url: str) -> Event:
    url = base_url + meeting.get_absolute_url()
    event = Event()
    event.add("uid", meeting_uid(meeting, base_url))
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("location", _location(meeting))
    if meeting.place.has_coordinates:
        event.add("geo", vGeo((float(meeting.place.latitude), float(meeting.place.longitude))))
    description = [process_title, meeting.description.strip(), url]
    if meeting.cancelled:
        description.insert(
            0, _("Réunion annulée : %(reason)s") % {"reason": meeting.cancellation_reason}
        )
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Parlons//Réunions publiques//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def process_calendar(process, meetings, request: HttpRequest | None = None) -> bytes:
    """The feed's bytes; links use the public address, or the request's host when none is set."""
    base_url = public_url(request)
    calendar = _calendar(_("Réunions publiques : %(title)s") % {"title": process.title})
    for meeting in meetings:
        calendar.add_component(_event(meeting, process.title, base_url))
    return calendar.to_ical()


def meeting_calendar(meeting: Meeting, request: HttpRequest | None = None) -> bytes:
    """One meeting's .ics: the same event (UID, SEQUENCE) as in the démarche's feed."""
    base_url = public_url(request)
    calendar = _calendar(meeting.title)
    calendar.add_component(_event(meeting, meeting.process.title, base_url))
    return calendar.to_ical()
