"""The public register reads in English, declarations included, once a visitor switches."""

import html
import re

import pytest
from django.utils.text import capfirst

from parlons.core.charter import declarations

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


def register_row_names(client) -> list[str]:
    page = html.unescape(client.get("/confidentialite/").content.decode())
    return re.findall(r'<th scope="row">(.*?)</th>', page)


def raw_field_names() -> set[str]:
    return {capfirst(item.field.replace("_", " ")) for item in declarations()}


@pytest.mark.django_db
def test_register_names_every_field_in_french_never_by_its_attribute(client, territory):
    names = register_row_names(client)
    assert len(names) == len(declarations())
    assert sorted(set(names) & raw_field_names()) == []


@pytest.mark.django_db
def test_register_names_every_field_in_english(client, territory):
    french = register_row_names(client)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = register_row_names(client)
    assert len(english) == len(french)
    assert sorted(set(english) & set(french)) == [], "these names read the same in French"


@pytest.mark.django_db
def test_register_says_how_long_backups_are_kept(client, territory, settings):
    settings.BACKUP_RETENTION_DAYS = 45
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert "Les sauvegardes sont conservées 45 jours, puis supprimées." in page
    settings.BACKUP_RETENTION_DAYS = 1
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert "Les sauvegardes sont conservées 1 jour, puis supprimées." in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert "Backups are kept for 1 day, then deleted." in page
