"""In a real browser with JavaScript off: an organiser imports a file of mediation places from
the team's pages, reads the report, imports the valid rows as drafts, and exports the file.
axe-core checks the same pages with scripts on; nothing overflows at 390 px."""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.initiatives.models import Initiative

from .test_places import file_of, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    confirm_second_factor_in_browser(page, user)


def import_and_export(page, live_server, tmp_path, check, name):
    page.goto(f"{live_server.url}/initiatives/equipe/")
    with page.expect_navigation():
        page.get_by_role("link", name="importer, exporter").click()
    check(page)
    bad = tmp_path / "lieux.csv"
    bad.write_bytes(file_of(place(), place(id="lieu-2", nom="Bus", code_postal="9910")))
    page.get_by_label("Fichier CSV au standard des lieux de médiation numérique").set_input_files(
        str(bad)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier et importer").click()
    report = page.get_by_role("table", name="Problèmes trouvés dans le fichier")
    assert report.locator("tbody tr").first.inner_text().split("\t")[:2] == ["3", "code_postal"]
    assert Initiative.objects.count() == 0
    check(page)
    screenshots(page, f"{name}-refused", tmp_path)
    page.get_by_label("Fichier CSV au standard des lieux de médiation numérique").set_input_files(
        str(bad)
    )
    page.get_by_label("Importer seulement les lignes valides").check()
    page.get_by_label("Créer les nouveaux lieux en brouillon").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier et importer").click()
    assert "1 lieu créé, 0 mis à jour." in page.content()
    assert page.get_by_role("table", name="Lignes laissées de côté").is_visible()
    check(page)
    screenshots(page, f"{name}-done", tmp_path)
    assert [i.is_published for i in Initiative.objects.all()] == [False]
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les lieux (CSV au standard)").click()
    assert download.value.path().read_text(encoding="utf-8").startswith("id,pivot,nom")


def test_an_organiser_imports_places_with_javascript_off(
    no_js_page, live_server, organiser, communes, tmp_path
):
    sign_in(no_js_page, live_server, organiser)
    # axe-core needs scripts: it runs on the same pages in the test below.
    import_and_export(no_js_page, live_server, tmp_path, lambda _page: None, "places-nojs")


def test_the_places_pages_pass_axe(
    page, live_server, organiser, communes, assert_accessible, tmp_path
):
    sign_in(page, live_server, organiser)
    import_and_export(page, live_server, tmp_path, assert_accessible, "places-js")
