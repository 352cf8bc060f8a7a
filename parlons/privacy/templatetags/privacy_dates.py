from django import template

from parlons.privacy.rights import long_date

register = template.Library()


@register.filter
def long(day) -> str:
    """A date as people write it: "1er décembre 2026" in French."""
    return long_date(day) if day else ""
