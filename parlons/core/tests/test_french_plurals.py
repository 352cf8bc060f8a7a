"""Counts read as French writes them: 0 and 1 in the singular, grouped thousands."""

import runpy
from pathlib import Path

import polib
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "parlons" / "core" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_french_catalogue_holds_every_plural_string_of_every_app():
    """Run `make messages` when this fails: it regenerates the catalogue."""
    script = runpy.run_path(str(ROOT / "scripts" / "french-plurals"))
    typeset = script["typeset"]
    expected = {**script["plural_entries"](), **script["typeset_entries"]()}
    kept = {(entry.msgctxt or "", entry.msgid): entry for entry in polib.pofile(str(CATALOGUE))}
    assert sorted(set(expected) - set(kept)) == []
    for key, entry in kept.items():
        if entry.msgid_plural:
            assert entry.msgstr_plural == {
                0: typeset(entry.msgid),
                1: typeset(entry.msgid_plural),
            }, key
        else:
            assert entry.msgstr == typeset(entry.msgid) != entry.msgid, key


def test_messages_written_in_python_read_with_french_typography():
    """The source keeps plain spaces; French readers get no-break ones, English is untouched."""
    message = (
        "Vous avez envoyé beaucoup de messages en peu de temps. Pour éviter les abus, "
        "attendez %(wait)s avant d'en envoyer un autre."
    )
    with translation.override("fr"):
        assert gettext("Ce thème n'appartient pas à cette démarche.") == (
            "Ce thème n'appartient pas à cette démarche."
        )
        assert gettext("Probabilité estimée de contenu indésirable : %(percent)s %%.") == (
            "Probabilité estimée de contenu indésirable\xa0: %(percent)s %%."
        )
        assert gettext(message) == message
    with translation.override("en"):
        assert "\xa0" not in gettext("Probabilité estimée de contenu indésirable : %(percent)s %%.")


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
