"""In a real browser: a locked sign-in and a paused sign-up say how long to wait, accessibly."""

import pytest

from parlons.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_locked_sign_in_says_how_long_to_wait_and_keeps_the_email(
    page, live_server, citizen, assert_accessible, no_external_requests
):
    page.goto(f"{live_server.url}/compte/connexion/")
    for attempt in range(6):
        page.get_by_label("Adresse électronique").fill(citizen.email)
        page.locator("#id_password").fill("pas-le-bon" if attempt < 5 else PASSWORD)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
    assert "Trop de tentatives de connexion ont échoué" in page.content()
    assert page.get_by_label("Adresse électronique").input_value() == citizen.email
    assert_accessible(page)
    assert no_external_requests == []


def test_a_paused_sign_up_page_is_clear_and_accessible(
    page, live_server, territory, settings, assert_accessible
):
    settings.PARLONS_LIMITS = {**settings.PARLONS_LIMITS, "signup_address": (0, 3600)}
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse électronique").fill("nouvelle@exemple.test")
    page.get_by_label("Pseudonyme").fill("Nouvelle")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_confirm").fill(PASSWORD)
    page.get_by_label("J'ai lu comment mes données sont utilisées").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Créer mon compte").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Création de compte en pause"
    assert_accessible(page)
