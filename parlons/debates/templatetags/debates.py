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


# Characters read past the excerpt's end, so that a phone number or an address
# straddling the cut is still seen whole by the scrubber.
EXCERPT_MARGIN = 200


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > limit // 2 else limit].rstrip() + "…"


@register.filter
def public_excerpt(value, limit: int = 600) -> str:
    """The beginning of a text, masked: lists scrub what they show, not 5,000 characters."""
    text = str(value or "")
    window = limit + EXCERPT_MARGIN
    if len(text) <= window + EXCERPT_MARGIN:
        return _cut(_public_text(text), limit)
    end = text.find(" ", window)
    public = _public_text(text[: end if end != -1 else window])
    if len(public) < limit + EXCERPT_MARGIN // 2:
        # Masks shortened the window a lot: scrub everything rather than risk a cut entity.
        public = _public_text(text)
    return _cut(public, limit)
