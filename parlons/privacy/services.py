"""The rights of the people: access and portability, erasure, retention.

Export and erasure are built on each app's hooks; retention on the declared rules.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from parlons.core import audit
from parlons.core.charter import DELETE, Expiry, PersonalData, declarations, privacy_modules


def export_user_data(*, user) -> dict[str, Any]:
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


def purge_expired(
    *, now: datetime | None = None, declared: Iterable[PersonalData] | None = None
) -> dict[str, int]:
    """Apply every declared retention rule (`PersonalData.expiry`); returns a count per declaration.

    The declarations of one model that share a rule (days, date, action, filters)
    are purged together, in one query, so that a row is deleted once and its
    fields are anonymised in one UPDATE; each of them reports that count. Rows
    whose fields already hold their anonymised value are left alone. `declared`
    defaults to every app's declarations; no app needs custom purge logic.
    """
    now = now or timezone.now()
    groups: dict[tuple[Any, ...], list[PersonalData]] = defaultdict(list)
    for item in declarations() if declared is None else declared:
        if item.expiry is not None:
            groups[_group_key(item)].append(item)
    report: dict[str, int] = {}
    with transaction.atomic():
        for items in groups.values():
            # Only declarations with an expiry are grouped (above).
            model, expiry = apps.get_model(items[0].model), cast(Expiry, items[0].expiry)
            expired = model._default_manager.filter(
                **{f"{expiry.after}__lt": now - timedelta(days=expiry.days)}, **(expiry.only or {})
            )
            if expiry.action == DELETE:
                _total, per_model = expired.delete()
                count = per_model.get(model._meta.label, 0)
            else:
                values = {item.field: cast(Expiry, item.expiry).value for item in items}
                count = expired.exclude(**values).update(**values)
            for item in items:
                report[item.key] = count
        audit.record(None, "privacy.purge", None, report=report)
    return report


def _group_key(item: PersonalData) -> tuple[Any, ...]:
    expiry = cast(Expiry, item.expiry)  # called only for declarations with an expiry
    only = repr(sorted((expiry.only or {}).items()))  # filter values may be lists
    return (item.model, expiry.days, expiry.after, expiry.action, only)
