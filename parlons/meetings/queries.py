"""Reads about meetings shared by pages, the calendar feed, reminders and exports."""

from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parlons.core.models import Territory
from parlons.meetings.models import Meeting, Place, Registration
from parlons.meetings.rules import can_view_meeting
from parlons.processes.models import Occasion, Process
from parlons.processes.queries import process_for

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING


def with_seat_counts(queryset: QuerySet) -> QuerySet:
    """Meetings with their place, and how many seats are taken and waited for, in one query."""
    return queryset.select_related("place__commune", "process").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=WAITING)),
    )


def meetings_of(process: Process) -> QuerySet:
    """Every meeting of a démarche, cancelled ones included (they stay listed, marked)."""
    return with_seat_counts(Meeting.objects.filter(process=process)).order_by("starts_at", "pk")


def next_public_meetings(territory: Territory, now: datetime | None = None) -> QuerySet:
    """The territory's meetings still to come in its open démarches, soonest first (home page)."""
    return with_seat_counts(
        Meeting.objects.filter(
            process__territory=territory,
            process__status=Process.Status.PUBLISHED,
            cancelled=False,
            ends_at__gt=now or timezone.now(),
        )
    ).order_by("starts_at", "pk")


def upcoming_meetings(process: Process, now: datetime | None = None) -> QuerySet:
    """Meetings that have not ended yet: a meeting under way is still 'upcoming' for visitors."""
    return meetings_of(process).filter(ends_at__gt=now or timezone.now())


def past_meetings(process: Process, now: datetime | None = None) -> QuerySet:
    return meetings_of(process).filter(ends_at__lte=now or timezone.now()).order_by("-starts_at")


def meeting_for(user, slug: str, meeting_id: int) -> Meeting:
    """The meeting `meeting_id` of the démarche at `slug` if `user` may see it; 404 otherwise."""
    process = process_for(user, slug)
    meeting = meetings_of(process).select_related("occasion").filter(pk=meeting_id).first()
    if meeting is None or not can_view_meeting(user, meeting):
        raise Http404(meeting_id)
    meeting.process = process  # keeps the prefetched phases for the predicates
    meeting.occasion.process = process
    return meeting


def registration_of(user, meeting: Meeting) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when the seat is confirmed."""
    if registration.status != WAITING:
        return None
    ahead = Registration.objects.filter(meeting_id=registration.meeting_id, status=WAITING).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_by_status(meeting: Meeting) -> tuple[list[Registration], list[Registration]]:
    """(confirmed, waiting list in the order it will be served), for the organisers."""
    registrations = list(
        Registration.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    confirmed = [r for r in registrations if r.status == CONFIRMED]
    waiting = [r for r in registrations if r.status == WAITING]
    return confirmed, waiting


def places_of(territory: Territory) -> QuerySet:
    return Place.objects.filter(territory=territory).select_related("commune").order_by("name")


def meetings_managed_in(territory: Territory, now: datetime | None = None) -> QuerySet:
    """Every meeting of the territory's démarches, for the organisers' overview."""
    return (
        with_seat_counts(Meeting.objects.filter(process__territory=territory))
        .select_related("process")
        .order_by("-starts_at", "pk")
    )


def registrations_to_remind(
    now: datetime | None = None, window: timedelta = timedelta(hours=24)
) -> QuerySet:
    """Confirmed seats at meetings starting within `window`, not reminded yet."""
    now = now or timezone.now()
    return (
        Registration.objects.filter(
            status=CONFIRMED,
            reminded_at__isnull=True,
            meeting__cancelled=False,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + window,
        )
        .select_related("user", "meeting__place__commune", "meeting__process")
        .order_by("meeting__starts_at", "pk")
    )


def collected_at(meeting: Meeting) -> list[tuple[str, int]]:
    """What other apps attached to the meeting's occasion: (name of the things, how many).

    Read through the occasion's reverse relations, so this app need not know
    which apps collect contributions at meetings.
    """
    counts = []
    for relation in Occasion._meta.related_objects:
        if relation.related_model is Meeting:
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: meeting.occasion_id}
        ).count()
        if count:
            meta = relation.related_model._meta
            # French: 1 contribution, 2 contributions (never 0 here).
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            counts.append((str(name), count))
    return counts


def meetings_at(place: Place) -> QuerySet:
    """The meetings held at a place, the next ones first, for the place's deletion page."""
    return place.meetings.select_related("process").order_by("-starts_at", "pk")
