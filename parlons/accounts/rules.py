"""Who may manage people and roles. The facts (which roles a person holds) are in roles.py."""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.core.models import Territory
from parlons.core.rules import rule


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_administrator(user, territory: Territory | None) -> bool:
    """Administrators of the territory (and the platform's superusers)."""
    return (
        is_signed_in(user)
        and territory is not None
        and has_role(user, territory, Role.ADMINISTRATOR)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(_("Seuls les administrateurs attribuent ou retirent les rôles."))
def can_manage_roles(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)


@rule(_("Vous ne pouvez modifier que votre propre profil."))
def can_edit_profile(user, person) -> bool:
    return is_signed_in(user) and user.pk == person.pk
