"""In a real browser: the public and an organiser use the démarche pages with the keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    confirm_second_factor_in_browser(page, user)


def test_public_pages_are_accessible_and_load_nothing_from_elsewhere(
    page, live_server, make_process, assert_accessible, no_external_requests
):
    make_process()
    for path in [
        "/",
        "/demarches/",
        "/demarches/transition-numerique/",
        "/confidentialite/",
        "/transparence/charte/",
        "/transparence/accessibilite/",
        "/compte/connexion/",
        "/compte/inscription/",
        "/compte/mot-de-passe/",
        "/demarches/n-existe-pas/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert_accessible(page)
    assert no_external_requests == []


def test_an_organiser_creates_and_publishes_a_process_with_the_keyboard(
    page, live_server, organiser, assert_accessible
):
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/equipe/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Titre").fill("Le budget participatif 2027")
    page.get_by_label("Résumé").fill("Proposez et choisissez des projets pour vos communes.")
    page.get_by_label("Titre").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/equipe/")
    assert "Démarche créée en brouillon" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Ajouter une phase").click()
    now = timezone.now()
    page.get_by_label("Titre").fill("Dépôt des projets")
    page.get_by_label("Début").fill((now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin").fill((now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("contribuer", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la phase").click()
    page.get_by_label("Nouvel état").select_option("published")
    page.get_by_role("button", name="Changer l'état").click()
    assert "publiée" in page.content()

    page.goto(f"{live_server.url}/demarches/")
    with page.expect_navigation():
        page.get_by_role("link", name="Le budget participatif 2027").click()
    assert "Phase en cours" in page.content()
    assert "Dépôt des projets" in page.content()


def test_signup_keeps_what_was_typed_and_works_without_javascript(
    no_js_page, live_server, territory, assert_accessible
):
    page = no_js_page
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse électronique").fill("nouvelle@exemple.test")
    page.get_by_label("Pseudonyme").fill("Nouvelle")
    page.locator("#id_password").fill("court")
    page.get_by_label("Confirmez le mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    assert "Le formulaire contient des erreurs" in page.content()
    assert page.get_by_label("Pseudonyme").input_value() == "Nouvelle"
    assert_accessible(page)
    page.locator("#id_password").fill("un-mot-de-passe-solide-42")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe-solide-42")
    page.get_by_label("J'ai lu comment mes données sont utilisées.").check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert "Vérifiez votre boîte de réception" in page.content()
