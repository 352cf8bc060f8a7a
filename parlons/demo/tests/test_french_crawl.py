"""Every page of the demo, as each demo role, reads in French.

A test-client crawl (no browser: it only reads the HTML) follows every same-site link
from the home page and the staff dashboard, one page per kind of address and per role,
and fails on English words and English dates in what a person sees or hears: the text,
and the attributes read aloud or shown (title, alt, aria-label, placeholder, value).
The same crawl fails on a plain space where French typography wants a no-break one:
before ; : ! ? and inside « » (how to write one: docs/decisions/0016).
"""

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from parlons.accounts.models import User
from parlons.conftest import login_staff
from parlons.demo.loader import ACCOUNTS, load_demo

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 120
SKIPPED = re.compile(
    r"(/static/|/media/|/api/|deconnexion|logout|/langue|/i18n/"
    r"|\.(csv|json|zip|ics|pdf|png|svg|xml|txt|ico|webmanifest)$"
    r"|/export|/telecharger|/rss|/atom|/flux)"
)

# Whole words only, with their case: "page" is English and French, so it is only refused
# where French would say "page" differently ("Page 2 of 5" is caught by "of").
ENGLISH_WORDS = [
    "User",
    "Users",
    "Reporter",
    "confirmed",
    "waiting",
    "pending",
    "None",
    "True",
    "False",
    "Submit",
    "Save",
    "Delete",
    "Cancel",
    "Search",
    "Next",
    "Previous",
    "Back",
    "Edit",
    "Yes",
    "No",
    "of",
    "the",
    "and",
    "or",
    "by",
    "Unknown",
    "yes",
    "no",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "midnight",
    "noon",
]
ENGLISH = re.compile(r"(?<![\w@./-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w@/-])")
# "Dec. 6, 2026", "6 Dec 2026", "12/06/2026", "2026-12-06 04:31", "4:31 p.m.", "4 PM".
ENGLISH_DATES = [
    re.compile(r"\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b"),
    re.compile(r"\b\d{1,2}:\d{2} ?(a\.m\.|p\.m\.|AM|PM)"),
    re.compile(r"\b(a\.m\.|p\.m\.)"),
    re.compile(r"\b\d{1,2}(st|nd|rd|th)\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"),
]
SPOKEN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description"}


class VisibleText(HTMLParser):
    """What a person sees or hears of a page: text outside scripts and styles, the
    attributes read aloud, and the labels of buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template", "code", "pre", "svg"}:
            self.hidden += 1
        values = dict(attrs)
        for name in SPOKEN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template", "code", "pre", "svg"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


# Proper names quoted as they are published.
PROPER_NAMES = ("Method of Equal Shares",)


def english_in(text: str) -> list[str]:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    found = [match.group(0) for match in ENGLISH.finditer(text)]
    for pattern in ENGLISH_DATES:
        found += [match.group(0) for match in pattern.finditer(text)]
    return found


# A plain space (U+0020) before ; : ! ? ending a word, after « or before ». A no-break
# space (U+00A0 or U+202F) is right; "12:30", "https://" and "ex.:" have no space at all.
PLAIN_SPACE = re.compile(r"(?:^|(?<=\S)) [;:!?](?=\s|$)|« | »")


def typography_in(html: str) -> list[str]:
    """Each plain space French typography refuses, in a few words of its context."""
    parser = VisibleText()
    parser.feed(html)
    return [
        "…" + part[max(0, match.start() - 30) : match.end() + 15].strip() + "…"
        for part in parser.parts
        for match in PLAIN_SPACE.finditer(part)
    ]


def shape(path: str) -> str:
    return re.sub(r"/[0-9a-f-]{8,}/|/\d+/", "/#/", path)


def links_in(html: str, url: str) -> list[str]:
    found = []
    for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
        absolute, _fragment = urldefrag(urljoin(f"http://testserver{url}", unescape(href)))
        parts = urlsplit(absolute)
        local = parts.scheme in {"http", "https"} and parts.netloc == "testserver"
        if local and not SKIPPED.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(
    client: Client, starts: list[str]
) -> tuple[set[str], dict[str, list[str]], dict[str, list[str]]]:
    queue = deque(starts)
    visited: set[str] = set()
    problems: dict[str, list[str]] = {}
    spacing: dict[str, list[str]] = {}
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        key = shape(urlsplit(url).path)
        if key in visited:
            continue
        visited.add(key)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        html = response.content.decode()
        found = english_in(visible_text(html))
        if found:
            problems[url] = sorted(set(found))
        if plain := typography_in(html):
            spacing[url] = sorted(set(plain))
        queue.extend(links_in(html, url))
    return visited, problems, spacing


def test_english_words_are_caught():
    html = (
        '<p title="Delete">Reporter : 3 <b>confirmed</b></p><input type="submit" value="Save">'
        "<p>Dec. 6, 2026, 4:31 p.m.</p><script>var None</script><code>True</code>"
    )
    found = set(english_in(visible_text(html)))
    assert found == {
        "Delete",
        "Reporter",
        "confirmed",
        "Save",
        "Dec",
        "Dec. 6, 2026",
        "4:31 p.m.",
        "p.m.",
    }
    assert english_in(visible_text("<p>Mardi 1er décembre 2026 à 18:30, page 2 sur 5</p>")) == []


def test_plain_spaces_are_caught_in_text_only():
    html = (
        '<p title="Vraiment ?">Phase : <b>vote</b> ; « oui » !</p><a href="https://x.fr/?a=1">'
        "à 12:30, ex.\u00a0: 1/2</a><script>a ? b : c</script><code>x ; y</code><p>Ah\u202f!</p>"
    )
    assert typography_in(html) == [
        "…Vraiment ?…",
        "…Phase :…",
        "…; « oui » !…",
        "…; « oui » !…",
        "…; « oui » !…",
        "…; « oui » !…",
    ]
    assert typography_in("<p>Phase\u00a0: <b>vote</b>\u00a0; «\u00a0oui\u00a0»\u202f!</p>") == []


def test_every_demo_page_reads_in_french_for_every_role():
    load_demo()
    problems: dict[str, list[str]] = {}
    spacing: dict[str, list[str]] = {}
    pages: set[str] = set()
    for email in [None, *(email for email, *_rest in ACCOUNTS)]:
        client = Client()
        starts = ["/"]
        if email is not None:
            login_staff(client, User.objects.get(email=email))
            starts = ["/", "/compte/equipe/"]
        visited, found, plain = crawl(client, starts)
        pages |= visited
        problems.update({f"{email or 'anonyme'} {url}": words for url, words in found.items()})
        spacing.update({f"{email or 'anonyme'} {url}": texts for url, texts in plain.items()})
    # A crawl that stops on the home page proves nothing.
    assert len(pages) >= 45, sorted(pages)
    print("\n".join(sorted(pages)))
    assert problems == {}, "\n".join(f"{page}: {words}" for page, words in sorted(problems.items()))
    # A plain space before ; : ! ? or inside « »: write a no-break space (U+00A0) in the
    # string (`scripts/french-typography FILE` does it), then `make messages`.
    assert spacing == {}, "Espaces ordinaires à remplacer par des espaces insécables :\n" + (
        "\n".join(f"{page}: {texts}" for page, texts in sorted(spacing.items()))
    )
