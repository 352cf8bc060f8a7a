"""The English interface stays whole: every catalogue is translated, compiled and up to date with
the code, and the pages really switch to English.

Each app keeps its own catalogue in `parlons/<app>/locale/en/LC_MESSAGES/django.po`; any new one
is picked up here without editing this file. When a test fails: translate the entries it lists
in the .po, then run `make messages` (it refreshes and compiles every app's catalogue).
"""

import gettext
import html
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

PARLONS_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PARLONS_DIR.glob("**/locale/en/LC_MESSAGES/django.po"))
APP_CATALOGUES = [po for po in CATALOGUES if po.parents[3] != PARLONS_DIR]
FOUNDATION_APPS = ("core", "accounts", "processes", "privacy", "transparency", "demo")
# Same options as the Makefile's `messages` target, so the check matches what it writes.
MAKEMESSAGES_IGNORE = ["tests/*", "scrubber/*"]
HOW_TO_FIX = "run `make messages`, translate the listed entries in the .po, run it again"

PYTHON_FORMAT = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]")
BRACE_FORMAT = re.compile(r"\{[A-Za-z_]\w*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def catalogue_id(po_path: Path) -> str:
    return str(po_path.relative_to(PARLONS_DIR.parent))


def live_entries(po_path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(po_path)) if not entry.obsolete]


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def markers(text: str) -> Counter:
    """What a translation must carry over unchanged: format placeholders and HTML tags."""
    return Counter(
        PYTHON_FORMAT.findall(text) + BRACE_FORMAT.findall(text) + HTML_TAG.findall(text)
    )


# Pure file checks, no database: run once in CI, on the SQLite pass.
catalogue_check = pytest.mark.engine


@catalogue_check
def test_every_foundation_app_has_an_english_catalogue():
    apps_with_catalogue = {po.parents[3].name for po in APP_CATALOGUES}
    assert set(FOUNDATION_APPS) <= apps_with_catalogue


@catalogue_check
@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_catalogue_has_no_empty_translation(po_path):
    untranslated = [
        entry.msgid
        for entry in live_entries(po_path)
        if not all(text.strip() for text in translations_of(entry))
    ]
    assert untranslated == [], (
        f"{catalogue_id(po_path)}: {len(untranslated)} entries without English; {HOW_TO_FIX}"
    )


@catalogue_check
@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_catalogue_has_no_fuzzy_entry(po_path):
    fuzzy = [entry.msgid for entry in live_entries(po_path) if "fuzzy" in entry.flags]
    assert fuzzy == [], (
        f"{catalogue_id(po_path)}: fuzzy entries are guesses that gettext ignores; "
        f"check each translation and remove its `#, fuzzy` line"
    )


@catalogue_check
@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_translations_keep_placeholders_and_tags(po_path):
    mismatches = []
    for entry in live_entries(po_path):
        if entry.msgid_plural:
            # English may drop the count from its singular form, but never invent a name.
            source = markers(entry.msgid) | markers(entry.msgid_plural)
            forms = [markers(text) for text in translations_of(entry) if text]
            if any(form - source for form in forms) or (
                forms and set(source) != set().union(*forms)
            ):
                mismatches.append((entry.msgid, translations_of(entry)))
        elif entry.msgstr and markers(entry.msgid) != markers(entry.msgstr):
            mismatches.append((entry.msgid, entry.msgstr))
    assert mismatches == [], f"{catalogue_id(po_path)}: placeholders or tags differ"


@catalogue_check
@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_compiled_catalogue_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{catalogue_id(po_path)} is not compiled: run `make messages`"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in live_entries(po_path):
        if "fuzzy" in entry.flags or not all(translations_of(entry)):
            continue
        if entry.msgid_plural:
            got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            if entry.msgctxt:
                got = [
                    compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for n in (1, 2)
                ]
            expected = translations_of(entry)[:2]
        else:
            got = [
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            ]
            expected = [entry.msgstr]
        if got != expected:
            stale.append(entry.msgid)
    assert stale == [], (
        f"{catalogue_id(po_path)}: the .mo is older than the .po for {len(stale)} entries; "
        f"run `make messages` and commit the .mo"
    )


@catalogue_check
@pytest.mark.parametrize("po_path", APP_CATALOGUES, ids=catalogue_id)
def test_catalogue_lists_every_string_marked_in_the_code(po_path, tmp_path, monkeypatch):
    """Regenerates the catalogue from a copy of the app and compares the messages."""
    app_dir = po_path.parents[3]
    copy = tmp_path / app_dir.name
    shutil.copytree(
        app_dir, copy, ignore=shutil.ignore_patterns("tests", "locale", "__pycache__", "static")
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["en"],
        no_obsolete=True,
        ignore_patterns=MAKEMESSAGES_IGNORE,
        verbosity=0,
    )
    fresh = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    in_code = {(e.msgctxt, e.msgid, e.msgid_plural) for e in live_entries(fresh)}
    in_catalogue = {(e.msgctxt, e.msgid, e.msgid_plural) for e in live_entries(po_path)}
    missing = sorted(msgid for _, msgid, _ in in_code - in_catalogue)
    assert missing == [], (
        f"{catalogue_id(po_path)}: {len(missing)} strings of the code are not in the catalogue; "
        f"{HOW_TO_FIX}"
    )


# Each page: English text it must show, and the French text it must no longer show.
CHROME_EN = ["Skip to content", "Participatory processes", "Data charter", "Accessibility"]
CHROME_FR = ["Aller au contenu", "Charte des données", "Accessibilité", "Navigation principale"]
PAGES_IN_ENGLISH = {
    "/": (
        ["Open participatory processes", "Sign in", "Privacy and personal data"],
        ["Démarches ouvertes", "Se connecter", "Confidentialité"],
    ),
    "/demarches/": (
        ["The territory's participatory processes", "Current phase:"],
        ["Démarches du territoire", "Phase en cours", "Démarches"],
    ),
    "/confidentialite/": (
        ["Privacy and personal data", "Your rights", "Legal basis", "Retention period"],
        ["Confidentialité", "Vos droits", "Base légale", "Durée de conservation"],
    ),
    "/compte/connexion/": (
        ["Sign in", "Forgotten your password?", "No account yet?"],
        ["Se connecter", "Mot de passe oublié", "Pas encore de compte"],
    ),
    "/compte/inscription/": (
        ["Create an account", "Create my account", "Already registered?", "Confirm the password"],
        ["Créer un compte", "Créer mon compte", "Déjà inscrit", "Pseudonyme"],
    ),
}


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES_IN_ENGLISH)
def test_page_switches_to_english(client, make_process, url):
    make_process()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(url)
    page = page_text(response)
    english, french = PAGES_IN_ENGLISH[url]
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert [text for text in CHROME_EN + english if text not in page] == []
    assert [text for text in CHROME_FR + french if text in page] == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES_IN_ENGLISH)
def test_page_stays_french_by_default(client, make_process, url):
    make_process()
    page = page_text(client.get(url))
    english, _ = PAGES_IN_ENGLISH[url]
    assert '<html lang="fr">' in page
    assert [text for text in CHROME_EN + english if text in page] == []
