"""In a real browser, with the keyboard only: contribute, reply, react, mediate, moderate.

Every page visited is checked with axe-core, and nothing is loaded from another host.
"""

import re

import pytest
from playwright.sync_api import expect

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser
from parlons.debates import services
from parlons.debates.models import Contribution, Reaction
from parlons.privacy.publication import create_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    confirm_second_factor_in_browser(page, user)


def press_and_wait(page, key="Enter"):
    """Press a key on the focused element and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def watch_requests(page) -> list[str]:
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if request.url.startswith("http")
            and "127.0.0.1" not in request.url
            and "localhost" not in request.url
            else None
        ),
    )
    return external


def checked_through(js_page, assert_accessible):
    """axe-core needs JavaScript: the page seen without it is replayed, as is, in a page with it."""

    def check(page):
        url = page.url.split("#")[0]
        html = page.content()
        handler = lambda route: route.fulfill(  # noqa: E731
            status=200, body=html, headers={"content-type": "text/html; charset=utf-8"}
        )
        js_page.route(url, handler)
        js_page.goto(url)
        assert_accessible(js_page)
        js_page.unroute(url, handler)

    return check


def contribute_reply_and_react(page, live_server, process, assert_accessible, with_js: bool):
    """The same path with and without JavaScript: only the keyboard, every page checked."""
    page.goto(f"{live_server.url}/demarches/{process.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name="Voir toutes les contributions").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/contributions/")
    assert_accessible(page)

    page.get_by_role("link", name="Contribuer", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/contributions/nouvelle/")
    assert_accessible(page)
    # Sent empty first: the page says what to fix and keeps the chosen theme.
    page.get_by_label("Thème").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Publier ma contribution").focus()
    press_and_wait(page)
    assert "Écrivez votre contribution." in page.content()
    assert page.get_by_label("Thème").input_value() != ""
    assert_accessible(page)
    page.get_by_label("Votre contribution").focus()
    page.keyboard.type("Ouvrir la médiathèque le dimanche pour les démarches en ligne.")
    page.get_by_role("button", name="Publier ma contribution").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/contributions/\d+/$"))
    assert "Merci ! Votre contribution est publiée." in page.content().replace(
        "&nbsp;", "\u00a0"
    )  # Chromium writes U+00A0 as &nbsp;
    assert_accessible(page)

    contribution = Contribution.objects.get(body__startswith="Ouvrir la médiathèque")
    agree = page.locator(f"#react-{contribution.pk}-agree")
    assert agree.get_attribute("aria-pressed") == "false"
    agree.focus()
    if with_js:
        page.keyboard.press("Space")
    else:
        press_and_wait(page, "Space")
    expect(agree).to_have_attribute("aria-pressed", "true")
    if with_js:  # htmx swapped the buttons in place and kept the focus on the pressed one
        assert page.evaluate("document.activeElement.id") == f"react-{contribution.pk}-agree"
    assert Reaction.objects.get(contribution=contribution).value == "agree"
    assert_accessible(page)

    page.get_by_label("Votre réponse").last.focus()
    page.keyboard.type("Et le mercredi après-midi pour les familles.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#contribution-\d+$"))
    assert "Et le mercredi après-midi pour les familles." in page.content()

    # A reply to the reply: the disclosure opens with the keyboard.
    page.locator("summary", has_text="Répondre").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Bonne idée, je peux aider à l'accueil.")
    page.keyboard.press("Tab")
    press_and_wait(page)
    assert "Bonne idée, je peux aider à l&#x27;accueil." in page.content() or (
        "Bonne idée, je peux aider à l'accueil." in page.content()
    )
    assert_accessible(page)
    replies = Contribution.objects.filter(root=contribution).order_by("depth")
    assert [reply.depth for reply in replies] == [1, 2]


def test_a_citizen_contributes_replies_and_reacts_with_the_keyboard(
    page, live_server, make_process, citizen, assert_accessible, no_external_requests
):
    process = make_process()
    sign_in(page, live_server, citizen)
    contribute_reply_and_react(page, live_server, process, assert_accessible, with_js=True)
    assert no_external_requests == []


def test_the_same_works_without_javascript(
    browser, page, live_server, make_process, citizen, assert_accessible
):
    process = make_process()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    without_js = context.new_page()
    external = watch_requests(without_js)
    sign_in(without_js, live_server, citizen)
    check = checked_through(page, assert_accessible)
    try:
        contribute_reply_and_react(without_js, live_server, process, check, with_js=False)
    finally:
        context.close()
    assert external == []


def test_a_mediator_enters_a_contribution_at_the_counter_and_imports_paper_forms(
    page, live_server, make_process, mediator, assert_accessible, no_external_requests, tmp_path
):
    make_process()
    sign_in(page, live_server, mediator)
    page.goto(f"{live_server.url}/compte/equipe/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Guichet")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/guichet/")
    assert_accessible(page)

    page.get_by_label("Contribution de la personne").focus()
    page.keyboard.type("Je n'ai pas internet chez moi, gardez un guichet ouvert.")
    page.get_by_label("Signature choisie par la personne").focus()
    page.keyboard.type("Un habitant de Port-Essai")
    page.get_by_role("button", name="Enregistrer la contribution").focus()
    press_and_wait(page)
    assert "Sans l&#x27;accord de la personne" in page.content() or (
        "Sans l'accord de la personne" in page.content()
    )
    assert page.get_by_label("Signature choisie par la personne").input_value() == (
        "Un habitant de Port-Essai"
    )
    assert_accessible(page)
    page.get_by_label("La personne a lu ce texte").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer la contribution").focus()
    press_and_wait(page)
    assert "Contribution enregistrée et publiée" in page.content()
    contribution = Contribution.objects.get()
    assert contribution.source == "counter" and contribution.entered_by == mediator
    assert contribution.author is None
    # The person's receipt, printed now; once handed over, back to the counter.
    assert page.locator("#receipt-code").is_visible()
    page.get_by_role("button", name="Reçu remis : ne plus afficher le code").focus()
    press_and_wait(page)
    page.wait_for_url("**/guichet/")

    page.get_by_role("link", name="Importer des formulaires papier (fichier CSV)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/import-papier/")
    assert_accessible(page)
    bad = tmp_path / "papier.csv"
    bad.write_text("texte;theme;consentement\nUn texte.;Culture;oui\n;;non\n", encoding="utf-8")
    page.get_by_label("Fichier CSV des formulaires papier").set_input_files(str(bad))
    page.get_by_role("button", name="Vérifier et importer").focus()
    press_and_wait(page)
    table = page.get_by_role("table", name="Problèmes trouvés dans le fichier")
    assert table.locator("tbody tr").count() == 3
    assert Contribution.objects.count() == 1, "nothing half-imported"
    assert_accessible(page)

    # The same file twice: refused, naming the first import, unless staff tick the box.
    good = tmp_path / "bon.csv"
    good.write_text("texte;consentement\nUn atelier le samedi matin.;oui\n", encoding="utf-8")
    for _ in range(2):
        page.get_by_label("Fichier CSV des formulaires papier").set_input_files(str(good))
        page.get_by_role("button", name="Vérifier et importer").focus()
        press_and_wait(page)
    assert "Ce fichier a déjà été importé le" in page.content()
    assert Contribution.objects.count() == 2
    assert_accessible(page)
    page.get_by_label("Fichier CSV des formulaires papier").set_input_files(str(good))
    page.get_by_label("Importer quand même").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Vérifier et importer").focus()
    press_and_wait(page)
    assert "importées depuis « bon.csv »" in page.content().replace(
        "&nbsp;", "\u00a0"
    )  # Chromium writes U+00A0 as &nbsp;
    assert Contribution.objects.count() == 3
    assert no_external_requests == []


def test_a_moderator_hides_and_restores_from_the_queue(
    page,
    live_server,
    make_process,
    citizen,
    other_citizen,
    moderator,
    assert_accessible,
    no_external_requests,
):
    process = make_process()
    contribution = create_published(
        Contribution, process=process, author=citizen, body="Un message agressif envers un voisin."
    )
    services.report(actor=other_citizen, contribution=contribution, reason="Agressif.")
    sign_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/compte/equipe/")
    page.get_by_role("link", name="Modération").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/equipe/moderation/")
    assert "1 contenu signalé" in page.content()
    assert_accessible(page)

    page.locator("summary", has_text="Masquer").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("propos agressifs")
    press_and_wait(page)
    assert "Aucun signalement en attente." in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}{contribution.get_absolute_url()}")
    assert "Masqué par la modération&nbsp;: propos agressifs" in page.content()
    assert "Un message agressif" not in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/demarches/equipe/moderation/")
    page.get_by_role("button", name=re.compile("Rétablir")).focus()
    press_and_wait(page)
    contribution.refresh_from_db()
    assert contribution.is_hidden is False
    assert no_external_requests == []


def test_an_expert_answers_and_the_answer_is_listed_on_the_process_page(
    page, live_server, make_process, citizen, expert, assert_accessible
):
    process = make_process()
    contribution = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Quand aurons-nous la fibre à Port-Essai ?",
    )
    sign_in(page, live_server, expert)
    page.goto(f"{live_server.url}{contribution.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_label("Réponse officielle").focus()
    page.keyboard.type("Les travaux commencent au printemps prochain.")
    page.get_by_role("button", name="Publier la réponse officielle").focus()
    press_and_wait(page)
    assert "Claire Expert, Chargée de mission mobilités (Expert·e ou élu·e)" in page.content()
    page.goto(f"{live_server.url}/demarches/{process.slug}/")
    assert "Les travaux commencent au printemps prochain." in page.content()
    assert_accessible(page)


def test_a_held_post_is_shown_to_its_author_and_published_by_a_moderator(
    browser, live_server, make_process, citizen, moderator, assert_accessible
):
    process = make_process()
    held = services.submit_contribution(
        actor=citizen,
        process=process,
        body="Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo",
    )
    assert held.held_for_review
    author = browser.new_page(locale="fr-FR")
    sign_in(author, live_server, citizen)
    author.goto(f"{live_server.url}{held.get_absolute_url()}")
    assert "En attente de vérification" in author.content()
    assert_accessible(author)
    author.close()

    page = browser.new_page(locale="fr-FR")
    sign_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/demarches/equipe/moderation/")
    assert "1 message mis de côté avant publication" in page.content()
    assert "expression fréquente dans le spam" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Publier")).focus()
    press_and_wait(page)
    assert "Contribution publiée." in page.content()
    assert "Aucun message en attente." in page.content()
    held.refresh_from_db()
    assert held.held_for_review is False
    page.close()
