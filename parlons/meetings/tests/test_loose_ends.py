"""Meetings without loose ends: cancelled meetings, past dates, one .ics per meeting, deletions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from parlons.conftest import login_staff, make_person
from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution
from parlons.meetings import services
from parlons.meetings.models import Meeting, Place, Registration
from parlons.privacy.publication import create_published
from parlons.processes.models import Occasion

PAST_CONFIRMATION = "Cette réunion a déjà eu lieu : je la saisis pour mémoire"


def signed_in(client, user):
    login_staff(client, user)
    return client


def meeting_form(place, starts_at, **extra):
    local = timezone.localtime(starts_at)
    return {
        "title": "Réunion de quartier",
        "place": place.pk,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "description": "",
        "registration_required": "on",
        "capacity": "",
        **extra,
    }


# A start in the past ------------------------------------------------------------------


@pytest.mark.django_db
def test_create_meeting_refuses_a_past_start_unless_confirmed(organiser, process, place):
    starts_at = timezone.now() - timedelta(days=2)
    fields = {"process": process, "place": place, "title": "Réunion d'avant-hier"}
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(
            actor=organiser, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields
        )
    assert "Cette date est passée" in str(refused.value.message_dict["starts_at"])
    assert not Meeting.objects.exists()
    meeting = services.create_meeting(
        actor=organiser,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        past_confirmed=True,
        **fields,
    )
    assert meeting.has_started()
    entry = AuditEntry.objects.get(action="meetings.create")
    assert entry.data["past"] is True


@pytest.mark.django_db
def test_update_meeting_checks_only_a_new_start(organiser, make_meeting):
    held = make_meeting(days=-3, title="Réunion passée")
    services.update_meeting(actor=organiser, meeting=held, title="Réunion passée, titre corrigé")
    assert Meeting.objects.get(pk=held.pk).title == "Réunion passée, titre corrigé"
    coming = make_meeting(days=3)
    earlier = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError):
        services.update_meeting(
            actor=organiser, meeting=coming, starts_at=earlier, ends_at=earlier + timedelta(hours=1)
        )
    assert Meeting.objects.get(pk=coming.pk).starts_at > timezone.now()


@pytest.mark.django_db
def test_the_meeting_form_asks_to_confirm_a_past_start(client, organiser, process, place):
    signed_in(client, organiser)
    create = f"/demarches/{process.slug}/reunions/equipe/nouvelle/"
    assert PAST_CONFIRMATION in client.get(create).content.decode()
    starts_at = timezone.now() - timedelta(days=7)
    response = client.post(create, meeting_form(place, starts_at))
    assert response.status_code == 400
    assert "Cette date est passée" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(create, meeting_form(place, starts_at, past_confirmed="on"))
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Réunion de quartier"


# Cancelled meetings ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cancelled_meeting_asks_for_no_minutes(client, organiser, make_meeting):
    meeting = make_meeting(days=-1)
    services.cancel_meeting(actor=organiser, meeting=meeting, reason="Salle inondée.")
    with pytest.raises(ValidationError):
        services.save_minutes(actor=organiser, meeting=meeting, minutes="Rien.")
    with pytest.raises(ValidationError):
        services.publish_minutes(actor=organiser, meeting=meeting, minutes="Rien.")
    signed_in(client, organiser)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Cette réunion est annulée." in page
    assert "Écrire le compte rendu" not in page
    assert "pas encore publié" not in page
    response = client.get(meeting.get_absolute_url() + "equipe/compte-rendu/")
    assert response.status_code == 302
    overview = client.get("/demarches/equipe/reunions/").content.decode()
    assert "sans objet (annulée)" in overview
    assert "à écrire" not in overview


@pytest.mark.django_db
def test_the_process_page_and_the_feed_say_a_meeting_is_cancelled(client, organiser, meeting):
    services.cancel_meeting(actor=organiser, meeting=meeting, reason="Intervenant malade.")
    page = client.get(meeting.process.get_absolute_url()).content.decode()
    assert "Annulée</span> Intervenant malade." in page
    feed = Calendar.from_ical(client.get(f"/demarches/{meeting.process.slug}/reunions.ics").content)
    (event,) = feed.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


# One .ics per meeting -------------------------------------------------------------------


@pytest.mark.django_db
def test_each_meeting_has_its_own_ics_with_the_request_host(client, organiser, make_meeting):
    meeting = make_meeting(title="Atelier vélo")
    make_meeting(title="Une autre réunion")
    response = client.get(f"/demarches/{meeting.process.slug}/reunions/{meeting.pk}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="reunion-{meeting.pk}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Atelier vélo"
    assert str(event["uid"]) == f"reunion-{meeting.pk}@testserver"
    assert str(event["url"]) == "http://testserver" + meeting.get_absolute_url()
    assert str(event["status"]) == "CONFIRMED"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="/demarches/{meeting.process.slug}/reunions/{meeting.pk}.ics"' in page


@pytest.mark.django_db
@override_settings(PUBLIC_URL="https://parlons.val-essai.example")
def test_the_meeting_ics_uses_the_public_address(client, organiser, meeting):
    services.cancel_meeting(actor=organiser, meeting=meeting, reason="Grève des cars.")
    response = client.get(f"/demarches/{meeting.process.slug}/reunions/{meeting.pk}.ics")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]) == "https://parlons.val-essai.example" + meeting.get_absolute_url()
    assert str(event["uid"]) == f"reunion-{meeting.pk}@parlons.val-essai.example"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


# Deleting a meeting ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_delete_meeting_tells_registrants_and_keeps_contributions(territory, organiser, meeting):
    first, second, third = (make_person(territory, f"voisin-{n}") for n in range(3))
    for person in (first, second, third):
        services.register(actor=person, meeting=meeting)
    contribution = create_published(
        Contribution,
        process=meeting.process,
        body="Il faut un abri vélo à la gare.",
        source=Contribution.Source.MEETING,
        occasion=meeting.occasion,
    )
    occasion_id = meeting.occasion_id
    mail.outbox.clear()
    told = services.delete_meeting(actor=organiser, meeting=meeting)
    assert told == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (first, second, third))
    assert mail.outbox[0].subject == "Réunion supprimée : Le numérique et l'emploi"
    assert "n'aura pas lieu" in mail.outbox[0].body
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Registration.objects.exists()
    assert not Occasion.objects.filter(pk=occasion_id).exists()
    contribution.refresh_from_db()
    assert contribution.occasion_id is None
    entry = AuditEntry.objects.get(action="meetings.delete")
    assert entry.data["registrations"] == 3 and entry.data["told"] == 3


@pytest.mark.django_db
def test_delete_meeting_of_the_past_tells_nobody(territory, organiser, make_meeting):
    held = make_meeting(days=-2)
    Registration.objects.create(
        meeting=held, user=make_person(territory, "venue"), status=Registration.Status.CONFIRMED
    )
    mail.outbox.clear()
    assert services.delete_meeting(actor=organiser, meeting=held) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_only_organisers_delete_meetings(citizen, meeting):
    with pytest.raises(PermissionDenied):
        services.delete_meeting(actor=citizen, meeting=meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.django_db
def test_the_delete_page_says_what_will_happen_then_deletes(client, territory, organiser, meeting):
    services.register(actor=make_person(territory, "inscrite"), meeting=meeting)
    create_published(
        Contribution,
        process=meeting.process,
        body="Plus de bancs.",
        source=Contribution.Source.MEETING,
        occasion=meeting.occasion,
    )
    signed_in(client, organiser)
    delete_url = meeting.get_absolute_url() + "equipe/supprimer/"
    assert f'href="{delete_url}"' in client.get(meeting.get_absolute_url()).content.decode()
    page = client.get(delete_url).content.decode()
    assert "1 inscription (places confirmées et liste d'attente) sera supprimée." in page
    assert "Chaque personne est prévenue par courriel" in page
    assert "reste dans la démarche, sans lien avec une réunion" in page
    assert "1 contribution." in page and "1 contributions" not in page
    assert "Pas de compte rendu à supprimer." in page
    response = client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"] == f"/demarches/{meeting.process.slug}/reunions/"
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Contribution.objects.get().occasion_id is None


# Deleting a place -----------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_place_refuses_a_place_in_use_and_deletes_an_unused_one(
    organiser, territory, place, make_meeting
):
    make_meeting(days=-40)
    with pytest.raises(ValidationError) as refused:
        services.delete_place(actor=organiser, place=place)
    assert "1 réunion a lieu ici" in refused.value.messages[0]
    assert Place.objects.filter(pk=place.pk).exists()
    unused = Place.objects.create(
        territory=territory, name="Salle des fêtes", kind="village_hall", address="1 rue Haute"
    )
    services.delete_place(actor=organiser, place=unused)
    assert not Place.objects.filter(pk=unused.pk).exists()
    assert AuditEntry.objects.get(action="meetings.delete_place").data["name"] == "Salle des fêtes"


@pytest.mark.django_db
def test_the_place_delete_page_lists_the_meetings_that_use_it(
    client, organiser, place, make_meeting
):
    make_meeting(title="Atelier à venir")
    signed_in(client, organiser)
    delete_url = f"/demarches/equipe/lieux/{place.pk}/supprimer/"
    assert (
        f'href="{delete_url}"'
        in client.get(f"/demarches/equipe/lieux/{place.pk}/").content.decode()
    )
    page = client.get(delete_url).content.decode()
    assert "Ce lieu ne peut pas être supprimé\u00a0: 1 réunion s'y tient" in page
    assert "Atelier à venir" in page
    assert "Supprimer définitivement le lieu" not in page
    response = client.post(delete_url)
    assert response.status_code == 400
    assert "1 réunion a lieu ici" in response.content.decode()
    assert Place.objects.filter(pk=place.pk).exists()
    Meeting.objects.all().delete()
    assert "Supprimer définitivement le lieu" in client.get(delete_url).content.decode()
    assert client.post(delete_url).status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
