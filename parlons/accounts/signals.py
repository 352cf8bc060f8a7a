"""A staff member's session is flagged when they sign in: it ends after inactivity."""

from django.contrib.auth.signals import user_logged_in

from parlons.accounts.middleware import mark_staff_session
from parlons.accounts.roles import forget_cached_roles, holds_staff_role
from parlons.core.queries import current_territory


def flag_staff_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        forget_cached_roles(user)
        if holds_staff_role(user, current_territory()):
            mark_staff_session(request)


user_logged_in.connect(flag_staff_session, dispatch_uid="parlons.accounts.flag_staff_session")
