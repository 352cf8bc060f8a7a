"""Small factories for the debate's tests, on top of the shared personas."""

import pytest

from parlons.debates import counters
from parlons.debates.models import Contribution, Reaction
from parlons.privacy.publication import create_published


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def contribute(process):
    """contribute(author, body=..., **fields): a top-level contribution, written directly.

    Written without the service (any phase, any author) but with its public
    copy, as the service stores it.
    """

    def build(author, body="Il faudrait plus d'ateliers numériques à la médiathèque.", **fields):
        contribution = create_published(
            Contribution, process=fields.pop("process", process), author=author, body=body, **fields
        )
        counters.added([contribution])  # counted as the service counts it
        return contribution

    return build


@pytest.fixture
def answer_to():
    """answer_to(parent, author, body=...): a reply, written directly."""

    def build(parent, author, body="Je suis d'accord, surtout le samedi."):
        answer = create_published(
            Contribution,
            process=parent.process,
            author=author,
            body=body,
            parent=parent,
            root_id=parent.root_id or parent.pk,
            depth=parent.depth + 1,
        )
        counters.added([answer])
        return answer

    return build


@pytest.fixture
def react_to():
    def build(contribution, user, value=Reaction.Value.AGREE):
        return Reaction.objects.create(contribution=contribution, user=user, value=value)

    return build


@pytest.fixture
def meeting(process, territory):
    from datetime import timedelta

    from django.utils import timezone

    from parlons.meetings.models import Meeting, Place

    place = Place.objects.create(
        territory=territory,
        name="Médiathèque des Essais",
        kind=Place.Kind.LIBRARY,
        address="1 rue des Livres",
        commune=territory.communes.first(),
    )
    starts = timezone.now() - timedelta(days=3)
    return Meeting.objects.create(
        process=process,
        place=place,
        title="Atelier numérique à la médiathèque",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
