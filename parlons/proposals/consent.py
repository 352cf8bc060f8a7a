"""The consent a mediator reads out before entering someone's proposal or support.

The version is stored with every mediated proposal and support: if the
wording changes, we still know what each person agreed to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT_VERSION = "2026-1"

CONSENT_TEXT = _(
    "J'accepte que ma proposition soit publiée sur Parlons, sans mon nom, avec la signature "
    "que j'ai choisie, et que mon soutien soit compté. L'équipe de la démarche y répondra "
    "publiquement. Je peux demander à la retirer à tout moment auprès de la médiation ou du "
    "délégué à la protection des données."
)
