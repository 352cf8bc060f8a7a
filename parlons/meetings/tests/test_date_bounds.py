"""Dates a person sets stay in core.validators' range, and pages show the extreme ones."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.timezone import localtime

from parlons.conftest import login_staff
from parlons.core.validators import EARLIEST_DATE, LATEST_DATE
from parlons.meetings import services
from parlons.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def meeting_form(place, starts_at: str, ends_at: str) -> dict:
    return {
        "title": "Atelier mobilité",
        "place": place.pk,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "description": "",
        "registration_required": "on",
        "capacity": "",
    }


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [("0001-01-01T10:00", "0001-01-01T12:00"), ("2100-01-01T10:00", "2100-01-01T12:00")],
)
def test_a_meeting_out_of_the_range_is_refused_by_the_form_in_french(
    client, organiser, process, place, starts_at, ends_at
):
    login_staff(client, organiser)
    response = client.post(
        f"/demarches/{process.slug}/reunions/equipe/nouvelle/",
        meeting_form(place, starts_at, ends_at),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [
        "Choisissez une date entre 2000 et 2099."
    ]
    assert not Meeting.objects.exists()


def test_the_service_refuses_a_meeting_in_year_one(organiser, process, place):
    year_one = datetime(1, 1, 2, 10, tzinfo=UTC)
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(
            actor=organiser,
            process=process,
            place=place,
            title="Atelier",
            starts_at=year_one,
            ends_at=year_one + timedelta(hours=2),
        )
    assert refused.value.message_dict["starts_at"] == ["Choisissez une date entre 2000 et 2099."]


def test_public_pages_answer_200_with_the_extreme_allowed_dates(client, organiser, process, place):
    earliest = services.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title="La toute première",
        starts_at=EARLIEST_DATE,
        ends_at=EARLIEST_DATE + timedelta(hours=2),
        past_confirmed=True,
    )
    latest = services.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title="La toute dernière",
        starts_at=LATEST_DATE - timedelta(hours=2),
        ends_at=LATEST_DATE - timedelta(minutes=1),
    )
    phase = process.phases.get(kind="contributions")
    phase.ends_at = LATEST_DATE - timedelta(minutes=1)
    phase.full_clean()
    phase.save()
    pages = [
        "/demarches/",
        f"/demarches/{process.slug}/",
        f"/demarches/{process.slug}/reunions/",
        f"/demarches/{process.slug}/reunions.ics",
        earliest.get_absolute_url(),
        latest.get_absolute_url(),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    feed = client.get(f"/demarches/{process.slug}/reunions.ics").content.decode()
    assert "DTSTART:20000101T000000Z" in feed
    assert "DTEND:20991231T235900Z" in feed


def test_saving_an_unchanged_meeting_form_keeps_it_as_it_was(client, organiser, make_meeting):
    meeting = make_meeting()  # created with seconds, kept to the minute
    assert (meeting.starts_at.second, meeting.starts_at.microsecond) == (0, 0)
    login_staff(client, organiser)
    response = client.post(
        f"{meeting.get_absolute_url()}equipe/",
        meeting_form(
            meeting.place,
            localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        )
        | {"title": meeting.title, "description": meeting.description},
    )
    assert response.status_code == 302
    before = (meeting.starts_at, meeting.ends_at)
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == before
    assert meeting.occasion.starts_at == meeting.starts_at
