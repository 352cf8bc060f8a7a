from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility
from parlons.core.models import AuditEntry
from parlons.privacy.models import InactivityWarning
from parlons.privacy.receipts_privacy import RECEIPT_PERSONAL_DATA

PERSONAL_DATA = [
    PersonalData(
        "privacy.ErasureRecord",
        "digest",
        Category.TECHNICAL,
        _(
            "ne pas faire revenir une personne qui a supprimé son compte quand une sauvegarde "
            "plus ancienne est restaurée (une empreinte calculée avec un secret, ni adresse ni nom)"
        ),
        LegalBasis.LEGAL_OBLIGATION,
        _(
            "sans limite de durée, car une copie ancienne de la base peut être restaurée "
            "n'importe quand"
        ),
        Visibility.ADMINS,
    ),
    *[
        PersonalData(
            "privacy.RightsRequest",
            name,
            category,
            _(
                "traiter une demande d'exercice des droits (accès, rectification, effacement, "
                "limitation, opposition), y répondre et pouvoir prouver qu'elle a été traitée"
            ),
            LegalBasis.LEGAL_OBLIGATION,
            _("cinq ans après la clôture de la demande, puis supprimée"),
            Visibility.SELF_AND_DPO,
            expiry=Expiry(days=5 * 365 + 1, after="closed_at"),
        )
        for name, category in [
            ("user", Category.ACCOUNT),
            ("name", Category.IDENTITY),
            ("email", Category.CONTACT),
            ("postal_address", Category.CONTACT),
            ("text", Category.FREE_TEXT),
            ("filed_by", Category.ACCOUNT),
            ("extension_reason", Category.FREE_TEXT),
            ("identity_check", Category.IDENTITY),
            ("identity_checked_by", Category.ACCOUNT),
            ("actions_taken", Category.FREE_TEXT),
            ("answer", Category.FREE_TEXT),
        ]
    ],
    *[
        PersonalData(
            "privacy.Consent",
            name,
            Category.CONSENT,
            _(
                "savoir à quoi la personne a consenti, avec quel texte, quand, et quand elle "
                "l'a retiré, pour ne faire que ce qu'elle a accepté et pouvoir le prouver"
            ),
            LegalBasis.LEGAL_OBLIGATION,
            _(
                "tant que le compte existe ; un consentement retiré est gardé cinq ans pour "
                "prouver qu'il a été respecté, puis supprimé"
            ),
            Visibility.SELF_AND_DPO,
            # A choice on by default that was turned off has no date of giving: its record is
            # the choice itself, kept while the account exists.
            expiry=Expiry(days=5 * 365 + 1, after="withdrawn_at", only={"given_at__isnull": False}),
        )
        for name in ("user", "purpose", "given_at", "withdrawn_at")
    ],
    *RECEIPT_PERSONAL_DATA,
]

PERSONAL_DATA += [
    PersonalData(
        "privacy.InactivityWarning",
        name,
        Category.ACCOUNT,
        _(
            "prévenir la personne avant d'anonymiser son compte inutilisé, et ne la prévenir "
            "qu'une fois"
        ),
        LegalBasis.LEGAL_OBLIGATION,
        _("jusqu'à la prochaine connexion de la personne, ou l'anonymisation du compte"),
        Visibility.ADMINS,
    )
    for name in ("user", "warned_at")
]

PERSONAL_DATA += [
    PersonalData(
        "privacy.ImpactAssessment",
        "signed_by",
        Category.ACCOUNT,
        _("savoir qui a signé une version de l'analyse d'impact, et le prouver à la CNIL"),
        LegalBasis.LEGAL_OBLIGATION,
        _("tant que la version de l'analyse d'impact est gardée"),
        Visibility.ADMINS,
    )
]

NOT_PERSONAL = {
    "privacy.Consent.wording": "the platform's wording of a purpose, the same for everyone",
    "privacy.Consent.wording_version": "the version of the platform's wording",
    **{
        f"privacy.ImpactAssessment.{name}": "written by the DPO for the institution, about the "
        "processing, never about a person"
        for name in (
            "context",
            "risk_assessment",
            "additional_measures",
            "dpo_opinion",
            "controller_decision",
            "generated",
        )
    },
}


def export_user_data(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "pseudonym": user.pseudonym,
            "real_name": user.real_name,
            "show_real_name": user.show_real_name,
            "official_title": user.official_title,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "notifications": {
                "replies": user.notify_replies,
                "answers": user.notify_answers,
                "meetings": user.notify_meetings,
                "daily_digest": user.daily_digest,
            },
        },
        "roles": [
            {"territory": a.territory.name, "role": a.role, "since": a.granted_at.isoformat()}
            for a in user.role_assignments.select_related("territory")
        ],
        "actions": [
            {"date": e.created_at.isoformat(), "action": e.action}
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "wording": c.wording,
                "wording_version": c.wording_version,
                "given_at": c.given_at.isoformat() if c.given_at else None,
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.order_by("id")
        ],
        "rights_requests": [
            {
                "reference": r.reference,
                "kind": r.kind,
                "text": r.text,
                "received_on": r.received_on.isoformat(),
                "due_on": r.deadline.isoformat(),
                "status": r.status,
                "answer": r.answer,
            }
            for r in user.rights_requests.order_by("received_on", "pk")
        ],
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Erasure: the person's consents go with their identity; nothing is done on them any more."""
    user.consents.all().delete()
    InactivityWarning.objects.filter(user=user).delete()
