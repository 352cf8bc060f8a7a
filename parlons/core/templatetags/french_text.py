"""The template filter `truncatewords`, keeping French typography's no-break spaces.

Loaded as a template builtin (settings.TEMPLATES), like `french_dates`: Django's own
filter splits on every space and joins the words with plain ones, so "maire : il"
could break before its colon. This one collapses spaces as Django's does, except a
single no-break space (U+00A0, U+202F), which stays where it was written.
"""

import re

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import add_truncation_text
from django.utils.translation import pgettext

register = template.Library()
SPACES = re.compile(r"\s+")
NO_BREAK = {"\u00a0", "\u202f"}


@register.filter(is_safe=True)
@stringfilter
def truncatewords(value: str, arg) -> str:
    try:
        length = int(arg)
    except ValueError:  # Django's filter fails silently too.
        return value
    if length <= 0:
        return ""
    words = list(re.finditer(r"\S+", value))
    cut = len(words) > length
    if cut:
        value = value[: words[length - 1].end()]
    value = SPACES.sub(lambda space: space.group(0) if space.group(0) in NO_BREAK else " ", value)
    return add_truncation_text(value.strip(), " …") if cut else value.strip()


@register.simple_tag
def colon() -> str:
    """The colon between a name and what follows it, as the page's language writes it:
    « Titre : » in French (a no-break space before it), "Title:" in English. For
    templates that put a link before the colon, outside any translated sentence."""
    return pgettext("colon between a name and what follows it", " :")
