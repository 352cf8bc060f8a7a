"""In a real browser: the DPO starts the impact assessment, completes it, signs, downloads the PDF."""

import pytest
from django.urls import reverse

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.privacy.dpia_models import ImpactAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dpo_completes_signs_and_downloads_the_assessment(
    no_js_page, live_server, dpo, assert_accessible, tmp_path
):
    page = no_js_page
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(dpo.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirm_second_factor_in_browser(page, dpo)
    page.goto(live_server.url + reverse("accounts:staff"))
    with page.expect_navigation():
        page.get_by_role("link", name="Analyse d'impact (AIPD)").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer la première version").click()
    assert page.get_by_role("heading", name="Données sensibles", exact=False).is_visible()
    assert_accessible(page)
    screenshots(page, "dpia-draft", tmp_path)
    for summary in page.locator("summary").all():  # the long tables unfold, without JavaScript
        summary.click()
    assert page.get_by_role("columnheader", name="Finalité").first.is_visible()
    assert_accessible(page)
    screenshots(page, "dpia-tables-open", tmp_path)  # a wide table scrolls in its box

    page.get_by_label("Contexte").fill("Budget participatif 2027 de la communauté.")
    for risk in ("accès illégitime", "modification non désirée", "disparition"):
        page.get_by_label(f"{risk} : vraisemblance", exact=False).select_option("limited")
        page.get_by_label(f"{risk} : gravité", exact=False).select_option("significant")
    page.get_by_label("Avis du délégué à la protection des données").fill("Favorable.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").last.click()
    assert page.get_by_label("Contexte").input_value().startswith("Budget participatif")

    with page.expect_navigation():
        page.get_by_role("link", name="Signer cette version").click()
    assert_accessible(page)
    screenshots(page, "dpia-sign", tmp_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Je signe cette version").click()
    signed = ImpactAssessment.objects.get()
    assert signed.signed_by == dpo and signed.access_severity == "significant"
    assert page.get_by_text("Elle ne change plus.", exact=False).is_visible()
    assert page.get_by_label("Contexte").count() == 0  # read-only now
    assert_accessible(page)
    screenshots(page, "dpia-signed", tmp_path)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename == "analyse-impact-v1.pdf"
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
