"""The iCalendar feed, read back with the icalendar library as a calendar application would."""

import re
from datetime import UTC, timedelta

import pytest
from django.test import override_settings
from icalendar import Calendar

from parlons.meetings import services


def events(client, process):
    response = client.get(f"/demarches/{process.slug}/reunions.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_the_feed_lists_meetings_in_utc_with_address_and_stable_uid(client, process, make_meeting):
    meeting = make_meeting(title="Café numérique")
    calendar, found = events(client, process)
    assert str(calendar["VERSION"]) == "2.0"
    event = found["Café numérique"]
    start = event.decoded("DTSTART")
    assert start.utcoffset() == timedelta(0)
    assert start == meeting.starts_at.astimezone(UTC).replace(microsecond=0)
    assert event.decoded("DTEND") == meeting.ends_at.astimezone(UTC).replace(microsecond=0)
    raw = client.get(f"/demarches/{process.slug}/reunions.ics").content.decode()
    assert re.search(r"^DTSTART:\d{8}T\d{6}Z\r$", raw, re.MULTILINE)  # UTC, no TZID to ship
    assert str(event["LOCATION"]) == "Médiathèque du Port, 2 quai des Goélands, 29001 Port-Essai"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["GEO"].latitude == pytest.approx(47.658236)
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    uid = str(event["UID"])
    assert uid == f"reunion-{meeting.pk}@testserver"  # no PARLONS_PUBLIC_URL: the request's host
    _, again = events(client, process)
    assert str(again["Café numérique"]["UID"]) == uid


@pytest.mark.django_db
def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled_with_a_higher_sequence(
    client, organiser, process, make_meeting
):
    meeting = make_meeting(title="Atelier santé")
    _, before = events(client, process)
    services.cancel_meeting(actor=organiser, meeting=meeting, reason="Intervenante malade.")
    _, after = events(client, process)
    event = after["Atelier santé"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > int(before["Atelier santé"]["SEQUENCE"])
    assert str(event["UID"]) == str(before["Atelier santé"]["UID"])
    assert "Intervenante malade." in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_the_feed_holds_only_this_process_meetings(client, make_process, make_meeting, process):
    other = make_process(slug="autre-demarche")
    make_meeting(title="Ici", days=1)
    make_meeting(title="Ailleurs", days=2, process=other)
    _, found = events(client, process)
    assert set(found) == {"Ici"}
    make_meeting(title="Plus tard", days=40, hours=1)
    _, found = events(client, process)
    assert set(found) == {"Ici", "Plus tard"}
    assert found["Plus tard"].decoded("DTEND") - found["Plus tard"].decoded("DTSTART") == timedelta(
        hours=1
    )


@pytest.mark.django_db
@override_settings(PUBLIC_URL="https://participer.example.fr")
def test_the_feed_links_and_uids_use_the_public_address(client, process, make_meeting):
    meeting = make_meeting(title="Café numérique")
    _, found = events(client, process)
    event = found["Café numérique"]
    assert (str(event["URL"]), str(event["UID"])) == (
        "https://participer.example.fr" + meeting.get_absolute_url(),
        f"reunion-{meeting.pk}@participer.example.fr",
    )
