"""Every write about people and their roles. Each one is audited."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.text import slugify

from parlons.accounts.models import Role, RoleAssignment, User
from parlons.accounts.roles import forget_cached_roles
from parlons.accounts.rules import can_edit_profile, can_manage_roles
from parlons.core import audit
from parlons.core.models import Territory


@transaction.atomic
def register_user(
    *, email: str, password: str, pseudonym: str, real_name: str = "", show_real_name: bool = False
) -> User:
    """A person signs up. They are a citizen of every territory from then on."""
    user = User(
        email=email.strip().lower(),
        pseudonym=pseudonym.strip(),
        real_name=real_name.strip(),
        show_real_name=show_real_name,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record(user, "accounts.register", user)
    return user


@transaction.atomic
def register_from_identity_provider(*, email: str, pseudonym_hint: str, provider: str) -> User:
    """A person signed in with the territory's identity provider for the first time.

    Only the e-mail address is kept, with a pseudonym made from the hint (made
    unique); the person may change it on their profile. No password: they sign
    in through the provider, or set one with "mot de passe oublié".
    """
    base = (slugify(pseudonym_hint) or "habitant")[:32]
    pseudonym, number = base, 2
    while User.objects.filter(pseudonym__iexact=pseudonym).exists():
        pseudonym, number = f"{base}-{number}", number + 1
    user = User(email=email.strip().lower(), pseudonym=pseudonym)
    user.set_unusable_password()
    user.save()
    audit.record(user, "accounts.register_from_identity_provider", user, provider=provider)
    return user


@transaction.atomic
def update_profile(*, actor: User, user: User, **fields) -> User:
    """A person changes their own pseudonym, name and notification choices."""
    can_edit_profile.require(actor, user)
    audit.save_changes(
        actor, user, fields, User.PROFILE_FIELDS, "accounts.update_profile", audit_unchanged=False
    )
    return user


@transaction.atomic
def set_notification(*, user: User, kind: str, enabled: bool) -> User:
    """One-click opt-out from an e-mail link: the person is identified by a signed token."""
    field = {
        "replies": "notify_replies",
        "answers": "notify_answers",
        "meetings": "notify_meetings",
    }[kind]
    setattr(user, field, enabled)
    user.save(update_fields=[field])
    audit.record(user, "accounts.set_notification", user, kind=kind, enabled=enabled)
    return user


@transaction.atomic
def grant_role(*, actor: User, user: User, territory: Territory, role: str) -> RoleAssignment:
    can_manage_roles.require(actor, territory)
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, territory=territory, role=role
    )
    forget_cached_roles(user)
    audit.record(actor, "accounts.grant_role", user, role=role, territory=territory.slug)
    return assignment


@transaction.atomic
def revoke_role(*, actor: User, user: User, territory: Territory, role: str) -> None:
    can_manage_roles.require(actor, territory)
    RoleAssignment.objects.filter(user=user, territory=territory, role=role).delete()
    forget_cached_roles(user)
    audit.record(actor, "accounts.revoke_role", user, role=role, territory=territory.slug)
