"""In a real browser: the DPO reads the purges by category and previews the next one."""

import pytest

from parlons.conftest import screenshots
from parlons.privacy.services import purge_expired
from parlons.privacy.tests.test_cookies_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dpo_previews_the_next_purge_without_javascript(
    no_js_page, live_server, dpo, assert_accessible, tmp_path
):
    purge_expired()
    page = no_js_page
    sign_in(page, live_server, dpo)
    page.goto(f"{live_server.url}/confidentialite/equipe/journal/")
    with page.expect_navigation():
        page.get_by_role("link", name="Les purges par catégorie").click()
    assert page.get_by_role("heading", name="Les dernières purges").is_visible()
    assert "rien à effacer" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Voir ce que la prochaine purge effacera").click()
    assert "elle n'aurait rien à effacer" in page.content()
    assert_accessible(page)
    screenshots(page, "purges", tmp_path)


def test_the_register_page_links_its_files(no_js_page, live_server, assert_accessible, tmp_path):
    page = no_js_page
    page.goto(f"{live_server.url}/confidentialite/")
    assert page.get_by_role("link", name="tableur ODS").is_visible()
    assert page.get_by_role("heading", name="Sous-traitants").is_visible()
    assert_accessible(page)
    screenshots(page, "register", tmp_path)
