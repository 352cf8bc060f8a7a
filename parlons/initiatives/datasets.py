"""Open data of the library of initiatives: one table for the territory (no démarche).

Published initiatives only, read through the public query; a contact person's
name appears only because they agreed to its publication (the model refuses it
otherwise), and the date of that consent is never published.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.initiatives.models import Initiative, MediationPlace
from parlons.initiatives.queries import published_initiatives

CHUNK = 500


def initiative_rows(territory) -> Iterator[dict[str, Any]]:
    if territory is None:
        return
    places = dict(
        MediationPlace.objects.filter(initiative__territory=territory).values_list(
            "initiative_id", "standard_id"
        )
    )
    found = published_initiatives(territory).order_by("pk")
    for initiative in found.iterator(chunk_size=CHUNK):
        yield initiative_row(initiative, places.get(initiative.pk, ""))


def initiative_row(initiative: Initiative, place_id: str = "") -> dict[str, Any]:
    commune = initiative.commune
    return {
        "id": initiative.pk,
        "titre": initiative.title,
        "resume": initiative.summary,
        "description": initiative.description,
        "structure": initiative.organisation,
        "type_structure": initiative.organisation_kind,
        "categories": "|".join(category.name for category in initiative.categories.all()),
        "commune": commune.name if commune else "",
        "code_insee": commune.insee_code if commune else "",
        "etat": initiative.status,
        "courriel": initiative.contact_email,
        "telephone": initiative.contact_phone,
        "personne_contact": initiative.contact_name,
        "liens": "|".join(initiative.link_list),
        "latitude": initiative.latitude,
        "longitude": initiative.longitude,
        "debut": initiative.started_on,
        "fin": initiative.ended_on,
        "publiee_le": initiative.published_at,
        "lieu_mediation": place_id,
        "url": absolute_url(initiative.get_absolute_url()),
    }


DATASETS = [
    Dataset(
        "initiatives",
        _("Bibliothèque des initiatives"),
        _(
            "Les initiatives locales publiées (intelligence artificielle, médiation numérique, "
            "données ouvertes, tiers-lieux, mobilité…) : qui les porte, où, où elles en sont. "
            "Les lieux de médiation numérique sont aussi publiés au standard national "
            "(parlons export_places)."
        ),
        fields=(
            Field("id", "integer", _("Numéro de l'initiative."), _("Numéro"), required=True),
            Field("titre", "string", _("Nom de l'initiative."), _("Titre"), required=True),
            Field("resume", "string", _("Résumé en deux ou trois phrases."), _("Résumé")),
            Field("description", "string", _("Présentation détaillée."), _("Présentation")),
            Field("structure", "string", _("Structure qui porte l'initiative."), _("Structure")),
            Field(
                "type_structure",
                "string",
                _("Type de structure : collectivite, association ou entreprise."),
                _("Type de structure"),
                enum=tuple(Initiative.OrganisationKind.values),
            ),
            Field(
                "categories",
                "string",
                _("Catégories de l'initiative, séparées par « | »."),
                _("Catégories"),
            ),
            Field("commune", "string", _("Commune de l'initiative."), _("Commune")),
            Field("code_insee", "string", _("Code INSEE de la commune."), _("Code INSEE")),
            Field(
                "etat",
                "string",
                _("État d'avancement : idee, experimentation, en_service ou arretee."),
                _("État"),
                enum=tuple(Initiative.Status.values),
            ),
            Field("courriel", "string", _("Adresse de contact de la structure."), _("Courriel")),
            Field("telephone", "string", _("Téléphone de la structure."), _("Téléphone")),
            Field(
                "personne_contact",
                "string",
                _("Personne à contacter, publiée seulement avec son accord."),
                _("Personne à contacter"),
            ),
            Field("liens", "string", _("Adresses web, séparées par « | »."), _("Liens")),
            Field("latitude", "number", _("Latitude (WGS 84), si elle est connue."), _("Latitude")),
            Field(
                "longitude", "number", _("Longitude (WGS 84), si elle est connue."), _("Longitude")
            ),
            Field("debut", "date", _("Date de début, si elle est connue."), _("Début")),
            Field("fin", "date", _("Date de fin, si elle est connue."), _("Fin")),
            Field("publiee_le", "datetime", _("Date de publication (UTC)."), _("Publiée le")),
            Field(
                "lieu_mediation",
                "string",
                _(
                    "Identifiant du lieu au standard des lieux de médiation numérique, s'il en est un."
                ),
                _("Lieu de médiation"),
            ),
            Field("url", "string", _("Adresse de la page de l'initiative."), _("Adresse")),
        ),
        territory_rows=initiative_rows,
        primary_key=("id",),
        order=80,
    ),
]
