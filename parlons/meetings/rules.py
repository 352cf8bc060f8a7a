"""Who may do what with public meetings, built on the démarche's phase-aware predicates."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parlons.accounts.rules import is_signed_in, may_participate
from parlons.core.models import Territory
from parlons.core.rules import rule
from parlons.meetings.components import MEETINGS
from parlons.meetings.models import Meeting, Registration
from parlons.processes.models import Process
from parlons.processes.rules import can_view_process, component_open, is_organiser


def can_view_meeting(user, meeting: Meeting) -> bool:
    return can_view_process(user, meeting.process)


def registration_is_open(meeting: Meeting, at: datetime | None = None) -> bool:
    """The meeting itself takes registrations: not cancelled, not started, on registration."""
    at = at or timezone.now()
    return meeting.registration_required and not meeting.cancelled and meeting.starts_at > at


def can_register_to_meeting(user, process: Process, at: datetime | None = None) -> bool:
    """Signed in, and the démarche's running phase opens registrations to meetings."""
    return may_participate(user) and component_open(process, MEETINGS, at)


def registration_refusal(user, meeting: Meeting, at: datetime | None = None) -> str:
    """Why `user` may not register, in words a person understands."""
    at = at or timezone.now()
    if not is_signed_in(user):
        return _("Connectez-vous pour vous inscrire à une réunion.")
    if not may_participate(user):
        return _("Confirmez d'abord votre adresse électronique avec le lien reçu par courriel.")
    if meeting.cancelled:
        return _("Cette réunion est annulée.")
    if not meeting.registration_required:
        return _("L'entrée est libre : pas besoin de s'inscrire.")
    if meeting.starts_at <= at:
        return _("La réunion a commencé : les inscriptions sont closes.")
    if not component_open(meeting.process, MEETINGS, at):
        return _("Les inscriptions aux réunions ne sont pas ouvertes pendant cette phase.")
    return _("Vous ne pouvez pas vous inscrire à cette réunion.")


@rule(registration_refusal)
def can_register(user, meeting: Meeting, at: datetime | None = None) -> bool:
    """Signed in, the running phase opens meetings, and the meeting still takes registrations."""
    return registration_is_open(meeting, at) and can_register_to_meeting(user, meeting.process, at)


def _cancel_refusal(user, registration: Registration, at: datetime | None = None) -> str:
    if is_signed_in(user) and registration.user_id == user.pk:
        return _("Vous ne pouvez plus annuler cette inscription : la réunion a commencé.")
    return _("Cette inscription n'est pas la vôtre.")


@rule(_cancel_refusal)
def can_cancel_registration(user, registration: Registration, at: datetime | None = None) -> bool:
    """A person may give back their seat until the meeting starts, whatever the phase."""
    at = at or timezone.now()
    return (
        is_signed_in(user)
        and registration.user_id == user.pk
        and registration.meeting.starts_at > at
    )


@rule(gettext_lazy("Seule l'équipe d'organisation peut gérer les réunions."))
def can_manage_meetings(user, process: Process) -> bool:
    return is_organiser(user, process.territory)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return can_manage_meetings(user, meeting.process)


def can_see_registrations(user, meeting: Meeting) -> bool:
    return can_manage_meetings(user, meeting.process)


def can_publish_minutes(user, meeting: Meeting, at: datetime | None = None) -> bool:
    """Minutes say what was said: they are published once the meeting has started."""
    return can_manage_meetings(user, meeting.process) and meeting.has_started(at)


@rule(gettext_lazy("Seule l'équipe d'organisation peut gérer les lieux de réunion."))
def can_manage_places(user, territory: Territory) -> bool:
    return is_organiser(user, territory)
