import subprocess
import sys

import pytest


def test_parlons_help_lists_commands_in_plain_french():
    result = subprocess.run(
        [sys.executable, "-m", "parlons", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage : parlons COMMANDE" in result.stdout
    assert "migrate" in result.stdout and "crée ou met à jour la base de données" in result.stdout


@pytest.mark.django_db
def test_unknown_slug_gives_a_french_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/demarches/n-existe-pas/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_staff_page_for_a_citizen_gives_a_french_403(client, citizen):
    client.force_login(citizen)
    response = client.get("/demarches/equipe/nouvelle/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
    assert "équipe d&#x27;organisation" in response.content.decode()


@pytest.mark.django_db
def test_pages_forbid_loading_anything_from_another_host(client):
    response = client.get("/demarches/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
