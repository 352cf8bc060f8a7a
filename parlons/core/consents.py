"""Consent per purpose, as code: each app declares what it asks people to agree to.

An app that uses a consent lists it in its own `privacy.py`:

    CONSENT_PURPOSES = [ConsentPurpose("accounts.show_real_name", _("Afficher mon nom réel…"), "1")]

The privacy app stores each person's consents (given when, to which wording
version, withdrawn when) and shows them on the person's page, where giving and
withdrawing are one click each. When the wording of a purpose changes, its
`version` changes too: a consent given to an older wording stays recorded with
that wording, word for word.

A purpose may mirror a boolean of the account (`user_field`), which the pages
read to decide (for example whether the real name is shown). The privacy app
keeps that boolean and the records together; an app that changes the boolean
itself (the profile form) sends `consent_changed` so that privacy records it.
"""

from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.functional import Promise

from parlons.core.registry import app_modules

# Sent by an app that changed a consent's mirrored boolean itself:
# consent_changed.send(sender=..., user=user, purpose="accounts.show_real_name", given=True)
consent_changed = Signal()


@dataclass(frozen=True)
class ConsentPurpose:
    """One purpose a person may agree to, in the words they read."""

    key: str  # "app_label.name", stable: records refer to it
    wording: str | Promise  # what the person agrees to, as shown next to the button
    version: str  # changes whenever the wording changes
    # The account's boolean that follows the consent, read by the pages, if any.
    user_field: str = ""
    # True for a choice that is on until the person turns it off (e-mails about their own
    # participation, part of the service): it shows as given until a record says otherwise.
    on_by_default: bool = False


def consent_purposes() -> list[ConsentPurpose]:
    """Every purpose declared by the installed apps, in INSTALLED_APPS order."""
    found: list[ConsentPurpose] = []
    for _config, module in app_modules("privacy"):
        found.extend(getattr(module, "CONSENT_PURPOSES", []))
    return found


def consent_purpose(key: str) -> ConsentPurpose | None:
    return next((purpose for purpose in consent_purposes() if purpose.key == key), None)
