"""Who may manage people and roles. The facts (which roles a person holds) are in roles.py."""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role, holds_staff_role
from parlons.accounts.second_factor import has_second_factor, is_required, session_confirmed
from parlons.core.models import Territory
from parlons.core.rules import rule


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def wrote_online(user, item) -> bool:
    """`item` (a contribution, a proposal…) was written online by this signed-in person.

    Texts entered by a mediator belong to the counter: their author has no
    account to edit them with, and withdraws them with their receipt's code.
    """
    return (
        is_signed_in(user)
        and item.author_id is not None
        and item.author_id == user.pk
        and not item.is_mediated
    )


def may_participate(user) -> bool:
    """Signed in with a confirmed address: what writing a contribution, a reply or a vote needs.

    Accounts made by sign-up wait for the link sent to their address, so nobody
    speaks in the name of an address they do not own.
    """
    return is_signed_in(user) and user.email_confirmed_at is not None


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


@rule(_("Confirmez d'abord votre connexion avec votre second facteur actuel."))
def can_set_up_second_factor(user) -> bool:
    """Anyone signed in sets up a first factor; replacing one asks for the current one."""
    return is_signed_in(user) and (session_confirmed(user) or not has_second_factor(user))


@rule(_("Confirmez d'abord votre connexion avec votre second facteur."))
def can_regenerate_recovery_codes(user) -> bool:
    return is_signed_in(user) and has_second_factor(user) and session_confirmed(user)


@rule(
    _(
        "Les membres de l'équipe gardent un second facteur : remplacez-le plutôt que de le "
        "retirer, ou demandez à un administrateur de le réinitialiser."
    )
)
def can_remove_second_factor(user, territory: Territory | None) -> bool:
    """Staff cannot remove theirs while it is required; others (former staff) may."""
    return (
        is_signed_in(user)
        and has_second_factor(user)
        and session_confirmed(user)
        and not (is_required() and holds_staff_role(user, territory))
    )


@rule(_("Seuls les administrateurs réinitialisent le second facteur d'une personne."))
def can_reset_second_factor(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)


@rule(_("Seuls les administrateurs suivent et lancent les tâches périodiques."))
def can_manage_periodic_jobs(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)
