"""In a real browser: a citizen registers with the keyboard, without JavaScript, and an
organiser runs the meetings; every page visited passes axe-core and stays on this host."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, make_person
from parlons.meetings import services
from parlons.meetings.models import Place, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    confirm_second_factor_in_browser(page, user)


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text is `name`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement && document.activeElement.innerText")
        if focused and focused.strip() == name:
            return
    raise AssertionError(f"« {name} » cannot be reached with the Tab key")


def test_a_citizen_registers_and_cancels_with_the_keyboard_only(
    page, live_server, citizen, meeting, assert_accessible, no_external_requests
):
    sign_in(page, live_server, citizen)
    page.goto(live_server.url + meeting.get_absolute_url())
    assert_accessible(page)
    tab_to(page, "M'inscrire à cette réunion")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Votre place est réservée")
    assert Registration.objects.get(user=citizen).status == "confirmed"
    assert "1 place restante sur 2" in page.content()
    assert_accessible(page)
    tab_to(page, "Annuler mon inscription")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Votre inscription est annulée")
    assert not Registration.objects.filter(user=citizen).exists()
    assert no_external_requests == []


def test_the_waiting_list_works_without_javascript(
    browser, page, live_server, territory, citizen, make_meeting, assert_accessible
):
    """Scripts are off in this context, so axe-core runs on the same pages in `page`."""
    meeting = make_meeting(capacity=1, title="Atelier complet")
    services.register(actor=make_person(territory, "premiere"), meeting=meeting)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    no_script = context.new_page()
    list_url = f"{live_server.url}/demarches/{meeting.process.slug}/reunions/"
    no_script.goto(list_url)
    assert "Complet" in no_script.content()
    no_script.get_by_role("link", name="Atelier complet").click()
    no_script.get_by_role("link", name="Connectez-vous pour vous inscrire").click()
    no_script.get_by_label("Adresse électronique").fill(citizen.email)
    no_script.locator("#id_password").fill(PASSWORD)
    no_script.get_by_role("button", name="Se connecter").click()
    no_script.wait_for_url("**" + meeting.get_absolute_url())
    no_script.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert "Vous êtes n° 1 sur la liste d'attente" in no_script.content()
    assert Registration.objects.get(user=citizen).status == "waiting"

    page.goto(list_url)
    assert_accessible(page)
    sign_in(page, live_server, citizen)
    page.goto(live_server.url + meeting.get_absolute_url())
    assert "Vous êtes n° 1 sur la liste d'attente" in page.content()
    assert_accessible(page)

    no_script.get_by_role("button", name="Quitter la liste d'attente").click()
    assert "Votre inscription est annulée" in no_script.content()
    assert not Registration.objects.filter(user=citizen).exists()
    context.close()


def test_an_organiser_runs_meetings_on_accessible_staff_pages(
    page,
    live_server,
    organiser,
    citizen,
    process,
    place,
    make_meeting,
    assert_accessible,
    no_external_requests,
):
    held = make_meeting(days=-1, title="Réunion d'hier")
    upcoming = make_meeting(capacity=1, title="Réunion à venir")
    services.register(actor=citizen, meeting=upcoming)
    services.register(actor=make_person(place.territory, "en-attente"), meeting=upcoming)
    sign_in(page, live_server, organiser)

    page.goto(f"{live_server.url}/demarches/equipe/lieux/nouveau/")
    assert_accessible(page)
    page.get_by_label("Nom du lieu").fill("Centre social des Dunes")
    page.get_by_label("Type de lieu").select_option("social_centre")
    page.get_by_label("Latitude").fill("47.5")
    page.get_by_role("button", name="Enregistrer le lieu").click()
    assert "Le formulaire contient des erreurs" in page.content()
    assert page.get_by_label("Nom du lieu").input_value() == "Centre social des Dunes"
    assert_accessible(page)
    page.locator("#id_address").fill("8 rue des Dunes")
    page.get_by_label("Longitude").fill("-2.9")
    page.get_by_role("button", name="Enregistrer le lieu").click()
    assert "Lieu enregistré." in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/demarches/{process.slug}/reunions/equipe/nouvelle/")
    assert_accessible(page)
    start = timezone.localtime() + timedelta(days=10)
    page.get_by_label("Titre").fill("Atelier sécurité en ligne")
    page.locator("#id_place").select_option(label="Centre social des Dunes")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin").fill((start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Programmer la réunion").click()
    assert "La fin doit être après le début." in page.content()
    assert page.get_by_label("Titre").input_value() == "Atelier sécurité en ligne"
    assert_accessible(page)
    page.get_by_label("Fin").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Programmer la réunion").click()
    assert "Réunion créée." in page.content()
    assert_accessible(page)

    for path in (
        "/demarches/equipe/reunions/",
        "/demarches/equipe/lieux/",
        upcoming.get_absolute_url() + "equipe/",
        upcoming.get_absolute_url() + "equipe/inscriptions/",
        upcoming.get_absolute_url() + "equipe/annuler/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)

    page.goto(live_server.url + held.get_absolute_url() + "equipe/compte-rendu/")
    assert_accessible(page)
    page.get_by_label("Compte rendu").fill("## Ce qui a été dit\n\nLe car du soir manque.")
    page.get_by_role("button", name="Publier le compte rendu").click()
    assert "Compte rendu publié." in page.content()
    assert "Le car du soir manque." in page.content()
    assert_accessible(page)

    for path in (
        f"/demarches/{process.slug}/",
        f"/demarches/{process.slug}/reunions/",
        upcoming.get_absolute_url(),
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert no_external_requests == []


def screenshots(page, name: str, tmp_path) -> None:
    """Desktop (1280 px) and phone (390 px); set PARLONS_SCREENSHOTS=/dir to keep them."""
    folder = Path(os.environ.get("PARLONS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_organiser_cancels_then_deletes_a_meeting_and_a_place(
    page,
    live_server,
    organiser,
    citizen,
    place,
    make_meeting,
    assert_accessible,
    no_external_requests,
    tmp_path,
):
    meeting = make_meeting(title="Atelier compostage")
    services.register(actor=citizen, meeting=meeting)
    sign_in(page, live_server, organiser)

    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Annuler la réunion").click()
    assert_accessible(page)
    page.get_by_label("Motif de l'annulation").fill("La salle est fermée pour travaux.")
    page.get_by_role("button", name="Annuler la réunion").click()
    page.wait_for_selector("text=Cette réunion est annulée.")
    content = page.content()
    assert "La salle est fermée pour travaux." in content
    assert "Écrire le compte rendu" not in content
    assert "M'inscrire" not in content
    assert_accessible(page)
    screenshots(page, "meeting-cancelled", tmp_path)

    page.get_by_role("link", name="Supprimer la réunion").click()
    page.wait_for_selector("text=Ce qui se passera")
    assert "1 inscription (places confirmées et liste d'attente) sera supprimée." in page.content()
    assert_accessible(page)
    screenshots(page, "meeting-delete", tmp_path)

    page.goto(f"{live_server.url}/demarches/equipe/lieux/{place.pk}/supprimer/")
    assert "Atelier compostage" in page.content()
    assert page.get_by_role("button", name="Supprimer définitivement le lieu").count() == 0
    assert_accessible(page)
    screenshots(page, "place-delete-refused", tmp_path)

    page.goto(live_server.url + meeting.get_absolute_url() + "equipe/supprimer/")
    page.get_by_role("button", name="Supprimer définitivement la réunion").click()
    page.wait_for_selector("text=Réunion supprimée.")
    assert_accessible(page)
    page.goto(f"{live_server.url}/demarches/equipe/lieux/{place.pk}/supprimer/")
    page.get_by_role("button", name="Supprimer définitivement le lieu").click()
    page.wait_for_selector("text=Lieu supprimé.")
    assert_accessible(page)

    Place.objects.create(territory=place.territory, name="Salle des fêtes", kind="village_hall")
    page.goto(f"{live_server.url}/demarches/{meeting.process.slug}/reunions/equipe/nouvelle/")
    start = timezone.localtime() - timedelta(days=3)
    page.get_by_label("Titre").fill("Permanence de la semaine dernière")
    page.locator("#id_place").select_option(label="Salle des fêtes")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Programmer la réunion").click()
    assert "Cette date est passée." in page.content()
    assert_accessible(page)
    screenshots(page, "meeting-past-refused", tmp_path)
    page.get_by_label("Cette réunion a déjà eu lieu : je la saisis pour mémoire").check()
    page.get_by_role("button", name="Programmer la réunion").click()
    page.wait_for_selector("text=Réunion créée.")
    assert_accessible(page)
    assert no_external_requests == []
