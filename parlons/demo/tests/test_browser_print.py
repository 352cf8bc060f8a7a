"""In a real browser, as printed: no menu nor buttons on paper, a list for the door with room
to sign, link targets written out."""

import os

import pytest
from django.test import Client

from parlons.accounts.models import User
from parlons.conftest import login_staff
from parlons.demo.loader import load_demo
from parlons.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where a person who wants to look at the printed page gets it (PARLONS_SCREENSHOTS=/some/dir).
SCREENSHOTS = os.environ.get("PARLONS_SCREENSHOTS", "")


def visible(page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all(
        "nodes => nodes.map(n => getComputedStyle(n).display !== 'none')"
    )


def test_a_meeting_list_for_the_door_prints_with_a_signature_column_and_no_menu(
    browser, live_server
):
    load_demo()
    client = Client()
    login_staff(client, User.objects.get(email="organisatrice@demo.parlons.fr"))
    context = browser.new_context(locale="fr-FR")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    meeting = Meeting.objects.filter(registrations__isnull=False).distinct().first()
    page.goto(live_server.url + meeting.get_absolute_url() + "equipe/inscriptions/")
    rows = page.locator("table.door-list tbody tr td.signature").count()
    assert rows >= 1
    # On screen: no signature column, the menu is there.
    assert set(visible(page, ".signature")) == {False}
    assert visible(page, ".site-header nav") == [True]
    page.emulate_media(media="print")
    assert set(visible(page, ".signature")) == {True}
    assert page.locator("table.door-list thead th.signature").inner_text() == "Signature"
    assert visible(page, ".site-header nav") == [False]
    assert set(visible(page, "main form, main button, .language-form")) <= {False}
    # The territory's dark header band is not printed.
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(255, 255, 255)"
    if SCREENSHOTS:
        page.pdf(path=f"{SCREENSHOTS}/liste-porte.pdf")
        page.screenshot(path=f"{SCREENSHOTS}/liste-porte-impression.png", full_page=True)
    context.close()


def test_external_links_print_their_address_and_the_privacy_register_has_no_menu(page, live_server):
    load_demo()
    page.goto(live_server.url + "/confidentialite/")
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = 'https://www.cnil.fr/';
                   a.id = 'outside'; a.textContent = 'CNIL'; document.querySelector('main').append(a); }"""
    )
    after = "e => getComputedStyle(e, '::after').content"
    assert page.locator("#outside").evaluate(after) == "none"
    page.emulate_media(media="print")
    assert page.locator("#outside").evaluate(after) == '" (https://www.cnil.fr/)"'
    assert visible(page, ".site-header nav") == [False]
    assert visible(page, "main h1") == [True]


def overflows(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")


def test_a_thread_and_meeting_minutes_print_cleanly_for_a_signed_in_resident(browser, live_server):
    """Only what one reads: the text, its replies and answers, the minutes; no menu, footer
    links, forms, buttons or reactions; nothing wider than the paper."""
    from parlons.debates.models import Contribution

    load_demo()
    client = Client()
    client.force_login(User.objects.get(email="citoyenne@demo.parlons.fr"))
    # About the width of an A4 page's printable area.
    context = browser.new_context(locale="fr-FR", viewport={"width": 700, "height": 1000})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    thread = (
        Contribution.objects.filter(parent__isnull=True, replies__isnull=False, is_hidden=False)
        .distinct()
        .first()
    )
    minutes = Meeting.objects.filter(minutes_published_at__isnull=False).first()
    pages = [
        (f"/demarches/{thread.process.slug}/contributions/{thread.pk}/", ".replies"),
        (minutes.get_absolute_url(), "#minutes-title"),
    ]
    for path, kept in pages:
        page.emulate_media(media="screen")
        page.goto(live_server.url + path)
        if kept == ".replies":  # on screen, the thread has its reply form and reactions
            assert True in visible(page, "main form, main button"), path
        page.emulate_media(media="print")
        assert visible(page, ".site-header nav") == [False], path
        assert set(visible(page, ".site-footer .footer-links")) == {False}, path
        assert set(visible(page, "main form, main button, .reactions, .language-form")) <= {False}
        assert True in visible(page, kept), path
        assert not overflows(page), path
        assert page.pdf(format="A4")[:4] == b"%PDF"
        if SCREENSHOTS:
            name = "fil" if kept == ".replies" else "compte-rendu"
            page.screenshot(path=f"{SCREENSHOTS}/{name}-impression.png", full_page=True)
    context.close()
