"""In a real browser: the demo territory's own look, accessible, and a header that leaves
room for the page on a phone."""

import os

import pytest

from parlons.demo.identity import HEADER_COLOUR, PRIMARY_COLOUR
from parlons.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where screenshots go when a person wants to look at them (PARLONS_SCREENSHOTS=/some/dir).
SCREENSHOTS = os.environ.get("PARLONS_SCREENSHOTS", "")


def rgb(colour: str) -> str:
    value = colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_demo_identity_is_shown_accessibly_on_home_and_process_pages(
    page, live_server, assert_accessible, no_external_requests, width
):
    load_demo()
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    for path, name in [("/", "home"), ("/demarches/transition-numerique/", "demarche")]:
        page.goto(live_server.url + path)
        header = page.locator(".site-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == rgb(HEADER_COLOUR)
        logo = page.locator(".brand-logo")
        assert logo.get_attribute("alt").startswith("Logo du Pays des Trois Rives")
        assert logo.evaluate("img => img.complete && img.naturalWidth") == 240
        # Text links take the territory's colour (buttons carry white text on it).
        link_colour = page.locator("main a:not(.button)").first.evaluate(
            "e => getComputedStyle(e).color"
        )
        assert link_colour == rgb(PRIMARY_COLOUR)
        assert page.get_by_role("link", name="Mentions légales").is_visible()
        if width == 390:
            # The menu takes at most a quarter of the first screen on a phone.
            assert header.bounding_box()["height"] <= 844 / 4
        if name == "demarche":
            banner = page.locator("img.process-banner")
            assert banner.evaluate("img => img.complete && img.naturalWidth") == 1200
        assert_accessible(page)
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=name == "home")
    assert no_external_requests == []
