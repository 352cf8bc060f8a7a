"""In a real browser: a receipt printed at the counter, read and withdrawn without an account."""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.debates.models import Contribution
from parlons.privacy.models import Receipt, RequestStatus, RightsRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Il faudrait un abri couvert à l'arrêt de car de la mairie."


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirm_second_factor_in_browser(page, user)


def test_a_receipt_from_the_counter_to_the_withdrawal(
    browser, live_server, make_process, mediator, dpo, assert_accessible, tmp_path
):
    process = make_process()

    # 1. The mediator records the words of a person without an account and prints the receipt.
    counter = browser.new_context(java_script_enabled=False, locale="fr-FR").new_page()
    sign_in(counter, live_server, mediator)
    counter.goto(f"{live_server.url}/demarches/{process.slug}/guichet/")
    counter.get_by_label("Contribution de la personne").fill(WORDS)
    counter.get_by_label("Signature choisie par la personne (facultatif)").fill("Une habitante")
    counter.get_by_label("La personne a lu ce texte").check()
    with counter.expect_navigation():
        counter.get_by_role("button", name="Enregistrer la contribution").click()
    receipt = Receipt.objects.get()
    assert counter.url.endswith(f"/confidentialite/recu/{receipt.pk}/imprimer/")
    code = counter.locator("#receipt-code").inner_text()
    assert len(code) == 11 and code.count("-") == 2
    assert WORDS in counter.locator(".receipt").inner_text()
    assert_accessible(counter)
    screenshots(counter, "receipt-print", tmp_path)
    # On paper: the receipt and its code, without the buttons and the site's menus.
    counter.emulate_media(media="print")
    assert counter.locator("#receipt-code").is_visible()
    assert not counter.get_by_role(
        "button", name="Reçu remis : ne plus afficher le code"
    ).is_visible()
    counter.emulate_media(media="screen")
    with counter.expect_navigation():
        counter.get_by_role("button", name="Reçu remis : ne plus afficher le code").click()
    assert counter.url.endswith(f"/demarches/{process.slug}/guichet/")
    counter.goto(f"{live_server.url}/confidentialite/recu/{receipt.pk}/imprimer/")
    assert counter.locator("#receipt-code").count() == 0
    counter.context.close()

    # 2. At home, the person types a wrong code, then theirs, and asks for the withdrawal.
    visitor = browser.new_context(java_script_enabled=False, locale="fr-FR").new_page()
    visitor.goto(f"{live_server.url}/confidentialite/recu/")
    assert_accessible(visitor)
    screenshots(visitor, "receipt-lookup", tmp_path)
    visitor.get_by_label("Code du reçu").fill("AAA-BBB-CCC")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Voir ce qui a été enregistré").click()
    assert "Aucun reçu ne correspond à ce code" in visitor.locator("#form-errors").inner_text()
    assert visitor.get_by_label("Code du reçu").input_value() == "AAA-BBB-CCC"
    assert_accessible(visitor)
    screenshots(visitor, "receipt-lookup-not-found", tmp_path)
    visitor.get_by_label("Code du reçu").fill(code.lower().replace("-", " "))
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Voir ce qui a été enregistré").click()
    assert WORDS in visitor.locator(".receipt").inner_text()
    assert_accessible(visitor)
    screenshots(visitor, "receipt-show", tmp_path)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Demander le retrait").click()
    filed = RightsRequest.objects.get()
    assert filed.reference in visitor.content()
    assert_accessible(visitor)
    screenshots(visitor, "receipt-withdrawal-asked", tmp_path)

    # 3. The DPO sees the request on the desk, withdraws the contribution and answers.
    desk = browser.new_context(java_script_enabled=False, locale="fr-FR").new_page()
    sign_in(desk, live_server, dpo)
    desk.goto(f"{live_server.url}/confidentialite/equipe/demandes/")
    with desk.expect_navigation():
        desk.get_by_role("link", name=filed.reference).click()
    assert f"Demandée avec le reçu n° {receipt.pk}" in desk.content()
    assert_accessible(desk)
    screenshots(desk, "receipt-desk", tmp_path)
    with desk.expect_navigation():
        desk.get_by_role("button", name="Retirer l'élément des pages publiques").click()
    assert "L'élément est retiré des pages publiques." in desk.content()
    desk.get_by_label("Réponse à la personne").fill("Votre contribution est retirée du site.")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Clore et envoyer la réponse").click()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.CLOSED
    assert "Contribution à la démarche" in filed.actions_taken
    desk.context.close()

    # 4. The words left the public pages; the person reads the answer with their code.
    contribution = Contribution.objects.get()
    visitor.goto(f"{live_server.url}{contribution.get_absolute_url()}")
    assert "abri couvert" not in visitor.content()
    visitor.goto(f"{live_server.url}/demarches/{process.slug}/")
    assert "abri couvert" not in visitor.content()
    visitor.goto(f"{live_server.url}/confidentialite/recu/lu/")
    assert "Votre contribution est retirée du site." in visitor.content()
    assert "Retiré le" in visitor.content()
    assert_accessible(visitor)
    screenshots(visitor, "receipt-answered", tmp_path)
    visitor.context.close()


def test_at_the_counter_a_mediator_asks_the_withdrawal_for_the_person_with_their_receipt(
    browser, live_server, make_process, mediator, dpo, assert_accessible, tmp_path
):
    """The person came back to the town hall with their paper receipt: no account, no e-mail."""
    from parlons.debates import services
    from parlons.privacy.models import RequestChannel

    process = make_process()
    contribution = services.submit_on_behalf(
        actor=mediator, process=process, body=WORDS, consent=True, display_label="Un habitant"
    )
    code = contribution.issued_receipt.code

    counter = browser.new_context(java_script_enabled=False, locale="fr-FR").new_page()
    sign_in(counter, live_server, mediator)
    counter.goto(f"{live_server.url}/confidentialite/recu/au-guichet/")
    assert_accessible(counter)
    counter.get_by_label("Code du reçu").fill(code)
    with counter.expect_navigation():
        counter.get_by_role("button", name="Voir ce qui a été enregistré").click()
    assert WORDS in counter.locator(".receipt").inner_text()
    with counter.expect_navigation():
        counter.get_by_role("button", name="Demander le retrait").click()
    filed = RightsRequest.objects.get()
    assert filed.channel == RequestChannel.COUNTER and filed.reference in counter.content()
    assert_accessible(counter)
    screenshots(counter, "receipt-counter-asked", tmp_path)
    counter.context.close()

    desk = browser.new_context(java_script_enabled=False, locale="fr-FR").new_page()
    sign_in(desk, live_server, dpo)
    desk.goto(f"{live_server.url}/confidentialite/equipe/demandes/{filed.pk}/")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Retirer l'élément des pages publiques").click()
    desk.get_by_label("Réponse à la personne").fill("Votre contribution est retirée du site.")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Clore et envoyer la réponse").click()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.CLOSED
    desk.goto(f"{live_server.url}{contribution.get_absolute_url()}")
    assert "abri couvert" not in desk.content()
    desk.context.close()
