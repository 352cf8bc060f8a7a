"""The home page: the territory, its open démarches and next meetings as cards with
pictures, the latest official answers; in a fixed number of queries, and kept in the
anonymous page cache until a write in any démarche."""

import io
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from parlons.debates import services as debates
from parlons.meetings import services as meetings
from parlons.meetings.models import Place
from parlons.processes.models import Process

pytestmark = pytest.mark.django_db(transaction=True)  # the page cache renews on commit


def picture() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 14), "#2a6f4e").save(buffer, "PNG")
    return SimpleUploadedFile("banniere.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def place(territory, organiser):
    return meetings.create_place(
        actor=organiser,
        territory=territory,
        name="Salle des fêtes",
        kind=Place.Kind.OTHER,
        address="1 place de la Mairie",
        postcode="29000",
    )


def plan_meeting(organiser, process, place, title, days, **fields):
    starts = timezone.now() + timedelta(days=days)
    return meetings.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **fields,
    )


def answered(citizen, expert, process, text, answer):
    contribution = debates.submit_contribution(actor=citizen, process=process, body=text)
    debates.answer_officially(actor=expert, contribution=contribution, body=answer)
    return contribution


def test_the_home_page_shows_the_territory_its_demarches_meetings_and_answers(
    client, territory, make_process, organiser, place, citizen, expert
):
    process = make_process()
    process.image = picture()
    process.image_alt = "Le port au soleil couchant"
    process.save()
    draft = make_process(slug="brouillon", title="Un brouillon", status=Process.Status.DRAFT)
    plan_meeting(organiser, process, place, "Atelier du port", days=2)
    later = plan_meeting(organiser, process, place, "Réunion annulée", days=3)
    meetings.cancel_meeting(actor=organiser, meeting=later, reason="Salle indisponible.")
    plan_meeting(organiser, draft, place, "Réunion d'un brouillon", days=1)
    answered(citizen, expert, process, "Un car le dimanche ?", "Une navette dès mars.")

    page = unescape(client.get("/").content.decode())

    assert f"Participer à la vie {territory.of_name}" in page
    assert process.title in page and "Un brouillon" not in page
    assert f'<img class="card-image" src="{process.image.url}" alt=""' in page
    assert "Prochaines réunions" in page and "Atelier du port" in page
    assert "Réunion annulée" not in page and "Réunion d'un brouillon" not in page
    assert "Dernières réponses officielles" in page and "Une navette dès mars." in page
    assert "Un car le dimanche ?" in page


def test_a_home_page_with_nothing_yet_says_so(client, territory):
    page = client.get("/").content.decode()
    assert "Aucune démarche n'est publiée pour le moment." in page
    assert "Aucune réunion publique n'est prévue pour le moment." in page
    assert "Dernières réponses officielles" not in page


def test_the_home_page_runs_the_same_queries_whatever_there_is_to_show(
    client, make_process, organiser, place, citizen, expert
):
    process = make_process()
    plan_meeting(organiser, process, place, "Atelier 1", days=2)
    answered(citizen, expert, process, "Première idée", "Première réponse.")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for number in range(2, 6):
        other = make_process(slug=f"demarche-{number}", title=f"Démarche {number}")
        plan_meeting(organiser, other, place, f"Atelier {number}", days=number + 2)
        answered(citizen, expert, other, f"Idée {number}", f"Réponse {number}.")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/").content.decode()
    assert "Démarche 5" in page and "Atelier 3" in page and "Réponse 5." in page
    assert len(many) == len(few), [query["sql"] for query in many]


def test_the_cached_home_page_is_renewed_by_a_write_in_any_demarche(
    client, settings, make_process, organiser, place
):
    settings.PAGE_CACHE_SECONDS = 300
    process = make_process()
    assert client.get("/")["X-Parlons-Cache"] == "miss"
    assert client.get("/")["X-Parlons-Cache"] == "hit"
    plan_meeting(organiser, process, place, "Nouvel atelier", days=4)
    fresh = client.get("/")
    assert fresh["X-Parlons-Cache"] == "miss"
    assert "Nouvel atelier" in fresh.content.decode()
