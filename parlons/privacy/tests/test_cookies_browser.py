"""Only strictly necessary cookies: a browser walks the main journeys and nothing else is stored.

The session, CSRF and language cookies need no consent (CNIL, "cookies strictement
nécessaires"); any other cookie, or anything in localStorage, sessionStorage or
IndexedDB, would need one, so the test fails on it.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.debates.models import Contribution, Reaction
from parlons.privacy.models import Consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NECESSARY = {
    settings.SESSION_COOKIE_NAME,
    settings.CSRF_COOKIE_NAME,
    settings.LANGUAGE_COOKIE_NAME,
}


def nothing_but_necessary(page, step: str) -> None:
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert names <= NECESSARY, f"{step}: cookies {sorted(names - NECESSARY)} are not necessary"
    stored = page.evaluate(
        r"""async () => ({
            local: Object.keys(window.localStorage),
            session: Object.keys(window.sessionStorage),
            indexed: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
        })"""
    )
    assert stored == {"local": [], "session": [], "indexed": []}, f"{step}: {stored}"


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    confirm_second_factor_in_browser(page, user)


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Se déconnecter|Sign out|Log out")).click()


def test_the_main_journeys_set_only_necessary_cookies_and_no_storage(
    page, live_server, make_process, citizen, organiser
):
    process = make_process()
    page.goto(f"{live_server.url}/")
    nothing_but_necessary(page, "home")
    page.goto(f"{live_server.url}/demarches/{process.slug}/")
    nothing_but_necessary(page, "démarche")

    sign_in(page, live_server, citizen)
    nothing_but_necessary(page, "sign-in")
    page.goto(f"{live_server.url}/demarches/{process.slug}/contributions/nouvelle/")
    page.get_by_label("Votre contribution").fill("Des bancs à l'ombre sur la place du marché.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma contribution").click()
    contribution = Contribution.objects.get()
    nothing_but_necessary(page, "contribute")
    agree = page.locator(f"#react-{contribution.pk}-agree")
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")
    assert Reaction.objects.get(contribution=contribution).value == "agree"
    nothing_but_necessary(page, "react")

    page.goto(f"{live_server.url}/confidentialite/mes-donnees/")
    with page.expect_navigation():
        page.get_by_role("button", name="Donner mon consentement").first.click()
    assert Consent.objects.filter(user=citizen, withdrawn_at__isnull=True).count() == 1
    nothing_but_necessary(page, "consent")

    page.get_by_label("Langue").select_option("en")
    with page.expect_navigation():
        page.locator(".language-form button").click()
    assert page.locator("html").get_attribute("lang") == "en"
    nothing_but_necessary(page, "language switch")
    sign_out(page)
    nothing_but_necessary(page, "sign-out")
    page.get_by_label("Language").select_option("fr")
    with page.expect_navigation():
        page.locator(".language-form button").click()
    assert page.locator("html").get_attribute("lang") == "fr"

    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/compte/equipe/")
    assert page.locator("h1").count() == 1
    nothing_but_necessary(page, "staff page")
    page.goto(f"{live_server.url}/demarches/{process.slug}/contributions/")
    nothing_but_necessary(page, "staff on a démarche")
    sign_out(page)
    nothing_but_necessary(page, "staff sign-out")


def test_the_consents_page_gives_and_withdraws_in_one_click_without_javascript(
    no_js_page, live_server, citizen, assert_accessible, tmp_path
):
    page = no_js_page
    sign_in(page, live_server, citizen)
    page.goto(f"{live_server.url}/confidentialite/mes-donnees/")
    screenshots(page, "consents", tmp_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Donner mon consentement").first.click()
    assert page.url.endswith("#consentements")
    citizen.refresh_from_db()
    assert citizen.show_real_name is True
    assert "Donné le" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Retirer mon consentement").first.click()
    citizen.refresh_from_db()
    assert citizen.show_real_name is False
    assert "retiré le" in page.content()
    screenshots(page, "consents-withdrawn", tmp_path)
