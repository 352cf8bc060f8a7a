"""In a real browser: the open-data page for a reuser, the staff page for an administrator."""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.core.datasets import all_datasets
from parlons.opendata.models import OpenDataSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_reuser_finds_the_files_and_their_columns(
    page, live_server, built, process, assert_accessible, no_external_requests, tmp_path
):
    page.goto(f"{live_server.url}/donnees/")
    assert page.get_by_role("heading", name="Données ouvertes", exact=True).is_visible()
    assert_accessible(page)
    screenshots(page, "opendata-index", tmp_path)
    page.get_by_text("Les colonnes de « Contributions »").click()
    assert page.get_by_text("Nombre de personnes pas d'accord.").first.is_visible()
    page.get_by_role("link", name=process.title).focus()
    send(page)
    assert page.url == f"{live_server.url}/donnees/{process.slug}/"
    assert page.get_by_role("link", name="Vote au format pabulib (.pb)").is_visible()
    assert_accessible(page)
    screenshots(page, "opendata-process", tmp_path)
    assert no_external_requests == []


def test_an_administrator_chooses_the_licence_with_the_keyboard(
    page, live_server, administrator, built, territory, assert_accessible, tmp_path
):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(administrator.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    send(page)
    confirm_second_factor_in_browser(page, administrator)
    page.goto(f"{live_server.url}/compte/equipe/")
    page.get_by_role("link", name="Données ouvertes").focus()
    send(page)
    assert page.url == f"{live_server.url}/donnees/equipe/"
    assert_accessible(page)
    screenshots(page, "opendata-staff", tmp_path)
    page.get_by_label("Open Database License 1.0 (ODbL)").check()
    page.get_by_role("button", name="Enregistrer la licence").focus()
    send(page)
    assert "Réglages des données ouvertes enregistrés." in page.content().replace("&#x27;", "'")
    assert OpenDataSettings.objects.get(territory=territory).licence == "ODbL-1.0"
    assert_accessible(page)


def test_the_api_docs_render_from_files_of_this_host(
    page, live_server, process, no_external_requests
):
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    listed = [
        d for d in all_datasets() if d.name not in ("demarches", "phases") and not d.territory_wide
    ]
    territory = [d for d in all_datasets() if d.territory_wide]
    assert page.locator(".opblock").count() == 3 + 2 * len(listed) + len(territory)
    assert no_external_requests == []
