"""The demo territory's meetings, loaded through the public `load_demo` command."""

import pytest
from django.core import mail
from django.core.management import call_command

from parlons.meetings.models import Meeting, Place, Registration


@pytest.mark.django_db
def test_the_demo_has_places_past_minutes_and_a_full_meeting_with_a_waiting_list():
    call_command("load_demo")
    assert Place.objects.count() >= 5
    assert {"cafe", "library", "social_centre", "ferry_terminal"} <= set(
        Place.objects.values_list("kind", flat=True)
    )
    assert all(place.accessibility for place in Place.objects.all())
    meetings = Meeting.objects.all()
    assert 6 <= meetings.count() <= 8
    published = meetings.exclude(minutes_published_at=None)
    assert published.count() >= 3
    assert all(m.has_started() for m in published)
    full = [m for m in meetings if m.capacity and m.is_full]
    assert full and full[0].registrations.filter(status=Registration.Status.WAITING).exists()
    assert meetings.filter(cancelled=True).count() == 1
    assert mail.outbox == []  # loading the demo writes to nobody
