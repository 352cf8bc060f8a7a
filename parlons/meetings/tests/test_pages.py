"""The meetings pages as a visitor, a citizen and an organiser see them (no browser)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parlons.conftest import login_staff, make_person
from parlons.debates.models import Contribution
from parlons.meetings import services
from parlons.meetings.models import Meeting, Place, Registration
from parlons.privacy.publication import create_published
from parlons.processes.models import Process


def signed_in(client, user):
    login_staff(client, user)
    return client


def url(meeting, suffix=""):
    return meeting.get_absolute_url() + suffix


@pytest.mark.django_db
def test_the_meeting_page_shows_place_address_coordinates_accessibility_and_seats(client, meeting):
    page = client.get(url(meeting)).content.decode()
    assert "Médiathèque du Port" in page
    assert "2 quai des Goélands, 29001 Port-Essai" in page
    assert "latitude 47,658236, longitude -2,760847" in page
    assert 'href="geo:47.658236,-2.760847"' in page
    assert "boucle magnétique" in page
    assert "Car ligne 3" in page
    assert "2 places restantes sur 2" in page
    assert "<strong>nombreux</strong>" in page
    assert "Connectez-vous pour vous inscrire" in page


@pytest.mark.django_db
def test_the_list_separates_upcoming_and_past_meetings(client, process, make_meeting):
    make_meeting(title="Réunion de demain", days=1)
    make_meeting(title="Réunion du mois dernier", days=-30)
    page = client.get(f"/demarches/{process.slug}/reunions/").content.decode()
    upcoming, past = page.split('id="past-title"')
    assert "Réunion de demain" in upcoming and "Réunion du mois dernier" not in upcoming
    assert "Réunion du mois dernier" in past


@pytest.mark.django_db
def test_a_citizen_registers_then_cancels_through_the_page(client, citizen, meeting):
    signed_in(client, citizen)
    response = client.post(url(meeting, "inscription/"), follow=True)
    assert "Votre place est réservée" in response.content.decode()
    assert "Annuler mon inscription" in response.content.decode()
    response = client.post(url(meeting, "desinscription/"), follow=True)
    assert "Votre inscription est annulée" in response.content.decode()
    assert not Registration.objects.filter(user=citizen).exists()


@pytest.mark.django_db
def test_a_full_meeting_offers_the_waiting_list_and_shows_the_position(
    client, territory, citizen, make_meeting
):
    meeting = make_meeting(capacity=1)
    services.register(actor=make_person(territory, "premiere"), meeting=meeting)
    signed_in(client, citizen)
    assert "M'inscrire sur la liste d'attente" in client.get(url(meeting)).content.decode()
    page = client.post(url(meeting, "inscription/"), follow=True).content.decode()
    assert "vous êtes n° 1 sur la liste d&#x27;attente" in page
    assert "Vous êtes n° 1 sur la liste d'attente" in page
    assert "Quitter la liste d'attente" in page


@pytest.mark.django_db
def test_an_anonymous_registration_goes_to_sign_in(client, meeting):
    response = client.post(url(meeting, "inscription/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/")
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_refused_when_the_phase_closes_meetings(client, citizen, make_process, place):
    process = make_process(open=("contribute",), slug="sans-reunions")
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        process=process,
        place=place,
        title="Hors phase",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    signed_in(client, citizen)
    page = client.get(url(meeting)).content.decode()
    assert "ne sont pas ouvertes pendant cette phase" in page
    assert "M'inscrire" not in page
    assert client.post(url(meeting, "inscription/")).status_code == 403


@pytest.mark.django_db
def test_published_minutes_are_shown_masked_and_link_to_contributions(
    client, organiser, make_meeting
):
    meeting = make_meeting(days=-2)
    services.publish_minutes(
        actor=organiser,
        meeting=meeting,
        minutes="## Ce qui a été dit\n\nÉcrire à jean.exemple@courriel.test pour la suite.",
    )
    page = client.get(url(meeting)).content.decode()
    assert "<h2>Ce qui a été dit</h2>" in page
    assert "jean.exemple@courriel.test" not in page
    assert "Aucune contribution n'a encore été saisie pour cette réunion." in page
    for body in ("Plus d'ateliers le samedi.", "Un car le dimanche."):
        create_published(
            Contribution,
            process=meeting.process,
            body=body,
            source=Contribution.Source.MEETING,
            occasion=meeting.occasion,
        )
    page = client.get(url(meeting)).content.decode()
    link = f"/demarches/{meeting.process.slug}/contributions/?reunion={meeting.occasion_id}"
    assert link in page
    assert "Lire les 2 contributions recueillies lors de cette réunion" in page


@pytest.mark.django_db
def test_unknown_or_draft_meetings_are_404_and_staff_pages_are_403(
    client, citizen, make_process, place, meeting
):
    assert client.get("/demarches/inconnue/reunions/").status_code == 404
    assert client.get(f"/demarches/{meeting.process.slug}/reunions/99999/").status_code == 404
    draft = make_process(status=Process.Status.DRAFT, slug="brouillon")
    start = timezone.now() + timedelta(days=2)
    hidden = Meeting.objects.create(
        process=draft,
        place=place,
        title="Cachée",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    assert client.get(url(hidden)).status_code == 404
    assert client.get("/demarches/brouillon/reunions.ics").status_code == 404
    signed_in(client, citizen)
    for staff_url in (
        url(meeting, "equipe/"),
        url(meeting, "equipe/annuler/"),
        url(meeting, "equipe/compte-rendu/"),
        url(meeting, "equipe/inscriptions/"),
        f"/demarches/{meeting.process.slug}/reunions/equipe/nouvelle/",
        "/demarches/equipe/reunions/",
        "/demarches/equipe/lieux/",
        "/demarches/equipe/lieux/nouveau/",
    ):
        response = client.get(staff_url)
        assert response.status_code == 403, staff_url
        assert "réservé" in response.content.decode() or "Seule" in response.content.decode()


@pytest.mark.django_db
def test_the_meeting_form_keeps_what_was_typed_and_says_what_to_fix(
    client, organiser, process, place
):
    signed_in(client, organiser)
    response = client.post(
        f"/demarches/{process.slug}/reunions/equipe/nouvelle/",
        {
            "title": "Atelier téléconsultation",
            "place": place.pk,
            "starts_at": "2030-05-04T18:00",
            "ends_at": "2030-05-04T17:00",
            "capacity": "0",
            "description": "On essaie ensemble.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Atelier téléconsultation"' in page
    assert "On essaie ensemble." in page
    assert "La fin doit être après le début." in page
    assert "Le formulaire contient des erreurs" in page
    assert not Meeting.objects.exists()
    response = client.post(
        f"/demarches/{process.slug}/reunions/equipe/nouvelle/",
        {
            "title": "Atelier téléconsultation",
            "place": place.pk,
            "starts_at": "2030-05-04T18:00",
            "ends_at": "2030-05-04T20:00",
            "capacity": "25",
            "registration_required": "on",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url(meeting)
    assert meeting.capacity == 25 and meeting.registration_required


@pytest.mark.django_db
def test_the_place_form_keeps_input_and_explains_errors(client, organiser, territory):
    signed_in(client, organiser)
    response = client.post(
        "/demarches/equipe/lieux/nouveau/",
        {
            "name": "Salle des fêtes",
            "kind": "village_hall",
            "address": "",
            "postcode": "561",
            "latitude": "47.1",
            "accessibility": "Rampe à l'entrée.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Salle des fêtes"' in page and "Rampe à l&#x27;entrée." in page
    assert "Un code postal a cinq chiffres" in page
    assert "latitude et la longitude ensemble" in page
    assert not Place.objects.exists()
    response = client.post(
        "/demarches/equipe/lieux/nouveau/",
        {
            "name": "Salle des fêtes",
            "kind": "village_hall",
            "address": "1 rue Haute",
            "postcode": "56120",
            "commune": territory.communes.first().pk,
        },
    )
    assert response.status_code == 302
    assert Place.objects.get().full_address.startswith("1 rue Haute, 56120")


@pytest.mark.django_db
def test_organiser_pages_render_and_cancel_and_minutes_work(
    client, organiser, citizen, make_meeting
):
    meeting = make_meeting(capacity=5)
    past = make_meeting(days=-1, title="Réunion passée")
    services.register(actor=citizen, meeting=meeting)
    signed_in(client, organiser)
    for staff_url in (
        "/demarches/equipe/reunions/",
        "/demarches/equipe/lieux/",
        f"/demarches/equipe/lieux/{meeting.place.pk}/",
        url(meeting, "equipe/"),
        url(meeting, "equipe/annuler/"),
        url(past, "equipe/compte-rendu/"),
    ):
        assert client.get(staff_url).status_code == 200, staff_url
    registrations = client.get(url(meeting, "equipe/inscriptions/")).content.decode()
    assert "camille" in registrations and citizen.email not in registrations
    response = client.post(url(meeting, "equipe/annuler/"), {"reason": ""})
    assert response.status_code == 400
    assert "pourquoi la réunion est annulée" in response.content.decode()
    client.post(url(meeting, "equipe/annuler/"), {"reason": "Tempête annoncée."})
    assert "Tempête annoncée." in client.get(url(meeting)).content.decode()
    client.post(
        url(past, "equipe/compte-rendu/"),
        {"minutes": "Nous avons parlé du car.", "action": "publish"},
    )
    past.refresh_from_db()
    assert past.minutes_published_at is not None
    assert "Nous avons parlé du car." in client.get(url(past)).content.decode()


@pytest.mark.django_db
def test_the_process_page_lists_upcoming_meetings_in_a_fixed_number_of_queries(
    client, territory, process, make_meeting
):
    make_meeting(title="Première")
    client.get(f"/demarches/{process.slug}/")
    with CaptureQueriesContext(connection) as few:
        page = client.get(f"/demarches/{process.slug}/").content.decode()
    assert "Réunions publiques" in page and "Première" in page
    for index in range(6):
        meeting = make_meeting(title=f"Réunion {index}", days=index + 1, capacity=3)
        services.register(actor=make_person(territory, f"p{index}"), meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/demarches/{process.slug}/")
    assert len(many) == len(few)


@pytest.mark.django_db
def test_staff_dashboard_links_meetings_for_organisers_only(client, organiser, citizen):
    signed_in(client, organiser)
    assert "/demarches/equipe/lieux/" in client.get("/compte/equipe/").content.decode()
    client.logout()
    signed_in(client, citizen)
    assert "/demarches/equipe/lieux/" not in client.get("/compte/equipe/").content.decode()


@pytest.mark.django_db
def test_the_meeting_page_is_available_in_english(client, meeting):
    client.cookies["django_language"] = "en"
    page = client.get(url(meeting)).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to register" in page
    assert "2 seats left of 2" in page
    assert "Accessibility" in page
