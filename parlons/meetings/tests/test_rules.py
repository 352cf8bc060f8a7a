"""Who may do what with meetings, by role and by phase: the permission matrix."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from parlons.conftest import ROLES
from parlons.meetings import rules, services
from parlons.meetings.models import Meeting, Registration

SIGNED_IN = set(ROLES) - {"anonymous"}
ORGANISERS = {"organiser", "administrator"}
# Every predicate of meetings/rules.py that these matrices cover (core checks none is missed).
COVERED_RULES = {
    "can_register",
    "can_cancel_registration",
    "can_manage_meetings",
    "can_manage_places",
}


def meeting_of(process, place, days=3):
    from django.utils import timezone

    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        process=process,
        place=place,
        title="Réunion",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=10,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase_opens_meetings", [True, False])
def test_registration_by_role_and_phase(role, phase_opens_meetings, personas, make_process, place):
    process = make_process(open=("meetings",) if phase_opens_meetings else ("contribute",))
    meeting = meeting_of(process, place)
    user = personas[role]
    expected = phase_opens_meetings and role in SIGNED_IN
    assert rules.can_register(user, meeting) is expected
    assert rules.can_register_to_meeting(user, process) is expected
    if expected:
        assert services.register(actor=user, meeting=meeting).status == "confirmed"
    else:
        with pytest.raises(PermissionDenied):
            services.register(actor=user, meeting=meeting)
        assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase_opens_meetings", [True, False])
def test_managing_meetings_and_places_by_role_whatever_the_phase(
    role, phase_opens_meetings, personas, make_process, place, territory
):
    process = make_process(open=("meetings",) if phase_opens_meetings else ())
    meeting = meeting_of(process, place, days=-1)
    user = personas[role]
    allowed = role in ORGANISERS
    assert rules.can_manage_meetings(user, process) is allowed
    assert rules.can_manage_meeting(user, meeting) is allowed
    assert rules.can_see_registrations(user, meeting) is allowed
    assert rules.can_publish_minutes(user, meeting) is allowed
    assert rules.can_manage_places(user, territory) is allowed
    if allowed:
        services.publish_minutes(actor=user, meeting=meeting, minutes="Compte rendu.")
    else:
        with pytest.raises(PermissionDenied):
            services.publish_minutes(actor=user, meeting=meeting, minutes="Compte rendu.")
        with pytest.raises(PermissionDenied):
            services.cancel_meeting(actor=user, meeting=meeting, reason="Non.")
        with pytest.raises(PermissionDenied):
            services.create_place(
                actor=user, territory=territory, name="X", kind="cafe", address="1 rue"
            )


@pytest.mark.django_db
def test_no_registration_once_started_cancelled_or_open_door(citizen, make_process, place):
    process = make_process(open=("meetings",))
    started = meeting_of(process, place, days=-0.01)
    cancelled = meeting_of(process, place)
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled=True, cancellation_reason="Pluie.")
    cancelled.refresh_from_db()
    open_door = meeting_of(process, place)
    open_door.registration_required = False
    open_door.save()
    for meeting, reason in (
        (started, "les inscriptions sont closes"),
        (cancelled, "annulée"),
        (open_door, "pas besoin de s'inscrire"),
    ):
        assert rules.can_register(citizen, meeting) is False
        assert reason in rules.registration_refusal(citizen, meeting)
        with pytest.raises(PermissionDenied, match=reason):
            services.register(actor=citizen, meeting=meeting)


@pytest.mark.django_db
def test_a_person_may_leave_even_when_the_phase_has_closed(citizen, make_process, place):
    process = make_process(open=("meetings",))
    meeting = meeting_of(process, place)
    registration = services.register(actor=citizen, meeting=meeting)
    process.phases.update(components=[])
    meeting = Meeting.objects.get(pk=meeting.pk)
    registration = Registration.objects.get(pk=registration.pk)
    assert rules.can_register(citizen, meeting) is False
    assert rules.can_cancel_registration(citizen, registration) is True
    services.cancel_registration(actor=citizen, registration=registration)
    assert not Registration.objects.exists()
