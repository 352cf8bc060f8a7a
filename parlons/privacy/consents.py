"""Consent per purpose: giving, withdrawing and listing a person's consents.

The purposes are declared by the apps that use them (`CONSENT_PURPOSES` in
their `privacy.py`, see parlons.core.consents); this module stores the
records. Giving and withdrawing go through `give_consent` and
`withdraw_consent`, which also set the account's mirrored boolean; an app that
set the boolean itself (the profile form) sends `consent_changed`, which
`record_consent_change` turns into a record.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.consents import ConsentPurpose, consent_purpose, consent_purposes
from parlons.privacy.models import Consent


@dataclass
class ConsentState:
    """A purpose as the person's page shows it: given or not, and every record of it."""

    purpose: ConsentPurpose
    given: bool
    records: list[Consent]


def _purpose(key: str) -> ConsentPurpose:
    purpose = consent_purpose(key)
    if purpose is None:
        raise ValidationError(_("Ce consentement n'existe pas."))
    return purpose


def _is_given(purpose: ConsentPurpose, records: list[Consent]) -> bool:
    if not records:
        return purpose.on_by_default
    return records[-1].withdrawn_at is None


def consents_of(user) -> list[ConsentState]:
    """Every declared purpose with the person's records, oldest first."""
    by_purpose: dict[str, list[Consent]] = {}
    for record in Consent.objects.filter(user=user).order_by("id"):
        by_purpose.setdefault(record.purpose, []).append(record)
    return [
        ConsentState(purpose, _is_given(purpose, by_purpose.get(purpose.key, [])), records)
        for purpose in consent_purposes()
        for records in [by_purpose.get(purpose.key, [])]
    ]


def has_consent(user, key: str) -> bool:
    purpose = _purpose(key)
    last = Consent.objects.filter(user=user, purpose=key).order_by("-id").first()
    return _is_given(purpose, [last] if last else [])


def _record(user, purpose: ConsentPurpose, given: bool) -> Consent | None:
    """Write the change of one consent; None when it was already so."""
    records = list(Consent.objects.select_for_update().filter(user=user, purpose=purpose.key))
    records.sort(key=lambda record: record.pk)
    if _is_given(purpose, records) == given:
        return None
    now = timezone.now()
    if given:
        return Consent.objects.create(
            user=user,
            purpose=purpose.key,
            wording=str(purpose.wording),
            wording_version=purpose.version,
            given_at=now,
        )
    if records and records[-1].withdrawn_at is None:
        current = records[-1]
        current.withdrawn_at = now
        current.save(update_fields=["withdrawn_at"])
        return current
    # A choice on by default, turned off: the record says so from now on.
    return Consent.objects.create(
        user=user,
        purpose=purpose.key,
        wording=str(purpose.wording),
        wording_version=purpose.version,
        withdrawn_at=now,
    )


def _set_mirror(user, purpose: ConsentPurpose, given: bool) -> None:
    if purpose.user_field and getattr(user, purpose.user_field) != given:
        setattr(user, purpose.user_field, given)
        user.save(update_fields=[purpose.user_field])


@transaction.atomic
def give_consent(*, actor, user, purpose: str) -> Consent | None:
    """The person agrees to `purpose`, in the wording shown now. None if already given."""
    declared = _purpose(purpose)
    if actor != user:
        raise ValidationError(_("Seule la personne elle-même peut donner son consentement."))
    record = _record(user, declared, True)
    _set_mirror(user, declared, True)
    if record is not None:
        audit.record(actor, "privacy.give_consent", user, purpose=purpose, version=declared.version)
    return record


@transaction.atomic
def withdraw_consent(*, actor, user, purpose: str) -> Consent | None:
    """The person withdraws their consent to `purpose`, as easily as they gave it."""
    declared = _purpose(purpose)
    if actor != user:
        raise ValidationError(_("Seule la personne elle-même peut retirer son consentement."))
    record = _record(user, declared, False)
    _set_mirror(user, declared, False)
    if record is not None:
        audit.record(actor, "privacy.withdraw_consent", user, purpose=purpose)
    return record


def record_consent_change(sender, *, user, purpose: str, given: bool, **kwargs) -> None:
    """Receiver of `consent_changed`: the app set the boolean and audited it; record the consent."""
    declared = consent_purpose(purpose)
    if declared is None:
        raise ValueError(f"undeclared consent purpose {purpose!r}")
    with transaction.atomic():
        _record(user, declared, given)
