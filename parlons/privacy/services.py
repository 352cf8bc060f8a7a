"""The rights of the people: access and portability, erasure. Built on each app's hooks."""

from django.db import transaction
from django.utils import timezone

from parlons.core import audit
from parlons.core.charter import privacy_modules


def export_user_data(*, user) -> dict:
    """Everything Parlons holds about `user`, as JSON-ready data, app by app."""
    data = {"generated_at": timezone.now().isoformat(), "format": "parlons-personal-data/1"}
    for label, module in privacy_modules():
        hook = getattr(module, "export_user_data", None)
        if hook is not None:
            data[label] = hook(user)
    with transaction.atomic():
        audit.record(user, "privacy.export", user)
    return data


@transaction.atomic
def erase_account(*, actor, user, keep_contributions: bool = True) -> None:
    """Erase a person: identity goes; contributions stay, anonymised, unless they ask otherwise.

    Each app's `anonymise_user(user, keep_contributions)` hook runs first, then the
    account itself is emptied (the row stays so that foreign keys hold).
    """
    for _label, module in privacy_modules():
        hook = getattr(module, "anonymise_user", None)
        if hook is not None:
            hook(user, keep_contributions=keep_contributions)
    audit.record(actor, "privacy.erase_account", user, keep_contributions=keep_contributions)
    user.email = f"efface-{user.pk}@parlons.invalid"
    user.pseudonym = f"efface-{user.pk}"
    user.real_name = ""
    user.official_title = ""
    user.show_real_name = False
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.role_assignments.all().delete()


def purge_expired() -> dict[str, int]:
    """Apply every declared retention period; returns what was purged, per app and item."""
    now = timezone.now()
    report: dict[str, int] = {}
    with transaction.atomic():
        for label, module in privacy_modules():
            hook = getattr(module, "purge_expired", None)
            if hook is not None:
                for key, count in hook(now).items():
                    report[f"{label}.{key}"] = count
        audit.record(None, "privacy.purge", None, report=report)
    return report
