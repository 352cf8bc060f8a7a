from django import template

register = template.Library()


@register.simple_tag
def typed(entry, pk) -> str:
    """What the person typed for a project on the ballot, shown back as typed."""
    return entry.typed.get(pk, "")
