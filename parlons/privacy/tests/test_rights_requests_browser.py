"""In a real browser: a person without an account files a request; the DPO closes it."""

import pytest

from parlons.accounts.models import OutgoingEmail
from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.privacy.models import RequestStatus, RightsRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_without_an_account_files_and_the_dpo_answers(
    no_js_page, live_server, dpo, assert_accessible, tmp_path
):
    page = no_js_page
    page.goto(f"{live_server.url}/confidentialite/demande/")
    assert_accessible(page)
    screenshots(page, "rights-request-form", tmp_path)
    page.get_by_label("Effacement").check()
    page.get_by_label("Votre demande").fill("Effacez ma réponse au questionnaire papier.")
    page.get_by_label("Nom et prénom").fill("Jeanne Martin")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()
    assert page.locator(".message-error").count() == 1  # no address yet: said, text kept
    assert page.get_by_label("Votre demande").input_value().startswith("Effacez")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("jeanne@exemple.test")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()
    filed = RightsRequest.objects.get()
    assert page.get_by_role("heading", name="Votre demande est enregistrée").is_visible()
    assert filed.reference in page.content()
    assert_accessible(page)
    screenshots(page, "rights-request-sent", tmp_path)

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(dpo.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirm_second_factor_in_browser(page, dpo)
    page.goto(f"{live_server.url}/confidentialite/equipe/demandes/")
    assert_accessible(page)
    screenshots(page, "rights-requests", tmp_path)
    with page.expect_navigation():
        page.get_by_role("link", name=filed.reference).click()
    assert_accessible(page)
    screenshots(page, "rights-request", tmp_path)
    page.get_by_label("Vérification d'identité : ce qui a été vérifié").fill("E-mail confirmé")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").first.click()
    page.get_by_label("Réponse à la personne").fill("Votre réponse papier est effacée.")
    with page.expect_navigation():
        page.get_by_role("button", name="Clore et envoyer la réponse").click()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.CLOSED and filed.identity_check == "E-mail confirmé"
    assert OutgoingEmail.objects.filter(body__contains="Votre réponse papier est effacée.").exists()
    assert page.get_by_role("heading", name="Réponse envoyée").is_visible()
    assert_accessible(page)
