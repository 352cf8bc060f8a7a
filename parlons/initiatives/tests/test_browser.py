"""In a real browser, with and without JavaScript: a visitor filters the library, opens the
map and an initiative; every page passes axe-core and fits at 1280 and 390 px."""

from decimal import Decimal

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.core.models import TerritoryOutline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SQUARE = [[[[-2.0, 47.0], [-1.0, 47.1], [-1.1, 48.0], [-2.0, 47.9], [-2.0, 47.0]]]]


@pytest.fixture
def library(territory, make_initiative):
    TerritoryOutline.objects.create(
        territory=territory,
        polygons=SQUARE,
        min_longitude=-2.0,
        min_latitude=47.0,
        max_longitude=-1.0,
        max_latitude=48.0,
    )
    make_initiative(
        title="Point de médiation du port",
        latitude=Decimal("47.5"),
        longitude=Decimal("-1.5"),
        links="https://port.example/numerique",
    )
    make_initiative(
        title="Navette à la demande",
        category="Mobilité",
        latitude=Decimal("47.3"),
        longitude=Decimal("-1.8"),
    )
    make_initiative(title="Assistant d'urbanisme", category="Intelligence artificielle")


def visit(page, live_server, assert_accessible, tmp_path, name):
    page.goto(f"{live_server.url}/initiatives/")
    assert_accessible(page)
    screenshots(page, f"{name}-catalogue", tmp_path)
    page.get_by_role("textbox", name="Rechercher").fill("mediation")
    page.get_by_role("combobox", name="Catégorie").select_option(label="Médiation numérique")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**q=mediation**")
    listed = page.locator(".initiative-list h2").all_inner_texts()
    assert listed == ["Point de médiation du port"]
    page.get_by_role("link", name="Voir ces initiatives sur la carte").click()
    page.wait_for_url("**/initiatives/carte/**")
    assert_accessible(page)
    screenshots(page, f"{name}-map", tmp_path)
    assert page.locator("svg a").count() == 1
    page.locator("svg a").first.click()
    page.wait_for_url("**/initiatives/*/")
    assert page.locator("h1").inner_text() == "Point de médiation du port"
    assert_accessible(page)
    screenshots(page, f"{name}-detail", tmp_path)


def test_a_visitor_filters_opens_the_map_and_an_initiative(
    page, live_server, library, assert_accessible, no_external_requests, tmp_path
):
    visit(page, live_server, assert_accessible, tmp_path, "initiatives-js")
    assert no_external_requests == []


def test_the_same_visit_works_without_javascript(no_js_page, live_server, library, tmp_path):
    # axe-core needs scripts: it runs on the same pages in the test above.
    visit(no_js_page, live_server, lambda _page: None, tmp_path, "initiatives-nojs")


def test_an_organiser_enters_and_publishes_an_initiative_with_the_keyboard_pages(
    page, live_server, organiser, categories, communes, assert_accessible, tmp_path
):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(organiser.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    confirm_second_factor_in_browser(page, organiser)
    page.goto(f"{live_server.url}/initiatives/equipe/nouvelle/")
    assert_accessible(page)
    screenshots(page, "initiatives-staff-new", tmp_path)
    page.get_by_label("Nom de l'initiative").fill("Repair café du bourg")
    page.get_by_label("Résumé").fill("On répare ensemble, une fois par mois.")
    page.get_by_label("Structure porteuse").fill("Association Répare Rives")
    page.get_by_label("Tiers-lieu").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Initiative enregistrée.")
    assert_accessible(page)
    page.get_by_role("button", name="Publier").click()
    page.wait_for_selector("text=Initiative publiée dans la bibliothèque.")
    page.goto(f"{live_server.url}/initiatives/equipe/")
    assert_accessible(page)
    screenshots(page, "initiatives-staff-list", tmp_path)
    assert "Repair café du bourg" in page.locator("table").inner_text()
    page.goto(f"{live_server.url}/initiatives/?q=repair+cafe")
    assert page.locator(".initiative-list h2").all_inner_texts() == ["Repair café du bourg"]
