"""argparse in French: the words it writes around the help of every `parlons` command.

Python ships argparse's messages ("usage:", "options", "the following
arguments are required"…) for translation under the gettext domain
"argparse", but no French catalogue comes with Debian's Python. Parlons'
commands explain themselves in French, so these few framing words are
French too: `install()` (called when Django starts, parlons.core.apps) gives
argparse a translation function over this small table. A message not in the
table stays as Python wrote it.
"""

import argparse
import gettext

FRENCH = {
    "usage: ": "utilisation : ",
    # Section headings: argparse adds the colon; French puts a no-break space before it.
    "positional arguments": "arguments\u00a0",
    "options": "options\u00a0",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "the following arguments are required: %s": "ces arguments sont obligatoires : %s",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
FRENCH_PLURALS = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


def french(message: str) -> str:
    return FRENCH.get(message, gettext.gettext(message))


def french_plural(singular: str, plural: str, count: int) -> str:
    forms = FRENCH_PLURALS.get(singular)
    if forms is None:
        return gettext.ngettext(singular, plural, count)
    return forms[0] if count <= 1 else forms[1]


def install() -> None:
    """argparse looks its messages up through these two names of its module, at use time."""
    argparse._ = french  # type: ignore[attr-defined]
    argparse.ngettext = french_plural  # type: ignore[attr-defined]
