"""Dates as French people write them: the first of the month is an ordinal.

Django writes "1 décembre 2026"; a French reader expects "1er décembre 2026"
(and "mardi 1er décembre"). `date_format` does what Django's does, then adds
the ordinal when the active language is French; the template filter `date`
(parlons.core.templatetags.french_dates, a template builtin) does the same for
every template, so no page has to think about it.
"""

import re
from typing import Any

from django.utils import formats
from django.utils.translation import get_language

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# A lone "1" before a month's name: not "11", "21" or "31", nor "1er" already.
FIRST_OF_MONTH = re.compile(rf"(?<![\d\w])1([ \u00a0])(?=(?:{MONTHS})\b)")


def with_ordinal(text: str) -> str:
    """ "1 décembre" becomes "1er décembre" in French; other languages are left alone."""
    if not text or not (get_language() or "").startswith("fr"):
        return text
    return FIRST_OF_MONTH.sub(r"1er\1", text)


def date_format(value: Any, format: str | None = None) -> str:
    """Django's `formats.date_format`, with the French ordinal of the first of the month."""
    return with_ordinal(formats.date_format(value, format))
