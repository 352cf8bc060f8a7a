"""The data charter for meetings: export, erasure and retention of registrations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.conftest import make_person
from parlons.core.charter import Expiry, declarations
from parlons.meetings import services
from parlons.meetings.models import Meeting, Registration
from parlons.privacy.services import erase_account, export_user_data, purge_expired


@pytest.mark.django_db
def test_registrations_are_declared_with_their_retention():
    declared = {item.key: item for item in declarations()}
    assert declared["meetings.Registration.user"].expiry == Expiry(365, after="meeting__ends_at")
    assert "meetings.Registration.reminded_at" in declared


@pytest.mark.django_db
def test_a_person_gets_their_registrations_in_their_data_export(citizen, meeting):
    services.register(actor=citizen, meeting=meeting)
    exported = export_user_data(user=citizen)["meetings"]["registrations"]
    assert exported == [
        {
            "meeting": "Le numérique et l'emploi",
            "process": meeting.process.title,
            "place": "Médiathèque du Port",
            "starts_at": meeting.starts_at.isoformat(),
            "status": "confirmed",
            "registered_at": Registration.objects.get().created_at.isoformat(),
            "reminded_at": None,
        }
    ]


@pytest.mark.django_db
def test_erasing_an_account_deletes_its_registrations_and_hands_the_seat_on(
    territory, citizen, meeting
):
    others = [make_person(territory, name) for name in ("deux", "trois")]
    services.register(actor=citizen, meeting=meeting)
    for person in others:
        services.register(actor=person, meeting=meeting)
    assert Registration.objects.get(user=others[1]).status == "waiting"
    erase_account(actor=citizen, user=citizen)
    assert not Registration.objects.filter(user=citizen).exists()
    assert Registration.objects.get(user=others[1]).status == "confirmed"


@pytest.mark.django_db
def test_registrations_go_one_year_after_the_meeting(citizen, other_citizen, make_meeting):
    old = make_meeting(days=-400)
    recent = make_meeting(days=-100)
    Registration.objects.create(meeting=old, user=citizen, status="confirmed")
    Registration.objects.create(meeting=recent, user=citizen, status="confirmed")
    Registration.objects.create(meeting=old, user=other_citizen, status="waiting")
    assert purge_expired()["meetings.Registration.user"] == 2
    assert list(Registration.objects.values_list("meeting", flat=True)) == [recent.pk]
    assert Meeting.objects.filter(pk=old.pk).exists()  # the meeting and its minutes stay
    assert purge_expired(now=timezone.now() + timedelta(days=1))["meetings.Registration.user"] == 0
