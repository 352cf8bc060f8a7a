"""Numbers as the language writes them: "1 219 actions" in French, "1,219 actions" in English."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value):
    """`value` with the thousands grouped by the current language's separator."""
    if value is None or value == "":
        return value
    return number_format(value, force_grouping=True)
