"""Personal data of the receipts (parlons.privacy.receipts), declared for the register and the purge."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility

# Long enough to read and withdraw what was said during a démarche and its follow-up;
# past it, a person still asks the DPO through the ordinary rights request.
RECEIPT_RETENTION_DAYS = 3 * 365 + 1
RECEIPT_EXPIRY = Expiry(RECEIPT_RETENTION_DAYS, after="recorded_at")

_RETENTION = lazy(
    lambda: gettext(
        "trois ans après l'enregistrement, puis le reçu est supprimé (le code ne mène plus à rien) ; "
        "le texte du reçu est effacé dès que l'élément est retiré"
    ),
    str,
)()

RECEIPT_PERSONAL_DATA = [
    PersonalData(
        "privacy.Receipt",
        name,
        category,
        purpose,
        LegalBasis.PUBLIC_TASK,
        _RETENTION,
        visibility,
        expiry=RECEIPT_EXPIRY,
    )
    for name, category, purpose, visibility in [
        (
            "code_digest",
            Category.TECHNICAL,
            _(
                "retrouver ce qu'une personne sans compte a dit ou voté par l'intermédiaire d'un "
                "médiateur, avec le code de son reçu (seule une empreinte du code est gardée)"
            ),
            Visibility.ADMINS,
        ),
        (
            "item_id",
            Category.PARTICIPATION,
            _(
                "savoir quel élément (contribution, proposition, réponses, bulletin) le reçu désigne"
            ),
            Visibility.SELF_AND_DPO,
        ),
        (
            "summary",
            Category.FREE_TEXT,
            _(
                "montrer à la personne ce qui a été enregistré, dans sa version publiée (données "
                "personnelles masquées)"
            ),
            Visibility.SELF_AND_DPO,
        ),
        (
            "recorded_by",
            Category.ACCOUNT,
            _("savoir quelle personne médiatrice a fait la saisie et remis le reçu"),
            Visibility.MEDIATOR,
        ),
    ]
]
