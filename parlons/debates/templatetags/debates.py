"""Template filters of the debate pages.

Pages never mask text themselves: they show the public copies that the
services stored when the text was written (parlons.privacy.publication).
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from parlons.processes.pagecache import kept_cache, kept_key

register = template.Library()
CARD = "debates/_card.html"


@register.simple_tag(takes_context=True)
def card(context, c) -> str:
    """The card of contribution `c` (debates/_card.html), rendered once per write of the démarche.

    A card shows what every reader sees alike (public texts, signature, counts),
    except for its own author, who reads their words unmasked: their cards are
    rendered each time. The others are kept under the démarche's generation
    numbers (parlons.processes.pagecache.kept), like the anonymous visitors' pages
    that already hold the same cards.
    """
    reader = context.get("user")
    own = reader is not None and reader.is_authenticated and c.author_id == reader.pk
    prefix = None if own else _card_prefix(context)
    if prefix is None:
        return _render_card(context, c)
    cache = kept_cache()
    key = f"{prefix}:{c.pk}"
    html = cache.get(key)
    if html is None:
        html = _render_card(context, c)
        cache.set(key, str(html), settings.PAGE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  # rendered by our own template, escaped there


def _card_prefix(context) -> str | None:
    """The key prefix of this page's cards, read once per page (None: keep nothing)."""
    memo = context.render_context
    if "debates_card_prefix" not in memo:
        memo["debates_card_prefix"] = kept_key(context["process"].slug, "card")
    return memo["debates_card_prefix"]


def _render_card(context, c) -> str:
    with context.push(c=c):
        return context.template.engine.get_template(CARD).render(context)


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
