"""Every write about public meetings. Each one checks its predicate and is audited.

Seats are counted under a lock on the meeting's row, so two people pressing
"S'inscrire" for the last seat at the same moment cannot both get it.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parlons.accounts.notifications import notify
from parlons.core import audit
from parlons.core.dates import date_format
from parlons.core.models import Territory
from parlons.core.public_url import absolute_url
from parlons.meetings.models import Meeting, Place, Registration
from parlons.meetings.queries import registrations_to_remind
from parlons.meetings.rules import (
    can_cancel_registration,
    can_manage_meetings,
    can_manage_places,
    can_register,
)
from parlons.privacy.publication import publish
from parlons.processes.models import Process

# A change of these fields must reach the people registered and their calendars.
SCHEDULE_FIELDS = ("place", "starts_at", "ends_at")

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING


# Places ----------------------------------------------------------------------------------


@transaction.atomic
def create_place(*, actor, territory: Territory, **fields) -> Place:
    can_manage_places.require(actor, territory)
    place = Place(
        territory=territory, **{k: v for k, v in fields.items() if k in Place.EDITABLE_FIELDS}
    )
    place.full_clean()
    place.save()
    audit.record(actor, "meetings.create_place", place, name=place.name)
    return place


@transaction.atomic
def update_place(*, actor, place: Place, **fields) -> Place:
    can_manage_places.require(actor, place.territory)
    audit.save_changes(actor, place, fields, Place.EDITABLE_FIELDS, "meetings.update_place")
    return place


@transaction.atomic
def delete_place(*, actor, place: Place) -> None:
    """Remove a venue no meeting uses; past meetings keep their place, so it is refused too."""
    can_manage_places.require(actor, place.territory)
    used = place.meetings.count()
    if used:
        raise ValidationError(
            ngettext(
                "%(count)s réunion a lieu ici : choisissez-lui un autre lieu avant de "
                "supprimer celui-ci.",
                "%(count)s réunions ont lieu ici : choisissez-leur un autre lieu avant de "
                "supprimer celui-ci.",
                used,
            )
            % {"count": used}
        )
    audit.record(actor, "meetings.delete_place", place, name=place.name)
    place.delete()


# Meetings --------------------------------------------------------------------------------


def _absolute(meeting: Meeting) -> str:
    return absolute_url(meeting.get_absolute_url())


def _tell(registration: Registration, subject: str, template: str, **context) -> bool:
    """A meeting e-mail: never kept for the digest, as tomorrow would be too late."""
    return notify(
        user=registration.user,
        kind="meetings",
        subject=subject,
        template=template,
        context={
            "meeting": registration.meeting,
            "place": registration.meeting.place,
            "url": _absolute(registration.meeting),
            **context,
        },
        digestible=False,
    )


def _check_start(starts_at: datetime | None, past_confirmed: bool) -> None:
    """A start already gone by is most often a typo: it is kept only when the organiser says so."""
    if starts_at is not None and starts_at <= timezone.now() and not past_confirmed:
        raise ValidationError(
            {
                "starts_at": _(
                    "Cette date est passée. S'il s'agit d'une réunion qui a déjà eu lieu, "
                    "cochez la case de confirmation ; sinon, corrigez la date."
                )
            }
        )


def _tell_everyone_registered(meeting: Meeting, subject: str, template: str, **context) -> int:
    registrations = meeting.registrations.select_related("user").order_by("created_at", "pk")
    return sum(_tell(registration, subject, template, **context) for registration in registrations)


@transaction.atomic
def create_meeting(
    *,
    actor,
    process: Process,
    place: Place,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    past_confirmed: bool = False,
    **fields,
) -> Meeting:
    """A new meeting; one starting in the past needs `past_confirmed` (recorded after the fact)."""
    can_manage_meetings.require(actor, process)
    meeting = Meeting(
        process=process,
        place=place,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
        **{k: v for k, v in fields.items() if k in Meeting.EDITABLE_FIELDS},
    )
    meeting.full_clean()
    # After the model's checks, so that a date out of bounds says so first.
    _check_start(meeting.starts_at, past_confirmed)
    meeting.save()
    audit.record(
        actor,
        "meetings.create",
        meeting,
        process=process.slug,
        title=title,
        place=place.pk,
        past=meeting.has_started(),
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor, meeting: Meeting, past_confirmed: bool = False, **fields) -> Meeting:
    """Change a meeting; moving its start into the past needs `past_confirmed`."""
    can_manage_meetings.require(actor, meeting.process)
    meeting = _locked(meeting)
    if meeting.cancelled:
        raise ValidationError(_("Cette réunion est annulée : elle ne peut plus être modifiée."))

    def check_seats(changed: list[str]) -> None:
        # Only a new start is checked: a past meeting's title or place can still be corrected.
        if "starts_at" in changed:
            _check_start(meeting.starts_at, past_confirmed)
        confirmed = meeting.registrations.filter(status=CONFIRMED).count()
        if meeting.capacity is not None and meeting.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s personnes ont déjà une place confirmée : "
                        "la réunion ne peut pas en compter moins."
                    )
                    % {"count": confirmed}
                }
            )
        if changed:
            meeting.sequence += 1

    changed = audit.save_changes(
        actor, meeting, fields, Meeting.EDITABLE_FIELDS, "meetings.update", before_save=check_seats
    )
    schedule_changed = any(name in SCHEDULE_FIELDS for name in changed)
    _promote_waiting(meeting, actor)
    if schedule_changed and not meeting.has_started():
        with translation.override("fr"):
            subject = _("Réunion modifiée : %(title)s") % {"title": meeting.title}
        _tell_everyone_registered(meeting, subject, "meetings/email/changed.txt")
    return meeting


@transaction.atomic
def cancel_meeting(*, actor, meeting: Meeting, reason: str) -> Meeting:
    can_manage_meetings.require(actor, meeting.process)
    meeting = _locked(meeting)
    reason = (reason or "").strip()
    if meeting.cancelled:
        raise ValidationError(_("Cette réunion est déjà annulée."))
    if not reason:
        raise ValidationError({"reason": _("Dites en une phrase pourquoi la réunion est annulée.")})
    meeting.cancelled = True
    meeting.cancellation_reason = reason
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled", "cancellation_reason", "sequence", "updated_at"])
    audit.record(actor, "meetings.cancel", meeting, reason=reason)
    if not meeting.has_started():
        with translation.override("fr"):
            subject = _("Réunion annulée : %(title)s") % {"title": meeting.title}
        _tell_everyone_registered(meeting, subject, "meetings/email/cancelled.txt")
    return meeting


@transaction.atomic
def delete_meeting(*, actor, meeting: Meeting) -> int:
    """Delete a meeting for good; returns how many registered people were told.

    People registered to a meeting still to come are told it will not take
    place. What was collected there stays in the démarche, no longer linked to
    a meeting (the occasion goes; contributions point to it with SET_NULL).
    """
    can_manage_meetings.require(actor, meeting.process)
    meeting = _locked(meeting)
    told = 0
    if not meeting.cancelled and not meeting.has_started():
        with translation.override("fr"):
            subject = _("Réunion supprimée : %(title)s") % {"title": meeting.title}
        told = _tell_everyone_registered(
            meeting,
            subject,
            "meetings/email/deleted.txt",
            url=absolute_url(meeting.process.get_absolute_url()),
        )
    occasion = meeting.occasion
    audit.record(
        actor,
        "meetings.delete",
        meeting,
        process=meeting.process.slug,
        title=meeting.title,
        starts_at=meeting.starts_at.isoformat(),
        registrations=meeting.registrations.count(),
        had_minutes=bool(meeting.minutes),
        told=told,
    )
    meeting.delete()
    occasion.delete()
    return told


def _refuse_minutes_if_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled:
        raise ValidationError(
            {"minutes": _("Cette réunion a été annulée : elle n'a pas de compte rendu.")}
        )


def save_minutes(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    """Keep the minutes as written; published minutes stay published with the new text."""
    with transaction.atomic():
        can_manage_meetings.require(actor, meeting.process)
        _refuse_minutes_if_cancelled(meeting)
        minutes = (minutes or "").strip()
        if meeting.minutes_published and not minutes:
            raise ValidationError({"minutes": _("Un compte rendu publié ne peut pas être vidé.")})
        meeting.minutes = minutes
        publish(meeting)
        meeting.save(update_fields=["minutes", "public_minutes", "updated_at"])
        audit.record(actor, "meetings.save_minutes", meeting, published=meeting.minutes_published)
    return meeting


@transaction.atomic
def publish_minutes(
    *, actor, meeting: Meeting, minutes: str, at: datetime | None = None
) -> Meeting:
    can_manage_meetings.require(actor, meeting.process)
    _refuse_minutes_if_cancelled(meeting)
    at = at or timezone.now()
    if not meeting.has_started(at):
        raise ValidationError(
            {"minutes": _("Le compte rendu se publie une fois la réunion commencée.")}
        )
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("Écrivez le compte rendu avant de le publier.")})
    first_time = not meeting.minutes_published
    meeting.minutes = minutes
    publish(meeting)
    if first_time:
        meeting.minutes_published_at = at
    meeting.save(update_fields=["minutes", "public_minutes", "minutes_published_at", "updated_at"])
    audit.record(actor, "meetings.publish_minutes", meeting, first_time=first_time)
    return meeting


# Registrations ---------------------------------------------------------------------------


def _locked(meeting: Meeting) -> Meeting:
    """The same meeting, with its row locked until the transaction ends and fresh values."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name in ("capacity", "cancelled", "starts_at", "ends_at", "registration_required"):
        setattr(meeting, name, getattr(fresh, name))
    meeting.sequence = fresh.sequence
    return meeting


@transaction.atomic
def register(*, actor, meeting: Meeting, at: datetime | None = None) -> Registration:
    """A seat if one is left, else a place on the waiting list. Registering twice is harmless."""
    at = at or timezone.now()
    meeting = _locked(meeting)
    can_register.require(actor, meeting, at)
    existing = Registration.objects.filter(meeting=meeting, user=actor).first()
    if existing is not None:
        return existing
    confirmed = meeting.registrations.filter(status=CONFIRMED).count()
    has_seat = meeting.capacity is None or confirmed < meeting.capacity
    registration = Registration.objects.create(
        meeting=meeting, user=actor, status=CONFIRMED if has_seat else WAITING, created_at=at
    )
    audit.record(
        actor, "meetings.register", registration, meeting=meeting.pk, status=registration.status
    )
    return registration


@transaction.atomic
def cancel_registration(
    *, actor, registration: Registration, at: datetime | None = None
) -> list[Registration]:
    """Give back a seat (or leave the waiting list); returns who was promoted in its place."""
    at = at or timezone.now()
    can_cancel_registration.require(actor, registration, at)
    meeting = _locked(registration.meeting)
    audit.record(
        actor,
        "meetings.cancel_registration",
        registration,
        meeting=meeting.pk,
        status=registration.status,
    )
    registration.delete()
    return _promote_waiting(meeting, actor, at)


def _promote_waiting(meeting: Meeting, actor, at: datetime | None = None) -> list[Registration]:
    """Give free seats to the waiting list, first come first served, and tell each person."""
    at = at or timezone.now()
    if meeting.cancelled or meeting.starts_at <= at:
        return []
    waiting = (
        meeting.registrations.filter(status=WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if meeting.capacity is not None:
        free = meeting.capacity - meeting.registrations.filter(status=CONFIRMED).count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if not promoted:
        return []
    with translation.override("fr"):
        subject = _("Une place s'est libérée : %(title)s") % {"title": meeting.title}
    for registration in promoted:
        registration.status = CONFIRMED
        registration.save(update_fields=["status"])
        audit.record(actor, "meetings.promote_from_waiting_list", registration, meeting=meeting.pk)
        registration.meeting = meeting
        _tell(registration, subject, "meetings/email/promoted.txt")
    return promoted


def release_registrations_of(user) -> int:
    """Delete every registration of a person who leaves, and hand their seats on."""
    released = 0
    for registration in Registration.objects.filter(user=user).select_related("meeting"):
        meeting = _locked(registration.meeting)
        registration.delete()
        _promote_waiting(meeting, None)
        released += 1
    return released


# Reminders -------------------------------------------------------------------------------


def send_meeting_reminders(
    *, now: datetime | None = None, window: timedelta = timedelta(hours=24)
) -> int:
    """Remind once each confirmed person of a meeting starting within `window`; returns how many.

    Each seat is claimed by a conditional update before its e-mail is queued, so two
    runs at the same time never remind the same person twice. People who opted out
    of meeting e-mails are left alone (and reminded if they opt in before it starts).
    """
    now = now or timezone.now()
    sent = 0
    for registration in list(registrations_to_remind(now, window)):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            with translation.override("fr"):
                subject = _("Rappel : %(title)s, le %(date)s") % {
                    "title": registration.meeting.title,
                    "date": date_format(localtime(registration.meeting.starts_at), "j F à H:i"),
                }
            if _tell(registration, subject, "meetings/email/reminder.txt"):
                sent += 1
            else:
                transaction.set_rollback(True)
    with transaction.atomic():
        audit.record(None, "meetings.send_reminders", None, sent=sent)
    return sent
