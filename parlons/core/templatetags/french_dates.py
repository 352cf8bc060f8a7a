"""The template filter `date`, with "1er" for the first of the month in French.

Loaded as a template builtin (settings.TEMPLATES): it replaces Django's own
`date` filter everywhere, with the same arguments (parlons.core.dates).
"""

from django import template
from django.template.defaultfilters import date as django_date

from parlons.core.dates import with_ordinal

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return with_ordinal(django_date(value, arg))
