"""Registrations, the waiting list, cancellations and minutes: what the services guarantee."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parlons.conftest import make_person
from parlons.core.models import AuditEntry
from parlons.meetings import services
from parlons.meetings.models import Meeting, Place, Registration
from parlons.meetings.queries import waiting_position

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING


def people(territory, count):
    return [make_person(territory, f"voisine-{index}") for index in range(count)]


@pytest.mark.django_db
def test_seats_are_confirmed_until_full_then_the_waiting_list_grows_in_order(territory, meeting):
    first, second, third, fourth = people(territory, 4)
    statuses = [
        services.register(actor=p, meeting=meeting).status for p in (first, second, third, fourth)
    ]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    third_registration = Registration.objects.get(meeting=meeting, user=third)
    fourth_registration = Registration.objects.get(meeting=meeting, user=fourth)
    assert waiting_position(third_registration) == 1
    assert waiting_position(fourth_registration) == 2
    assert waiting_position(Registration.objects.get(meeting=meeting, user=first)) is None
    meeting.refresh_from_db()
    assert meeting.seats_left == 0 and meeting.is_full


@pytest.mark.django_db
def test_a_meeting_without_capacity_confirms_everyone(territory, make_meeting):
    meeting = make_meeting(capacity=None)
    for person in people(territory, 5):
        assert services.register(actor=person, meeting=meeting).status == CONFIRMED
    assert meeting.seats_left is None and not meeting.is_full


@pytest.mark.django_db
def test_registering_twice_keeps_one_registration(citizen, meeting):
    first = services.register(actor=citizen, meeting=meeting)
    again = services.register(actor=citizen, meeting=meeting)
    assert first.pk == again.pk
    assert Registration.objects.filter(meeting=meeting, user=citizen).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_freed_seat_goes_to_the_first_waiting_person_who_is_told_at_once(territory, meeting):
    first, second, third, fourth = people(territory, 4)
    for person in (first, second, third, fourth):
        services.register(actor=person, meeting=meeting)
    mail.outbox.clear()
    promoted = services.cancel_registration(
        actor=first, registration=Registration.objects.get(meeting=meeting, user=first)
    )
    assert [r.user for r in promoted] == [third]
    assert Registration.objects.get(meeting=meeting, user=third).status == CONFIRMED
    assert waiting_position(Registration.objects.get(meeting=meeting, user=fourth)) == 1
    assert not Registration.objects.filter(meeting=meeting, user=first).exists()
    assert [message.to for message in mail.outbox] == [[third.email]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert "votre inscription est maintenant confirmée" in mail.outbox[0].body
    assert "/compte/courriels/" in mail.outbox[0].body  # the one-click opt-out footer
    assert AuditEntry.objects.filter(action="meetings.promote_from_waiting_list").count() == 1


@pytest.mark.django_db(transaction=True)
def test_leaving_the_waiting_list_promotes_nobody(territory, meeting):
    first, second, third = people(territory, 3)
    for person in (first, second, third):
        services.register(actor=person, meeting=meeting)
    mail.outbox.clear()
    promoted = services.cancel_registration(
        actor=third, registration=Registration.objects.get(meeting=meeting, user=third)
    )
    assert promoted == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_only_the_person_cancels_their_registration_and_only_before_it_starts(
    citizen, other_citizen, meeting
):
    registration = services.register(actor=citizen, meeting=meeting)
    with pytest.raises(PermissionDenied, match="n'est pas la vôtre"):
        services.cancel_registration(actor=other_citizen, registration=registration)
    with pytest.raises(PermissionDenied, match="la réunion a commencé"):
        services.cancel_registration(
            actor=citizen, registration=registration, at=meeting.starts_at + timedelta(minutes=5)
        )
    assert Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.django_db
def test_raising_the_capacity_promotes_the_waiting_list(territory, organiser, meeting):
    registered = people(territory, 4)
    for person in registered:
        services.register(actor=person, meeting=meeting)
    services.update_meeting(actor=organiser, meeting=meeting, capacity=3)
    statuses = dict(Registration.objects.filter(meeting=meeting).values_list("user", "status"))
    assert [statuses[p.pk] for p in registered] == [CONFIRMED, CONFIRMED, CONFIRMED, WAITING]
    services.update_meeting(actor=organiser, meeting=meeting, capacity=None)
    assert not Registration.objects.filter(meeting=meeting, status=WAITING).exists()


@pytest.mark.django_db
def test_capacity_cannot_drop_below_the_confirmed_seats(territory, organiser, meeting):
    for person in people(territory, 2):
        services.register(actor=person, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.update_meeting(actor=organiser, meeting=meeting, capacity=1)
    assert "2 personnes ont déjà une place confirmée" in str(error.value.message_dict["capacity"])
    meeting.refresh_from_db()
    assert meeting.capacity == 2


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_meeting_closes_it_and_tells_everyone_registered(
    territory, organiser, meeting
):
    first, second, third = people(territory, 3)
    for person in (first, second, third):
        services.register(actor=person, meeting=meeting)
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=organiser, meeting=meeting, reason="  ")
    services.cancel_meeting(actor=organiser, meeting=meeting, reason="La salle est inondée.")
    meeting.refresh_from_db()
    assert meeting.cancelled and meeting.cancellation_reason == "La salle est inondée."
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (first, second, third))
    assert "La salle est inondée." in mail.outbox[0].body
    with pytest.raises(PermissionDenied, match="annulée"):
        services.register(actor=make_person(territory, "retardataire"), meeting=meeting)
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_meeting(actor=organiser, meeting=meeting, reason="Encore.")


@pytest.mark.django_db(transaction=True)
def test_moving_a_meeting_tells_the_registered_and_bumps_the_calendar_sequence(
    citizen, organiser, meeting
):
    services.register(actor=citizen, meeting=meeting)
    services.update_meeting(actor=organiser, meeting=meeting, description="Nouveau texte.")
    assert mail.outbox == []
    later = meeting.starts_at + timedelta(days=1)
    services.update_meeting(
        actor=organiser, meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=2)
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 2
    assert len(mail.outbox) == 1 and "Réunion modifiée" in mail.outbox[0].subject


@pytest.mark.django_db
def test_minutes_are_published_only_once_the_meeting_has_started(organiser, meeting):
    with pytest.raises(ValidationError, match="une fois la réunion commencée"):
        services.publish_minutes(actor=organiser, meeting=meeting, minutes="Ce qui a été dit.")
    services.save_minutes(actor=organiser, meeting=meeting, minutes="Brouillon.")
    meeting.refresh_from_db()
    assert meeting.minutes == "Brouillon." and meeting.minutes_published_at is None
    after = meeting.starts_at + timedelta(hours=3)
    with pytest.raises(ValidationError, match="Écrivez le compte rendu"):
        services.publish_minutes(actor=organiser, meeting=meeting, minutes=" ", at=after)
    services.publish_minutes(
        actor=organiser, meeting=meeting, minutes="Ce qui a été dit.", at=after
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Ce qui a été dit." and meeting.minutes_published_at == after
    with pytest.raises(ValidationError, match="ne peut pas être vidé"):
        services.save_minutes(actor=organiser, meeting=meeting, minutes="")
    actions = list(
        AuditEntry.objects.filter(target_type="meetings.meeting", target_id=str(meeting.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["meetings.save_minutes", "meetings.publish_minutes"]


@pytest.mark.django_db
def test_meeting_writes_are_audited(organiser, citizen, process, place):
    start = timezone.now() + timedelta(days=2)
    meeting = services.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title="Atelier mobilité",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=10,
    )
    registration = services.register(actor=citizen, meeting=meeting)
    services.cancel_registration(actor=citizen, registration=registration)
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor"))
    assert entries == [
        ("meetings.create", organiser.pk),
        ("meetings.register", citizen.pk),
        ("meetings.cancel_registration", citizen.pk),
    ]


@pytest.mark.django_db
def test_a_meeting_must_happen_at_a_place_of_its_territory(organiser, process, territory):
    from parlons.core.models import Territory

    elsewhere = Territory.objects.create(name="Ailleurs", slug="ailleurs")
    far_place = Place.objects.create(
        territory=elsewhere, name="Salle lointaine", kind=Place.Kind.OTHER, address="1 rue Loin"
    )
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            actor=organiser,
            process=process,
            place=far_place,
            title="Ailleurs",
            starts_at=start,
            ends_at=start - timedelta(hours=1),
        )
    assert set(error.value.message_dict) == {"place", "ends_at"}
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_places_keep_coordinates_together_and_names_unique(organiser, territory, place):
    with pytest.raises(ValidationError) as error:
        services.create_place(
            actor=organiser,
            territory=territory,
            name="Médiathèque du Port",
            kind=Place.Kind.LIBRARY,
            address="3 quai",
            latitude=47,
        )
    assert set(error.value.message_dict) == {"name", "longitude"}
    created = services.create_place(
        actor=organiser,
        territory=territory,
        name="Café de la Cale",
        kind=Place.Kind.CAFE,
        address="1 rue de la Cale",
    )
    services.update_place(actor=organiser, place=created, transport="Bateau de 8 h 15.")
    created.refresh_from_db()
    assert created.transport == "Bateau de 8 h 15."
    assert AuditEntry.objects.filter(action="meetings.update_place").get().data == {
        "fields": ["transport"]
    }
