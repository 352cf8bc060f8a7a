from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parlons.core.forms import form_page
from parlons.core.maps import MapPoint
from parlons.core.markdown import render_markdown
from parlons.core.queries import current_territory
from parlons.meetings import services
from parlons.meetings.forms import (
    CancelMeetingForm,
    DeleteForm,
    MeetingForm,
    MinutesForm,
    PlaceForm,
)
from parlons.meetings.ical import meeting_calendar, process_calendar
from parlons.meetings.models import Place
from parlons.meetings.queries import (
    collected_at,
    meeting_for,
    meetings_at,
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
    can_manage_meetings,
    can_manage_places,
    can_publish_minutes,
    can_register,
    registration_refusal,
)
from parlons.processes.queries import process_for, processes_managed_by
from parlons.processes.sections import collect_occasion_sections

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
                render_markdown(meeting.public_minutes) if meeting.minutes_published else ""
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
            "occasion_sections": collect_occasion_sections(request, meeting.occasion),
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
                "La réunion est complète : vous êtes n° %(position)s sur la liste d'attente. "
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
        process_calendar(process, meetings_of(process), request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="reunions-{process.slug}.ics"'
    return response


@require_GET
def meeting_ics(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    response = HttpResponse(
        meeting_calendar(meeting, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


# Staff pages: meetings -------------------------------------------------------------------


def _managed_meeting(request, slug, meeting_id):
    meeting = meeting_for(request.user, slug, meeting_id)
    can_manage_meetings.require(request.user, meeting.process)
    return meeting


@login_required
def staff_overview(request):
    territory = current_territory()
    can_manage_places.require(request.user, territory)
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
    can_manage_meetings.require(request.user, process)
    return form_page(
        request,
        MeetingForm(request.POST or None, territory=process.territory),
        "meetings/meeting_form.html",
        {"process": process, "meeting": None},
        save=lambda data: services.create_meeting(actor=request.user, process=process, **data),
        success=_("Réunion créée. Elle apparaît sur la page de la démarche."),
        done=lambda meeting: redirect(meeting.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_meeting(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    if meeting.cancelled:
        messages.error(request, _("Cette réunion est annulée : elle ne peut plus être modifiée."))
        return redirect(meeting.get_absolute_url())
    return form_page(
        request,
        MeetingForm(request.POST or None, instance=meeting, territory=meeting.process.territory),
        "meetings/meeting_form.html",
        {"process": meeting.process, "meeting": meeting},
        save=lambda data: services.update_meeting(actor=request.user, meeting=meeting, **data),
        success=_("Modifications enregistrées."),
        done=lambda _meeting: redirect(meeting.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_meeting(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    return form_page(
        request,
        CancelMeetingForm(request.POST or None),
        "meetings/cancel_form.html",
        {"process": meeting.process, "meeting": meeting},
        save=lambda data: services.cancel_meeting(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        success=_("Réunion annulée. Les personnes inscrites sont prévenues par courriel."),
        done=lambda _meeting: redirect(meeting.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_meeting(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    confirmed, waiting = registrations_by_status(meeting)
    list_url = reverse("meetings:list", kwargs={"slug": meeting.process.slug})
    return form_page(
        request,
        DeleteForm(request.POST if request.method == "POST" else None),
        "meetings/delete_meeting.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "confirmed": len(confirmed),
            "waiting": len(waiting),
            "told": not meeting.cancelled and not meeting.has_started(),
            "collected": collected_at(meeting),
        },
        save=lambda _data: services.delete_meeting(actor=request.user, meeting=meeting),
        success=_("Réunion supprimée."),
        done=lambda _told: redirect(list_url),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_minutes(request, slug, meeting_id):
    meeting = _managed_meeting(request, slug, meeting_id)
    if meeting.cancelled:
        messages.error(request, _("Cette réunion a été annulée : elle n'a pas de compte rendu."))
        return redirect(meeting.get_absolute_url())
    publish = request.POST.get("action") == "publish"
    service = services.publish_minutes if publish else services.save_minutes
    return form_page(
        request,
        MinutesForm(request.POST or None, initial={"minutes": meeting.minutes}),
        "meetings/minutes_form.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "can_publish": can_publish_minutes(request.user, meeting),
            "preview_html": render_markdown(meeting.minutes) if meeting.minutes else "",
        },
        save=lambda data: service(actor=request.user, meeting=meeting, minutes=data["minutes"]),
        success=lambda saved: (
            _("Compte rendu publié.")
            if saved.minutes_published
            else _("Compte rendu enregistré, pas encore publié.")
        ),
        done=lambda _saved: redirect(meeting.get_absolute_url() if publish else request.path),
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
    can_manage_places.require(request.user, territory)
    return territory


@login_required
def place_list(request):
    territory = _places_territory(request)
    places = list(places_of(territory))
    points = [
        MapPoint(
            label=place.name,
            latitude=float(place.latitude),
            longitude=float(place.longitude),
            url=reverse("meetings:edit_place", kwargs={"place_id": place.pk}),
            detail=place.commune.name if place.commune else "",
        )
        for place in places
        if place.latitude is not None
    ]
    return render(request, "meetings/place_list.html", {"places": places, "points": points})


@login_required
@require_http_methods(["GET", "POST"])
def edit_place(request, place_id=None):
    territory = _places_territory(request)
    place = get_object_or_404(Place, pk=place_id, territory=territory) if place_id else None

    def save(data):
        if place is None:
            return services.create_place(actor=request.user, territory=territory, **data)
        return services.update_place(actor=request.user, place=place, **data)

    return form_page(
        request,
        PlaceForm(
            request.POST or None, instance=place or Place(territory=territory), territory=territory
        ),
        "meetings/place_form.html",
        {"place": place},
        save=save,
        success=_("Lieu enregistré."),
        done=lambda _place: redirect("meetings:places"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_place(request, place_id):
    territory = _places_territory(request)
    place = get_object_or_404(Place, pk=place_id, territory=territory)
    return form_page(
        request,
        DeleteForm(request.POST if request.method == "POST" else None),
        "meetings/delete_place.html",
        {"place": place, "meetings": meetings_at(place), "now": timezone.now()},
        save=lambda _data: services.delete_place(actor=request.user, place=place),
        success=_("Lieu supprimé."),
        done=lambda _none: redirect("meetings:places"),
    )
