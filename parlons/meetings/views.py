from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parlons.core.forms import add_service_errors, render_form
from parlons.core.markdown import render_markdown
from parlons.core.queries import current_territory
from parlons.meetings import services
from parlons.meetings.forms import CancelMeetingForm, MeetingForm, MinutesForm, PlaceForm
from parlons.meetings.ical import process_calendar
from parlons.meetings.models import Meeting, Place
from parlons.meetings.queries import (
    meeting_for,
    meetings_managed_in,
    meetings_of,
    past_meetings,
    places_of,
    registration_of,
    registrations_by_status,
    upcoming_meetings,
    waiting_position,
)
from parlons.meetings.rules import (
    can_manage_meeting,
    can_manage_places,
    can_publish_minutes,
    can_register,
    registration_refusal,
)
from parlons.privacy.publication import public_text
from parlons.processes.queries import process_for, processes_managed_by
from parlons.processes.rules import can_manage_meetings


def contributions_url(meeting) -> str:
    """The debate's list filtered on this meeting (the debates app owns that page)."""
    base = reverse("processes:detail", kwargs={"slug": meeting.process.slug})
    return f"{base}contributions/?reunion={meeting.pk}"


# Public pages ----------------------------------------------------------------------------


def meeting_list(request, slug):
    process = process_for(request.user, slug)
    now = timezone.now()
    return render(
        request,
        "meetings/list.html",
        {
            "process": process,
            "upcoming": upcoming_meetings(process, now),
            "past": past_meetings(process, now),
            "now": now,
            "can_manage": can_manage_meetings(request.user, process),
        },
    )


def meeting_detail(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    now = timezone.now()
    registration = registration_of(request.user, meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "place": meeting.place,
            "now": now,
            "description_html": render_markdown(meeting.description),
            "minutes_html": (
                render_markdown(public_text(meeting.minutes)) if meeting.minutes_published else ""
            ),
            "registration": registration,
            "waiting_position": waiting_position(registration) if registration else None,
            "can_register": can_register(request.user, meeting, now),
            "registration_refusal": (
                registration_refusal(request.user, meeting, now)
                if registration is None and request.user.is_authenticated
                else ""
            ),
            "can_manage": can_manage_meeting(request.user, meeting),
            "contributions_url": contributions_url(meeting),
        },
    )


@require_POST
def register(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    registration = services.register(actor=request.user, meeting=meeting)
    if registration.status == registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Votre place est réservée. Vous recevrez un rappel la veille de la réunion."),
        )
    else:
        messages.success(
            request,
            _(
                "La réunion est complète : vous êtes n° %(position)s sur la liste d'attente. "
                "Nous vous écrirons si une place se libère."
            )
            % {"position": waiting_position(registration)},
        )
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def cancel_registration(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    registration = registration_of(request.user, meeting)
    if registration is None:
        messages.error(request, _("Vous n'êtes pas inscrit·e à cette réunion."))
    else:
        registration.meeting = meeting
        services.cancel_registration(actor=request.user, registration=registration)
        messages.success(
            request, _("Votre inscription est annulée. Merci d'avoir libéré la place.")
        )
    return redirect(meeting.get_absolute_url())


@require_GET
def calendar_feed(request, slug):
    process = process_for(request.user, slug)
    response = HttpResponse(
        process_calendar(process, meetings_of(process)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="reunions-{process.slug}.ics"'
    return response


# Staff pages: meetings -------------------------------------------------------------------


def _managed_meeting(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    if not can_manage_meeting(request.user, meeting):
        raise PermissionDenied(_("Seule l'équipe d'organisation peut gérer les réunions."))
    return meeting


@login_required
def staff_overview(request):
    territory = current_territory()
    if territory is None or not can_manage_places(request.user, territory):
        raise PermissionDenied(_("Cette page est réservée à l'équipe d'organisation."))
    return render(
        request,
        "meetings/staff_overview.html",
        {
            "meetings": meetings_managed_in(territory),
            "processes": processes_managed_by(request.user, territory),
            "has_places": places_of(territory).exists(),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_meeting(request, slug):
    process = process_for(request.user, slug)
    if not can_manage_meetings(request.user, process):
        raise PermissionDenied(_("Seule l'équipe d'organisation peut gérer les réunions."))
    form = MeetingForm(request.POST or None, territory=process.territory)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=request.user, process=process, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Réunion créée. Elle apparaît sur la page de la démarche."))
            return redirect(meeting.get_absolute_url())
    return render_form(
        request,
        "meetings/meeting_form.html",
        {"form": form, "process": process, "meeting": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_meeting(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    if meeting.cancelled:
        messages.error(request, _("Cette réunion est annulée : elle ne peut plus être modifiée."))
        return redirect(meeting.get_absolute_url())
    # The form works on its own copy: the service compares the new values with the saved ones.
    form = MeetingForm(
        request.POST or None,
        instance=Meeting.objects.get(pk=meeting.pk),
        territory=meeting.process.territory,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(meeting.get_absolute_url())
    return render_form(
        request,
        "meetings/meeting_form.html",
        {"form": form, "process": meeting.process, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_meeting(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Réunion annulée. Les personnes inscrites sont prévenues par courriel.")
            )
            return redirect(meeting.get_absolute_url())
    return render_form(
        request,
        "meetings/cancel_form.html",
        {"form": form, "process": meeting.process, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_minutes(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            if publish:
                services.publish_minutes(
                    actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
                )
            else:
                services.save_minutes(
                    actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Compte rendu publié.")
                if meeting.minutes_published
                else _("Compte rendu enregistré, pas encore publié."),
            )
            return redirect(
                meeting.get_absolute_url() if publish else request.path,
            )
    return render_form(
        request,
        "meetings/minutes_form.html",
        {
            "form": form,
            "process": meeting.process,
            "meeting": meeting,
            "can_publish": can_publish_minutes(request.user, meeting),
            "preview_html": render_markdown(meeting.minutes) if meeting.minutes else "",
        },
    )


@login_required
def meeting_registrations(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    confirmed, waiting = registrations_by_status(meeting)
    return render(
        request,
        "meetings/registrations.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "confirmed": confirmed,
            "waiting": waiting,
        },
    )


# Staff pages: places ---------------------------------------------------------------------


def _places_territory(request):
    territory = current_territory()
    if territory is None or not can_manage_places(request.user, territory):
        raise PermissionDenied(_("Seule l'équipe d'organisation peut gérer les lieux de réunion."))
    return territory


@login_required
def place_list(request):
    territory = _places_territory(request)
    return render(request, "meetings/place_list.html", {"places": places_of(territory)})


@login_required
@require_http_methods(["GET", "POST"])
def edit_place(request, place_id=None):
    territory = _places_territory(request)
    place = get_object_or_404(Place, pk=place_id, territory=territory) if place_id else None
    form = PlaceForm(
        request.POST or None,
        instance=Place.objects.get(pk=place.pk) if place else None,
        territory=territory,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if place is None:
                services.create_place(actor=request.user, territory=territory, **form.cleaned_data)
            else:
                services.update_place(actor=request.user, place=place, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Lieu enregistré."))
            return redirect("meetings:places")
    return render_form(
        request,
        "meetings/place_form.html",
        {"form": form, "place": place},
    )
