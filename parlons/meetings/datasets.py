"""Open data of public meetings: when and where they take place, and their minutes.

Who registered is never published: only the number of seats taken.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import PROCESS, Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.meetings.models import Meeting
from parlons.meetings.queries import meetings_of
from parlons.processes.models import Process

CHUNK = 2000
MEETING = Field("id", "integer", _("Numéro de la réunion."), _("Numéro"), required=True)


def meeting_items(process: Process) -> QuerySet:
    return meetings_of(process).defer("minutes").order_by("id")


def meeting_row(process: Process, meeting: Meeting) -> dict[str, Any]:
    place = meeting.place
    meeting.process = process
    return {
        "id": meeting.pk,
        "demarche": process.slug,
        "rencontre": meeting.occasion_id,
        "titre": meeting.title,
        "description": meeting.description,
        "debut": meeting.starts_at,
        "fin": meeting.ends_at,
        "lieu": place.name,
        "adresse": place.address,
        "code_postal": place.postcode,
        "commune": place.commune.name if place.commune else "",
        "code_insee": place.commune.insee_code if place.commune else "",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "accessibilite": place.accessibility,
        "inscription": meeting.registration_required,
        "places": meeting.capacity,
        "places_prises": meeting.confirmed_count if meeting.registration_required else None,
        "annulee": meeting.cancelled,
        "motif_annulation": meeting.cancellation_reason,
        "compte_rendu_publie": meeting.minutes_published_at is not None,
        "url": absolute_url(meeting.get_absolute_url()),
    }


def minutes_rows(process: Process) -> Iterator[dict[str, Any]]:
    published = (
        meetings_of(process)
        .filter(minutes_published_at__isnull=False)
        .defer("minutes")
        .order_by("starts_at", "pk")
    )
    for meeting in published.iterator(chunk_size=CHUNK):
        yield {
            "reunion": meeting.pk,
            "demarche": process.slug,
            "publie_le": meeting.minutes_published_at,
            "texte": meeting.public_minutes,
        }


DATASETS = [
    Dataset(
        "reunions",
        _("Réunions publiques"),
        _(
            "Les réunions publiques de chaque démarche : date, lieu, accessibilité, nombre de "
            "places. Les personnes inscrites ne sont jamais publiées, seulement leur nombre."
        ),
        fields=(
            MEETING,
            PROCESS,
            Field(
                "rencontre",
                "integer",
                _(
                    "Numéro de la rencontre : les contributions recueillies pendant la réunion "
                    "portent ce numéro (jeu « contributions », colonne « rencontre »)."
                ),
                _("Rencontre"),
            ),
            Field("titre", "string", _("Titre de la réunion."), _("Titre")),
            Field(
                "description",
                "string",
                _("Présentation de la réunion, en Markdown."),
                _("Présentation"),
            ),
            Field("debut", "datetime", _("Début (UTC)."), _("Début")),
            Field("fin", "datetime", _("Fin (UTC)."), _("Fin")),
            Field("lieu", "string", _("Nom du lieu public."), _("Lieu")),
            Field("adresse", "string", _("Adresse du lieu public."), _("Adresse")),
            Field("code_postal", "string", _("Code postal du lieu."), _("Code postal")),
            Field("commune", "string", _("Commune du lieu."), _("Commune")),
            Field("code_insee", "string", _("Code INSEE de la commune du lieu."), _("Code INSEE")),
            Field("latitude", "number", _("Latitude du lieu (WGS 84)."), _("Latitude")),
            Field("longitude", "number", _("Longitude du lieu (WGS 84)."), _("Longitude")),
            Field(
                "accessibilite",
                "string",
                _(
                    "Accès pour les personnes en situation de handicap, tel que décrit par l'équipe."
                ),
                _("Accessibilité"),
            ),
            Field(
                "inscription", "boolean", _("true si l'inscription est demandée."), _("Inscription")
            ),
            Field("places", "integer", _("Nombre de places ; vide si illimité."), _("Places")),
            Field(
                "places_prises",
                "integer",
                _("Nombre de places confirmées ; vide si l'entrée est libre."),
                _("Places prises"),
            ),
            Field("annulee", "boolean", _("true si la réunion est annulée."), _("Annulée")),
            Field(
                "motif_annulation", "string", _("Motif de l'annulation."), _("Motif d'annulation")
            ),
            Field(
                "compte_rendu_publie",
                "boolean",
                _("true si le compte rendu est publié (jeu « comptes-rendus »)."),
                _("Compte rendu publié"),
            ),
            Field("url", "string", _("Adresse de la réunion sur la plateforme."), _("Adresse")),
        ),
        items=meeting_items,
        row=meeting_row,
        primary_key=("id",),
        order=40,
        dated="starts_at",
        commune="place__commune",
    ),
    Dataset(
        "comptes-rendus",
        _("Comptes rendus des réunions"),
        _(
            "Les comptes rendus publiés des réunions publiques ; les noms des personnes privées "
            "y sont masqués."
        ),
        fields=(
            Field(
                "reunion",
                "integer",
                _("Numéro de la réunion (jeu « reunions »)."),
                _("Réunion"),
                required=True,
            ),
            PROCESS,
            Field(
                "publie_le",
                "datetime",
                _("Date de publication du compte rendu (UTC)."),
                _("Publié le"),
            ),
            Field(
                "texte",
                "string",
                _("Compte rendu publié, en Markdown, noms privés masqués."),
                _("Texte"),
            ),
        ),
        rows=minutes_rows,
        primary_key=("reunion",),
        order=41,
    ),
]
