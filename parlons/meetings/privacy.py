"""Personal data of public meetings: who registered, and when they were reminded.

Places, meetings and minutes are written by staff for the institution; the
people who come are only known through their registrations, which go one year
after the meeting (or at once when the person erases their account).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parlons.core.charter import (
    Category,
    Expiry,
    LegalBasis,
    PersonalData,
    PublicText,
    Visibility,
)

REGISTRATION = "meetings.Registration"
REGISTRATION_RETENTION_DAYS = 365
REGISTRATION_EXPIRY = Expiry(REGISTRATION_RETENTION_DAYS, after="meeting__ends_at")

PERSONAL_DATA = [
    PersonalData(
        REGISTRATION,
        "user",
        Category.PARTICIPATION,
        _(
            "réserver une place à une réunion publique, tenir la liste d'attente "
            "et prévenir la personne (rappel, place libérée, annulation)"
        ),
        LegalBasis.CONTRACT,
        _(
            "1 an après la réunion, puis supprimée ; supprimée aussitôt si la personne "
            "se désinscrit ou efface son compte"
        ),
        Visibility.SELF_AND_STAFF,
        expiry=REGISTRATION_EXPIRY,
    ),
    PersonalData(
        REGISTRATION,
        "created_at",
        Category.PARTICIPATION,
        _("servir la liste d'attente dans l'ordre des inscriptions"),
        LegalBasis.CONTRACT,
        _("comme l'inscription : 1 an après la réunion"),
        Visibility.SELF_AND_STAFF,
        expiry=REGISTRATION_EXPIRY,
    ),
    PersonalData(
        REGISTRATION,
        "reminded_at",
        Category.TECHNICAL,
        _("n'envoyer qu'un seul rappel la veille de la réunion"),
        LegalBasis.CONTRACT,
        _("comme l'inscription : 1 an après la réunion"),
        Visibility.SELF_AND_STAFF,
        expiry=REGISTRATION_EXPIRY,
    ),
]

# Minutes may quote a private person: anyone else reads their masked copy.
PUBLIC_TEXTS = [PublicText("meetings.Meeting", "minutes", "public_minutes")]

STAFF_TEXT = "written by staff for the institution"

NOT_PERSONAL = {
    "meetings.Place.name": "a public venue's name",
    "meetings.Place.address": "a public venue's address, never a person's home",
    "meetings.Place.latitude": "coordinates of a public venue, not of a person",
    "meetings.Place.longitude": "coordinates of a public venue, not of a person",
    "meetings.Place.accessibility": STAFF_TEXT,
    "meetings.Meeting.description": STAFF_TEXT,
    "meetings.Meeting.minutes": STAFF_TEXT + "; shown through its masked copy",
    "meetings.Meeting.public_minutes": (
        "the public copy of the minutes, private persons' names masked by the scrubber"
    ),
    "meetings.Meeting.minutes_published_at": "a date about the meeting, not about a person",
    "meetings.Meeting.created_by": (
        "the staff member acting for the institution; audited in core.AuditEntry"
    ),
}


def export_user_data(user) -> dict:
    from parlons.meetings.models import Registration

    registrations = (
        Registration.objects.filter(user=user)
        .select_related("meeting__place", "meeting__process")
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "meeting": registration.meeting.title,
                "process": registration.meeting.process.title,
                "place": registration.meeting.place.name,
                "starts_at": registration.meeting.starts_at.isoformat(),
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "reminded_at": (
                    registration.reminded_at.isoformat() if registration.reminded_at else None
                ),
            }
            for registration in registrations
        ]
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """A registration says nothing once the person is gone: it is deleted, and the seat freed."""
    from parlons.meetings.services import release_registrations_of

    with transaction.atomic():
        release_registrations_of(user)
