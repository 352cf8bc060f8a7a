"""Template filters of the debate pages.

Pages never mask text themselves: they show the public copies that the
services stored when the text was written (parlons.privacy.publication).
"""

from django import template

register = template.Library()


@register.filter
def count_of(contribution, value: str) -> int:
    """The annotated count of one reaction value ('agree', 'disagree', 'pass')."""
    return getattr(contribution, f"{value}_count", 0) or 0


@register.filter
def excerpt(value, limit: int = 600) -> str:
    """The beginning of an already public text, cut on a word, with an ellipsis."""
    text = str(value or "")
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > limit // 2 else limit].rstrip() + "…"
