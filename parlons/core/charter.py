"""The data charter, as code: declarations of personal data and who holds them.

Each app that stores personal data lists it in its own `privacy.py`:

    PERSONAL_DATA = [PersonalData(model="debates.Contribution", field="body", ...)]
    NOT_PERSONAL = {"processes.Process.description": "written by staff for the institution"}

A declaration whose data expires carries an `Expiry`: how many days, counted
from which date, and whether the row is then deleted or the field overwritten.
The daily purge (`parlons.privacy.services.purge_expired`) reads these rules and
nothing else, so the register's words and what the code does cannot drift apart.

An app may also offer hooks that the privacy app calls for every app:

    def export_user_data(user) -> dict: ...        # right of access and portability
    def anonymise_user(user) -> None: ...           # erasure: identity goes, content stays

The processing register (/confidentialite/), the rights tools and the daily
purge are all built from these declarations, and a test fails when a model
field that looks personal is not declared.
"""

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parlons.core.registry import app_modules


class Category:
    IDENTITY = _("identité")
    CONTACT = _("coordonnées")
    ACCOUNT = _("compte et connexion")
    FREE_TEXT = _("texte libre écrit par la personne")
    OPINION = _("opinions exprimées")
    LOCATION = _("localisation")
    TECHNICAL = _("données techniques")
    CONSENT = _("consentement")
    PARTICIPATION = _("participation")


class LegalBasis:
    """GDPR art. 6 bases, in the words of the register."""

    CONSENT = _("consentement (art. 6-1-a du RGPD)")
    CONTRACT = _("exécution des conditions d'utilisation (art. 6-1-b du RGPD)")
    LEGAL_OBLIGATION = _("obligation légale (art. 6-1-c du RGPD)")
    PUBLIC_TASK = _("mission d'intérêt public (art. 6-1-e du RGPD)")
    LEGITIMATE_INTEREST = _("intérêt légitime (art. 6-1-f du RGPD)")


class Visibility:
    PUBLIC = _("tout le monde (publié, après masquage des données personnelles)")
    PUBLIC_PSEUDONYM = _("tout le monde, sous pseudonyme")
    STAFF = _("l'équipe de la démarche (organisation, modération)")
    MEDIATOR = _("la personne médiatrice qui a fait la saisie, et l'équipe")
    SELF_AND_STAFF = _("la personne elle-même et l'équipe habilitée")
    SELF_AND_DPO = _("la personne elle-même et le délégué à la protection des données")
    ADMINS = _("les administrateurs de la plateforme")


DELETE = "delete"
ANONYMISE = "anonymise"


@dataclass(frozen=True)
class Expiry:
    """A retention rule that the daily purge applies.

    The period of `days` runs from the date at `after`, an ORM lookup path from
    the declared model ("handled_at", "meeting__ends_at"); a row whose date is
    empty never expires. Past it, the row is deleted (DELETE) or the declared
    field is overwritten with `value` (ANONYMISE). `only` adds ORM filters that
    the expired rows must also match.
    """

    days: int
    after: str
    action: str = DELETE
    value: Any = field(default=None, hash=False)
    only: dict[str, Any] | None = field(default=None, hash=False)

    def __post_init__(self):
        if self.action not in (DELETE, ANONYMISE):
            raise ValueError(f"unknown retention action {self.action!r}")
        if self.days <= 0:
            raise ValueError(f"a retention period lasts at least one day, not {self.days}")
        if self.action == DELETE and self.value is not None:
            raise ValueError("a deleted row keeps no value")


@dataclass(frozen=True)
class PersonalData:
    """One model field that holds personal data, and why it is kept."""

    model: str  # "app_label.ModelName"
    field: str
    category: str | Promise
    purpose: str | Promise
    legal_basis: str | Promise
    retention: str | Promise  # said in words for the register
    visible_to: str | Promise
    expiry: Expiry | None = None  # applied by the daily purge when set
    # For a model of another package (django-otp's devices), whose verbose names are not
    # French: how the register names the field and its table.
    label: str | Promise | None = None
    section: str | Promise | None = None

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"


def privacy_modules() -> list[tuple[str, ModuleType]]:
    """Each installed Parlons app's `privacy` module, by app label."""
    return [(config.label, module) for config, module in app_modules("privacy")]


def declarations() -> list[PersonalData]:
    found: list[PersonalData] = []
    for _label, module in privacy_modules():
        found.extend(getattr(module, "PERSONAL_DATA", []))
    return found


def not_personal() -> dict[str, str]:
    found: dict[str, str] = {}
    for _label, module in privacy_modules():
        found.update(getattr(module, "NOT_PERSONAL", {}))
    return found


@dataclass(frozen=True)
class PublicText:
    """A text people wrote and its public copy, masked by the scrubber when it is written.

    Declared in the app's `privacy.py` as `PUBLIC_TEXTS = [PublicText(...)]`.
    Every surface that shows the text to someone else (pages, feeds, exports,
    the API) reads `public`, never `source`; the privacy app fills `public`
    when the text is saved and again for every row when the territory's list
    of public figures changes.
    """

    model: str  # "app_label.ModelName"
    source: str  # the field as written ("body")
    public: str  # its masked copy ("public_body")


def public_texts() -> list[PublicText]:
    found: list[PublicText] = []
    for _label, module in privacy_modules():
        found.extend(getattr(module, "PUBLIC_TEXTS", []))
    return found
