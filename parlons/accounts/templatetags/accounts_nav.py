"""What the site's header needs to know about the signed-in person (base.html)."""

from django import template

from parlons.accounts.roles import holds_staff_role

register = template.Library()


@register.simple_tag
def header_state(user, territory) -> dict:
    """Whether to show the staff space link, and whether the address still waits for its link."""
    # Error pages render without a request context: no user there.
    if not getattr(user, "is_authenticated", False):
        return {"staff": False, "unconfirmed": False}
    return {
        # The roles held, confirmed by a second factor or not: the link leads to that step.
        "staff": holds_staff_role(user, territory or None),
        "unconfirmed": user.email_confirmed_at is None,
    }
