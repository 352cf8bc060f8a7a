"""The public register reads in English, declarations included, once a visitor switches."""

import html

import pytest

EMAIL_PURPOSE_FR = (
    "se connecter, réinitialiser le mot de passe, recevoir les notifications choisies"
)
EMAIL_PURPOSE_EN = "sign in, reset the password, receive the chosen notifications"


@pytest.mark.django_db
def test_register_shows_declared_purposes_in_english(client, territory):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert EMAIL_PURPOSE_EN in page
    assert EMAIL_PURPOSE_FR not in page
    assert "as long as the account exists" in page
    assert "tant que le compte existe" not in page


@pytest.mark.django_db
def test_register_stays_french_by_default(client, territory):
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert EMAIL_PURPOSE_FR in page
    assert EMAIL_PURPOSE_EN not in page
