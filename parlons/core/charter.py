"""The data charter, as code: declarations of personal data and who holds them.

Each app that stores personal data lists it in its own `privacy.py`:

    PERSONAL_DATA = [PersonalData(model="debates.Contribution", field="body", ...)]
    NOT_PERSONAL = {"processes.Process.description": "written by staff for the institution"}

and may offer hooks that the privacy app calls for every app:

    def export_user_data(user) -> dict: ...        # right of access and portability
    def anonymise_user(user) -> None: ...           # erasure: identity goes, content stays
    def purge_expired(now) -> dict[str, int]: ...   # retention: what is past its time

The processing register (/confidentialite/), the rights tools and the daily
purge are all built from these declarations, and a test fails when a model
field that looks personal is not declared.
"""

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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
    retention_days: int | None = None  # enforced by the daily purge when set

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"


def privacy_modules() -> list[tuple[str, ModuleType]]:
    """Each installed Parlons app's `privacy` module, by app label."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("parlons."):
            continue
        try:
            modules.append((config.label, import_module(f"{config.name}.privacy")))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
    return modules


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
