"""Template filters of the debate pages.

`public_text` is the publication guard: every text a person wrote goes
through it before it is shown (pages and feeds), so that personal data in
free text is masked.
"""

from django import template

from parlons.privacy.publication import public_text as _public_text

register = template.Library()


@register.filter
def public_text(value) -> str:
    return _public_text(str(value or ""))


@register.filter
def count_of(contribution, value: str) -> int:
    """The annotated count of one reaction value ('agree', 'disagree', 'pass')."""
    return getattr(contribution, f"{value}_count", 0) or 0
