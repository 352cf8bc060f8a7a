"""In a real browser: the DPO reads the audit log in French, filters it without JavaScript."""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.debates import services as debates
from parlons.debates.models import Contribution
from parlons.privacy.publication import create_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirm_second_factor_in_browser(page, user)


def test_the_dpo_reads_and_filters_the_log_without_javascript(
    no_js_page, live_server, dpo, moderator, citizen, make_process, assert_accessible, tmp_path
):
    process = make_process()
    long_title = "Un très long titre de contribution " * 3
    contribution = create_published(
        Contribution, process=process, author=citizen, title=long_title, body="Sur la place."
    )
    debates.hide(actor=moderator, contribution=contribution, reason="Hors sujet")
    debates.restore(actor=moderator, contribution=contribution)
    page = no_js_page
    sign_in(page, live_server, dpo)
    page.goto(f"{live_server.url}/confidentialite/equipe/journal/")
    assert page.get_by_text("moderateur a masqué la contribution").count() == 1
    assert_accessible(page)
    screenshots(page, "audit-log", tmp_path)

    page.get_by_label("Type d'action").select_option("debates.hide")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    assert "action=debates.hide" in page.url
    assert page.locator("p[role=status]").last.inner_text().startswith("1 action · ")
    assert page.get_by_text("moderateur a rétabli").count() == 0
    page.get_by_role("link", name=f"« {long_title.strip()[:60]}").first.click()
    assert page.url.startswith(f"{live_server.url}/demarches/{process.slug}/contributions/")
