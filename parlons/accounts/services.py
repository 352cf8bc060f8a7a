"""Every write about people and their roles. Each one is audited."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.models import Role, RoleAssignment, User
from parlons.accounts.notifications import render_text
from parlons.accounts.roles import forget_cached_roles
from parlons.accounts.rules import (
    can_edit_profile,
    can_manage_periodic_jobs,
    can_manage_roles,
    can_regenerate_recovery_codes,
    can_remove_second_factor,
    can_reset_second_factor,
    can_set_up_second_factor,
)
from parlons.accounts.second_factor import RECOVERY_CODE_COUNT, matched_step
from parlons.accounts.tasks import queue_email
from parlons.core import audit, scheduler
from parlons.core.models import PeriodicJobRun, Territory


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


def _delete_second_factor(user: User) -> int:
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        deleted += count
    return deleted


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Codes de secours")), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def set_up_second_factor(
    *, actor: User, key: str, code: str, name: str
) -> tuple[TOTPDevice, list[str]]:
    """A person confirms their authenticator app with a first code; it replaces any earlier one.

    Returns the device and ten new recovery codes, to be shown once.
    """
    can_set_up_second_factor.require(actor)
    step = matched_step(key, code)
    if step is None:
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et "
                    "tapez le code à 6 chiffres affiché maintenant."
                )
            }
        )
    replaced = TOTPDevice.objects.filter(user=actor).exists()
    _delete_second_factor(actor)
    # The code just typed cannot be used again to sign in (last_t).
    device = TOTPDevice.objects.create(
        user=actor, key=key, name=name.strip(), confirmed=True, last_t=step
    )
    device.set_last_used_timestamp()
    codes = _new_recovery_codes(actor)
    audit.record(
        actor, "accounts.set_up_second_factor", actor, device=device.name, replaced=replaced
    )
    return device, codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    can_regenerate_recovery_codes.require(actor)
    codes = _new_recovery_codes(actor)
    audit.record(actor, "accounts.regenerate_recovery_codes", actor)
    return codes


@transaction.atomic
def remove_second_factor(*, actor: User, territory: Territory | None) -> None:
    can_remove_second_factor.require(actor, territory)
    _delete_second_factor(actor)
    audit.record(actor, "accounts.remove_second_factor", actor)


@transaction.atomic
def reset_second_factor(*, actor: User, user: User, territory: Territory) -> None:
    """An administrator removes a person's second factor (a lost phone): they set a new one.

    Their sessions lose their staff powers at once (the device that confirmed
    them is gone); the person is told by e-mail.
    """
    can_reset_second_factor.require(actor, territory)
    deleted = _delete_second_factor(user)
    audit.record(
        actor, "accounts.reset_second_factor", user, territory=territory.slug, devices=deleted
    )
    with translation.override("fr"):
        subject = _("Votre second facteur de connexion a été réinitialisé")
        body = render_text(
            "accounts/email/second_factor_reset.txt",
            {"user": user, "site_url": settings.SITE_URL, "platform": settings.PLATFORM_NAME},
        )
    queue_email(to=user.email, subject=subject, body=body)


@transaction.atomic
def run_periodic_job_now(*, actor: User, territory: Territory, name: str) -> PeriodicJobRun:
    """An administrator runs a periodic job out of its times ("Lancer maintenant")."""
    can_manage_periodic_jobs.require(actor, territory)
    try:
        run = scheduler.start_now(name)
    except LookupError:
        raise ValidationError(_("Cette tâche périodique n'existe pas.")) from None
    audit.record(actor, "core.run_periodic_job", run, job=name)
    return run
