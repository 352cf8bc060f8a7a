"""Places and meetings for the meetings tests, on top of the shared personas."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.meetings.models import Meeting, Place


@pytest.fixture
def place(territory):
    return Place.objects.create(
        territory=territory,
        name="Médiathèque du Port",
        kind=Place.Kind.LIBRARY,
        address="2 quai des Goélands",
        postcode="29001",
        commune=territory.communes.get(slug="port-essai"),
        latitude="47.658236",
        longitude="-2.760847",
        accessibility="Accès de plain-pied, boucle magnétique à l'accueil, toilettes adaptées.",
        transport="Car ligne 3, arrêt Le Port.",
    )


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def make_meeting(process, place, organiser):
    def build(days=3, hours=2, capacity=None, **fields) -> Meeting:
        starts_at = timezone.now() + timedelta(days=days)
        return Meeting.objects.create(
            process=fields.pop("process", process),
            place=fields.pop("place", place),
            title=fields.pop("title", "Le numérique et l'emploi"),
            description=fields.pop("description", "Venez **nombreux**."),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            created_by=organiser,
            **fields,
        )

    return build


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(capacity=2)
