from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility
from parlons.core.models import AuditEntry
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
    *RECEIPT_PERSONAL_DATA,
]


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
