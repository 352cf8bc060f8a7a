"""In a real browser, with the keyboard only: an administrator writes the territory's statement."""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.transparency.models import AccessibilityStatement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_into(page, label: str, text: str) -> None:
    page.get_by_label(label).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def send(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    type_into(page, "Adresse électronique", user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    send(page)
    confirm_second_factor_in_browser(page, user)


def test_an_administrator_edits_the_statement_with_the_keyboard(
    page, live_server, administrator, assert_accessible, no_external_requests, tmp_path
):
    sign_in(page, live_server, administrator)
    page.goto(f"{live_server.url}/compte/equipe/")
    page.get_by_role("link", name="Déclaration d'accessibilité").focus()
    send(page)
    assert page.url == f"{live_server.url}/transparence/accessibilite/modifier/"
    assert_accessible(page)
    screenshots(page, "accessibility-form", tmp_path)

    # "partiellement conforme" without an audit: refused, said next to the field, typed text kept.
    page.get_by_label("État de conformité").focus()
    page.keyboard.press("ArrowDown")
    type_into(page, "Adresse électronique pour signaler un défaut", "a11y@val-essai.test")
    send(page)
    alert = page.get_by_role("alert").inner_text()
    assert "Sans audit RGAA (taux et date), le site est « non conforme »." in alert
    assert page.get_by_label("Adresse électronique pour signaler un défaut").input_value() == (
        "a11y@val-essai.test"
    )
    assert_accessible(page)
    screenshots(page, "accessibility-form-refused", tmp_path)

    # With the audit's rate and date the same level is accepted.
    type_into(page, "Taux de conformité mesuré par l'audit (%)", "72,5")
    # The order of a date field's parts follows the machine's locale, not the page's:
    # the date is set as a value rather than typed part by part.
    page.get_by_label("Date de l'audit").fill("2026-03-12")
    type_into(page, "Non-conformités relevées", "Les cartes des lieux n'ont pas de texte")
    page.get_by_role("button", name="Enregistrer la déclaration").focus()
    send(page)
    assert page.url == f"{live_server.url}/transparence/accessibilite/"
    assert "Déclaration d'accessibilité enregistrée." in page.content().replace("&#x27;", "'")
    assert "partiellement conforme" in page.locator("#etat-de-conformite").inner_text()
    assert_accessible(page)
    screenshots(page, "accessibility-statement", tmp_path)
    statement = AccessibilityStatement.objects.get()
    assert (str(statement.audit_rate), statement.audit_date.isoformat()) == ("72.5", "2026-03-12")
    assert no_external_requests == []
