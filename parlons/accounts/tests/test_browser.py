"""In a real browser, with the keyboard only: an organiser confirms their sign-in with a code."""

from base64 import b32decode
from binascii import hexlify
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.second_factor import current_code
from parlons.conftest import PASSWORD, screenshots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_in(page, label: str, text: str) -> None:
    """Tab to the field like a keyboard user would (the code field has the focus already)."""
    field = page.get_by_label(label)
    if page.evaluate("() => document.activeElement.id") != field.get_attribute("id"):
        field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def sign_in_with_the_keyboard(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    type_in(page, "Adresse électronique", user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_organiser_types_the_code_of_their_app_and_reaches_the_staff_space(
    page, live_server, organiser, assert_accessible, no_external_requests, tmp_path
):
    device = TOTPDevice.objects.create(user=organiser, name="Téléphone pro", confirmed=True)
    sign_in_with_the_keyboard(page, live_server, organiser)
    assert page.url == f"{live_server.url}/compte/double-authentification/"
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmer votre connexion"
    assert_accessible(page)

    # A wrong code: a clear message, the same page, the field ready for the next try.
    type_in(page, "Code à 6 chiffres ou code de secours", "123456")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Ce code ne convient pas." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Code à 6 chiffres ou code de secours").input_value() == "123456"
    assert_accessible(page)
    screenshots(page, "second-factor-wrong-code", tmp_path)

    # django-otp asks for one second after a wrong code; then the right code goes through.
    page.wait_for_timeout(1100)
    type_in(page, "Code à 6 chiffres ou code de secours", current_code(device.key))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/compte/equipe/"
    assert "Connexion confirmée" in page.content()
    assert "Organisateur·rice" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Démarches").count() >= 1
    assert_accessible(page)
    assert no_external_requests == []


def test_a_new_staff_member_sets_up_their_app_and_keeps_their_recovery_codes(
    page, live_server, moderator, assert_accessible, no_external_requests, tmp_path
):
    sign_in_with_the_keyboard(page, live_server, moderator)
    assert "/compte/double-authentification/configurer/" in page.url
    assert page.locator(".qr-code svg").count() == 1
    assert_accessible(page)
    screenshots(page, "second-factor-setup", tmp_path)

    secret = page.locator("code.secret").inner_text().replace(" ", "")
    key = hexlify(b32decode(secret)).decode("ascii")
    type_in(page, "Code à 6 chiffres affiché par l'application", current_code(key))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Vos codes de secours"
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    screenshots(page, "second-factor-recovery-codes", tmp_path)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les codes (fichier texte)").press("Enter")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[-10:] == page.locator(".recovery-codes li").all_inner_texts()

    page.get_by_role("button", name="J'ai gardé mes codes, continuer").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/compte/equipe/"
    assert "Modérateur·rice" in page.locator("main").inner_text()
    assert no_external_requests == []


def test_an_administrator_sees_their_factor_and_resets_a_colleagues_with_the_keyboard(
    page, live_server, administrator, organiser, assert_accessible, tmp_path
):
    device = TOTPDevice.objects.create(user=administrator, name="Téléphone pro", confirmed=True)
    TOTPDevice.objects.create(user=organiser, name="Téléphone perdu", confirmed=True)
    sign_in_with_the_keyboard(page, live_server, administrator)
    type_in(page, "Code à 6 chiffres ou code de secours", current_code(device.key))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{live_server.url}/compte/profil/")
    section = page.locator("main").inner_text()
    assert "Application d'authentification\u00a0: Téléphone pro, configurée le" in section
    assert "vous pouvez le remplacer, pas le retirer" in section
    assert_accessible(page)
    screenshots(page, "second-factor-profile", tmp_path)

    page.goto(f"{live_server.url}/compte/equipe/roles/")
    assert_accessible(page)
    screenshots(page, "second-factor-roles", tmp_path)
    page.get_by_role("button", name="Réinitialiser le second facteur de organisatrice").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "la personne est prévenue par courriel" in page.get_by_role("status").inner_text()
    assert not TOTPDevice.objects.filter(user=organiser).exists()
