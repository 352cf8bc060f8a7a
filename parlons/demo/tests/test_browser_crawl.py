"""In a real browser at 390 px: no page of the demo runs off a phone's screen, none fails axe.

Each demo role in turn follows every same-site link from the home page and the staff
dashboard, breadth-first. One page per kind of address (numbers folded, query dropped) is
enough to catch a template's overflow and keeps the crawl within a couple of minutes.
"""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from parlons.conftest import login_staff
from parlons.demo.loader import ACCOUNTS, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGES_PER_ROLE = 80
# Files and feeds are not pages; signing out would end the crawl's session.
SKIPPED = re.compile(
    r"(/static/|/media/|/api/|deconnexion|logout|\.(csv|json|zip|ics|pdf|png|svg|xml|txt)$"
    r"|/export|/telecharger|/rss|/atom|/flux)"
)


def shape(path: str) -> str:
    """An address with its numbers and tokens folded: one visit per template and state."""
    return re.sub(r"/[0-9a-f-]{8,}/|/\d+/", "/#/", path)


def same_site_links(page, origin: str) -> list[str]:
    # An SVG link (the map's points) has no string `href`: resolve its attribute.
    hrefs = page.eval_on_selector_all(
        "a[href]",
        "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)",
    )
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        if url.startswith(origin) and not SKIPPED.search(urlsplit(url).path):
            found.append(url)
    return found


def links_in(response, url: str, origin: str) -> list[str]:
    if "text/html" not in response.headers.get("content-type", ""):
        return []
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"', response.text())
    found = []
    for href in hrefs:
        absolute, _fragment = urldefrag(urljoin(url, unescape(href)))
        if absolute.startswith(origin) and not SKIPPED.search(urlsplit(absolute).path):
            found.append(absolute)
    return found


def overflow(page) -> dict | None:
    """The page's width and its widest element sticking out on the right, if it runs off."""
    return page.evaluate(
        """() => {
          const width = document.scrollingElement.scrollWidth;
          if (width <= window.innerWidth) return null;
          let widest = null;
          for (const e of document.querySelectorAll('body *')) {
            const right = e.getBoundingClientRect().right;
            if (right > window.innerWidth && (!widest || right > widest.right)) {
              widest = {right: Math.round(right), tag: e.tagName, cls: e.className,
                        text: (e.textContent || '').trim().slice(0, 60)};
            }
          }
          return {scrollWidth: width, widest};
        }"""
    )


def crawl(page, origin: str, starts: list[str], checked: set[str], assert_accessible) -> dict:
    """Visits up to PAGES_PER_ROLE kinds of pages; returns the overflowing or inaccessible ones.

    Each kind of page is rendered, measured and checked by axe once, by the first role
    that reaches it; later roles only read its links.
    """
    queue = deque(origin + start for start in starts)
    visited: set[str] = set()
    problems: dict[str, dict] = {}
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        key = shape(urlsplit(url).path)
        if key in visited:
            continue
        visited.add(key)
        if key in checked:
            # Already measured for an earlier role: only its links matter, read without
            # rendering (the browser's rendering is what makes a crawl slow).
            queue.extend(links_in(page.context.request.get(url), url, origin))
            continue
        try:
            response = page.goto(url)
        except Exception as error:  # a link answered with a download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{url} answered {response.status}"
        problem = overflow(page)
        if problem:
            problems[url] = problem
        checked.add(key)
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems[url] = {"axe": str(error)[:300]}
        queue.extend(same_site_links(page, origin))
    return problems


def test_no_demo_page_runs_off_a_phone_screen_for_any_role(browser, live_server, assert_accessible):
    load_demo()
    origin = live_server.url
    checked: set[str] = set()
    problems: dict[str, dict] = {}
    roles = [None, *(email for email, *_rest in ACCOUNTS)]
    for email in roles:
        context = browser.new_context(viewport=PHONE, locale="fr-FR")
        if email is not None:
            from parlons.accounts.models import User

            client = Client()
            user = User.objects.get(email=email)
            login_staff(client, user)
            cookie = client.cookies["sessionid"]
            context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": origin}])
        page = context.new_page()
        starts = ["/"] if email is None else ["/", "/compte/equipe/"]
        problems.update(crawl(page, origin, starts, checked, assert_accessible))
        context.close()
    # A few dozen kinds of pages at least: a crawl that stops on the home page proves nothing.
    assert len(checked) >= 45, sorted(checked)
    assert problems == {}
