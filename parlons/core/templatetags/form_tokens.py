from django import template

from parlons.core.once import new_token

register = template.Library()


@register.simple_tag
def new_form_token() -> str:
    """A fresh one-time token for a form that creates something (parlons.core.once)."""
    return new_token()
