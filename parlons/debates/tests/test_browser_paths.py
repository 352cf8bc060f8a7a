"""In a real browser, with the keyboard only: edit and see "modifiée", withdraw and see the
trace, react to a reply (with htmx and without JavaScript), move through numbered pages.

Every page visited is checked with axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from parlons.debates import counters
from parlons.debates.models import Contribution, Reaction
from parlons.debates.tests.test_browser import press_and_wait, sign_in
from parlons.privacy.publication import create_published, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_author_edits_then_withdraws_with_the_keyboard(
    page, live_server, make_process, citizen, other_citizen, assert_accessible
):
    process = make_process()
    mine = create_published(
        Contribution, process=process, author=citizen, body="Un car le dimanche matin."
    )
    create_published(
        Contribution,
        process=process,
        author=other_citizen,
        body="Oui, pour aller au marché.",
        parent=mine,
        root=mine,
        depth=1,
    )
    sign_in(page, live_server, citizen)
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribution signée camille")
    page.get_by_role("link", name="Modifier votre contribution").focus()
    press_and_wait(page)
    assert_accessible(page)
    expect(page.get_by_label("Votre contribution")).to_have_value("Un car le dimanche matin.")
    page.get_by_label("Titre (facultatif)").focus()
    page.keyboard.type("Le car du dimanche")
    page.get_by_label("Votre contribution").focus()
    page.keyboard.press("End")
    page.keyboard.type(" Et le soir aussi.")
    page.get_by_role("button", name="Enregistrer la modification").focus()
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Le car du dimanche")
    expect(page.locator("article .meta .edited")).to_contain_text("modifiée le ")
    assert "Un car le dimanche matin. Et le soir aussi." in page.content()
    # The earlier version opens with the keyboard, for its author.
    page.locator("summary", has_text="Version précédente").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".history blockquote")).to_contain_text("Un car le dimanche matin.")
    assert_accessible(page)

    page.get_by_role("link", name="Retirer votre contribution").focus()
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer votre contribution\u00a0?")
    assert_accessible(page)
    page.get_by_role("button", name="Oui, retirer ma contribution").focus()
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribution retirée")
    expect(page.locator(".withdrawn-trace").first).to_contain_text(
        "Contribution retirée par son auteur·rice le "
    )
    expect(page.locator(".reply")).to_contain_text("Oui, pour aller au marché.")
    assert "Et le soir aussi." not in page.content()
    assert_accessible(page)


def _reply_react(page, live_server, process, reply, assert_accessible, with_js: bool):
    page.goto(f"{live_server.url}{reply.get_absolute_url()}")
    agree = page.locator(f"#react-{reply.pk}-agree")
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.focus()
    if with_js:
        page.keyboard.press("Space")
    else:
        press_and_wait(page, "Space")
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_text("D'accord (1)")
    if with_js:
        expect(page.locator(f"#reactions-{reply.pk} [role=status]")).to_have_text(
            "Votre réaction est enregistrée."
        )
        assert page.evaluate("document.activeElement.id") == f"react-{reply.pk}-agree"
    assert Reaction.objects.get(contribution=reply).value == "agree"
    assert_accessible(page)
    agree.focus()
    if with_js:
        page.keyboard.press("Space")
        expect(page.locator(f"#reactions-{reply.pk} [role=status]")).to_have_text(
            "Votre réaction est retirée."
        )
    else:
        press_and_wait(page, "Space")
        expect(page.locator(".messages")).to_contain_text("Votre réaction est retirée.")
    expect(agree).to_have_attribute("aria-pressed", "false")
    assert Reaction.objects.filter(contribution=reply).count() == 0


@pytest.mark.parametrize("with_js", [True, False], ids=["htmx", "sans-js"])
def test_a_reply_is_reacted_to_with_the_keyboard(
    browser, page, live_server, make_process, citizen, other_citizen, assert_accessible, with_js
):
    process = make_process()
    top = create_published(Contribution, process=process, author=citizen, body="Une idée.")
    reply = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Une précision.",
        parent=top,
        root=top,
        depth=1,
    )
    if with_js:
        sign_in(page, live_server, other_citizen)
        _reply_react(page, live_server, process, reply, assert_accessible, with_js=True)
        return
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        without_js = context.new_page()
        sign_in(without_js, live_server, other_citizen)
        _reply_react(without_js, live_server, process, reply, assert_accessible, with_js=False)
    finally:
        context.close()


def test_numbered_pages_are_reached_with_the_keyboard(
    page, live_server, make_process, citizen, assert_accessible
):
    process = make_process()
    Contribution.objects.bulk_create(
        publish(Contribution(process=process, author=citizen, body=f"Idée numéro {n}."))
        for n in range(20 * 7 + 1)
    )
    counters.recount([process.pk])  # written in bulk, behind the services
    page.goto(f"{live_server.url}/demarches/{process.slug}/contributions/")
    navigation = page.get_by_role("navigation", name="Pages de la liste")
    expect(navigation.locator("[aria-current=page]")).to_have_text("Page 1")
    assert_accessible(page)
    navigation.get_by_role("link", name="Page 8").focus()
    press_and_wait(page)
    assert page.url.endswith("?page=8")
    navigation = page.get_by_role("navigation", name="Pages de la liste")
    expect(navigation.locator("[aria-current=page]")).to_have_text("Page 8")
    expect(navigation.get_by_role("link", name=re.compile("^Précédente"))).to_be_visible()
    expect(navigation.get_by_role("link", name=re.compile("^Suivante"))).to_have_count(0)
    assert page.locator("article.contribution").count() == 1
    assert_accessible(page)
