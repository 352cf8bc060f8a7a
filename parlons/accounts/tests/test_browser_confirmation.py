"""In a real browser: sign up, open the link of the e-mail, sign in, contribute; accessibly."""

import re

import pytest
from django.core import mail

from parlons.conftest import PASSWORD
from parlons.debates.models import Contribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_then_the_link_then_a_contribution(
    page, live_server, make_process, assert_accessible, no_external_requests
):
    process = make_process()
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse électronique").fill("nouvelle@exemple.test")
    page.get_by_label("Pseudonyme").fill("Nouvelle")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_confirm").fill(PASSWORD)
    page.get_by_label("J'ai lu comment mes données sont utilisées.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre boîte de réception"
    assert "nouvelle@exemple.test" in page.content()
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"http://\S+/compte/confirmer/\S+/", message.body)[0]
    page.goto(link)
    assert "Votre adresse est confirmée" in page.content()
    assert_accessible(page)
    page.get_by_label("Adresse électronique").fill("nouvelle@exemple.test")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    page.goto(f"{live_server.url}/demarches/{process.slug}/contributions/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Votre contribution").fill("Un banc à l'ombre près de l'école.")
    page.get_by_label("Thème").select_option(label="Mobilité")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma contribution").click()
    assert Contribution.objects.get().body == "Un banc à l'ombre près de l'école."
    assert no_external_requests == []


def test_an_unconfirmed_person_is_told_why_and_the_pages_are_accessible(
    page, live_server, make_process, territory, assert_accessible
):
    process = make_process()
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse électronique").fill("lente@exemple.test")
    page.get_by_label("Pseudonyme").fill("Lente")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_confirm").fill(PASSWORD)
    page.get_by_label("J'ai lu comment mes données sont utilisées.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Créer mon compte").click()
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("lente@exemple.test")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/demarches/{process.slug}/")
    assert "Confirmez votre adresse" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Recevoir un nouveau lien").click()
    page.wait_for_url("**/compte/inscription/verifiez/")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer un nouveau lien").click()
    assert "Un nouveau lien vient de partir." in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/compte/confirmer/pas-un-lien/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien ne fonctionne plus"
    assert_accessible(page)
