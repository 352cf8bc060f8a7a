"""The consent a mediator reads out before typing someone's answers (as the debate does).

The version is stored with every response entered for someone: if the
wording changes, we still know what each person agreed to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT_VERSION = "2026-1"

CONSENT_TEXT = _(
    "J'accepte que mes réponses à ce questionnaire soient enregistrées dans Parlons, sans mon "
    "nom. Elles seront comptées dans les résultats, qui ne montrent jamais un groupe de moins "
    "de cinq personnes. Je peux demander à les retirer auprès de la médiation ou du délégué à "
    "la protection des données."
)
