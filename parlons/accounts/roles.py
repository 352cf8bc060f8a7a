"""Which roles a person holds in a territory: the facts that predicates build on."""

from parlons.accounts.models import Role, RoleAssignment

STAFF_ROLES = frozenset({Role.MODERATOR, Role.ORGANISER, Role.ADMINISTRATOR})


def roles_of(user, territory) -> frozenset[str]:
    """The roles `user` holds in `territory`; every signed-in person is a citizen.

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


def has_role(user, territory, *roles: str) -> bool:
    """True if `user` holds any of `roles` in `territory` (administrators hold all)."""
    held = roles_of(user, territory)
    return Role.ADMINISTRATOR in held or any(role in held for role in roles)


def forget_cached_roles(user) -> None:
    user.__dict__.pop("_parlons_roles", None)
