"""Which roles a person holds in a territory: the facts that predicates build on.

Staff powers need a second factor (settings.STAFF_TWO_FACTOR): in a request
whose session has not been confirmed by one, a person who holds staff roles
counts as a plain citizen for every predicate. django-otp's middleware marks
the request's user with `otp_device` (None when unconfirmed); a user loaded by
the CLI or a task carries no such mark and keeps their roles.
"""

from django.conf import settings

from parlons.accounts.models import Role, RoleAssignment

STAFF_ROLES = frozenset({Role.MODERATOR, Role.ORGANISER, Role.ADMINISTRATOR})
# Every role that gives a power beyond a citizen's asks for a second factor.
SECOND_FACTOR_ROLES = frozenset(Role.values) - {Role.CITIZEN.value}
CITIZEN_ONLY = frozenset({Role.CITIZEN.value})


def assigned_roles(user, territory) -> frozenset[str]:
    """The roles assigned to `user` in `territory`, whether or not their session is confirmed.

    Cached on the user object for the request, so predicates can be called often.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_parlons_roles", {})
    key = territory.pk if territory is not None else None
    if key not in cache:
        held = {Role.CITIZEN.value}
        if territory is not None:
            held.update(
                RoleAssignment.objects.filter(user=user, territory=territory).values_list(
                    "role", flat=True
                )
            )
        if user.is_superuser:
            held.add(Role.ADMINISTRATOR.value)
        cache[key] = frozenset(held)
    return cache[key]


def holds_staff_role(user, territory) -> bool:
    """True if `user` holds a role that needs a second factor in `territory`."""
    return bool(assigned_roles(user, territory) & SECOND_FACTOR_ROLES)


def second_factor_missing(user) -> bool:
    """True in a request whose session a second factor has not confirmed (when required)."""
    if not settings.STAFF_TWO_FACTOR:
        return False
    # Set by django_otp.middleware.OTPMiddleware on request.user only.
    return hasattr(user, "otp_device") and user.otp_device is None


def roles_of(user, territory) -> frozenset[str]:
    """The roles `user` may use in `territory`; every signed-in person is a citizen.

    Staff roles count only once the session is confirmed by a second factor.
    """
    held = assigned_roles(user, territory)
    if held & SECOND_FACTOR_ROLES and second_factor_missing(user):
        return CITIZEN_ONLY
    return held


def has_role(user, territory, *roles: str) -> bool:
    """True if `user` holds any of `roles` in `territory` (administrators hold all)."""
    held = roles_of(user, territory)
    return Role.ADMINISTRATOR in held or any(role in held for role in roles)


def forget_cached_roles(user) -> None:
    user.__dict__.pop("_parlons_roles", None)
