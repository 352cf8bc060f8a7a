"""The rights of the people: access and portability, erasure, retention.

Export and erasure are built on each app's hooks; retention on the declared rules.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parlons.core import audit
from parlons.core.charter import DELETE, Expiry, PersonalData, declarations, privacy_modules
from parlons.privacy.erasures import (
    LoggedErasure,
    account_digest,
    append_to_log,
    erasure_salt,
    read_log,
    salt_id,
)
from parlons.privacy.models import ErasureRecord


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
    account itself is emptied (the row stays so that foreign keys hold). The
    erasure is logged as a digest (`ErasureRecord`, and the log file once
    committed) so that restoring an older backup erases the person again.
    """
    _log_erasure(user, keep_contributions=keep_contributions)
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


def _log_erasure(user, *, keep_contributions: bool) -> None:
    salt = erasure_salt()
    record, created = ErasureRecord.objects.get_or_create(
        digest=account_digest(salt, user.pk, user.date_joined),
        defaults={"keep_contributions": keep_contributions},
    )
    if created:  # an erasure replayed after a restore is in the file already
        transaction.on_commit(partial(append_to_log, [LoggedErasure.of(record, salt)]))


@dataclass
class ReplayReport:
    """What `replay_erasures` did, for the restore command to say."""

    erased_again: int = 0
    known: int = 0  # erasures known to this installation, from the table and the file
    added_to_log: int = 0  # records of the database that the file lacked
    foreign: int = 0  # lines written by another installation (another salt): not applicable
    unreadable_lines: list[int] = field(default_factory=list)


def replay_erasures(*, path: Path | None = None) -> ReplayReport:
    """Erase again every account that the erasure log and table know as erased.

    Run after a restore: the restored database may be older than some
    erasures, which the log file outside the database still holds. The table
    and the file are merged first (each learns what the other knows), then
    every account still present whose digest is known is erased as it was the
    first time (keeping or deleting its contributions), by the same service.
    """
    report = ReplayReport()
    with transaction.atomic():
        salt = erasure_salt()
        own = salt_id(salt)
        logged, report.unreadable_lines = read_log(path)
        report.foreign = sum(1 for entry in logged if entry.salt != own)
        from_file = {entry.digest: entry for entry in logged if entry.salt == own}
        in_table = {record.digest: record for record in ErasureRecord.objects.all()}
        ErasureRecord.objects.bulk_create(
            [
                ErasureRecord(
                    digest=entry.digest,
                    keep_contributions=entry.keep_contributions,
                    erased_at=datetime.fromisoformat(entry.erased_at),
                )
                for digest, entry in from_file.items()
                if digest not in in_table
            ]
        )
        missing_in_file = [
            LoggedErasure.of(record, salt)
            for digest, record in in_table.items()
            if digest not in from_file
        ]
        report.added_to_log = len(missing_in_file)
        transaction.on_commit(partial(append_to_log, missing_in_file, path))
        keep = {digest: record.keep_contributions for digest, record in in_table.items()}
        keep |= {digest: entry.keep_contributions for digest, entry in from_file.items()}
        report.known = len(keep)
        User = apps.get_model(settings.AUTH_USER_MODEL)
        present = User.objects.filter(erased_at__isnull=True).values_list("pk", "date_joined")
        matched = {
            pk: keep[digest]
            for pk, joined in present.iterator()
            if (digest := account_digest(salt, pk, joined)) in keep
        }
        for user in User.objects.filter(pk__in=matched).order_by("pk"):
            erase_account(actor=None, user=user, keep_contributions=matched[user.pk])
        report.erased_again = len(matched)
        audit.record(
            None,
            "privacy.replay_erasures",
            None,
            erased_again=report.erased_again,
            known=report.known,
        )
    return report


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
