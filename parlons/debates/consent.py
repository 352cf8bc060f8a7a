"""The consent a mediator reads out before entering someone's contribution.

The version is stored with every mediated contribution: if the wording
changes, we still know what each person agreed to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT_VERSION = "2025-1"

CONSENT_TEXT = _(
    "J'accepte que ma contribution soit publiée sur Parlons, sans mon nom, "
    "avec la signature que j'ai choisie. Elle sera lue par l'équipe de la démarche "
    "et prise en compte dans la synthèse. Je peux demander à la retirer à tout moment "
    "auprès de la médiation ou du délégué à la protection des données."
)
