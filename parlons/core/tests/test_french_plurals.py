"""Counts read as French writes them: 0 and 1 in the singular, grouped thousands."""

import runpy
from pathlib import Path

import polib
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext, npgettext

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "parlons" / "core" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_french_catalogue_holds_every_plural_string_of_every_app():
    """Run `make messages` when this fails: it regenerates the catalogue."""
    expected = runpy.run_path(str(ROOT / "scripts" / "french-plurals"))["plural_entries"]()
    kept = {(entry.msgctxt or "", entry.msgid): entry for entry in polib.pofile(str(CATALOGUE))}
    assert sorted(set(expected) - set(kept)) == []
    for key, entry in kept.items():
        assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}, key


def test_zero_and_one_are_singular_in_french_and_zero_plural_in_english():
    with translation.override("fr"):
        assert npgettext("chiffre clé", "réunion publique", "réunions publiques", 0) == (
            "réunion publique"
        )
        assert ngettext("%(counter)s réponse", "%(counter)s réponses", 1) == "%(counter)s réponse"
        assert ngettext("%(counter)s réponse", "%(counter)s réponses", 2) == "%(counter)s réponses"
    with translation.override("en"):
        assert npgettext("chiffre clé", "réunion publique", "réunions publiques", 0) == (
            "public meetings"
        )


def test_counts_are_grouped_by_thousands_as_the_language_writes_them():
    template = Template("{% load numbers %}{{ n|number }}")
    with translation.override("fr"):
        assert template.render(Context({"n": 1219})) == "1\xa0219"
    with translation.override("en"):
        assert template.render(Context({"n": 1219})) == "1,219"
