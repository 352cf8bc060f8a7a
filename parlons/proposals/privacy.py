"""Personal data of the proposals, why it is kept, and the rights hooks (export, erasure)."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parlons.core.charter import (
    ANONYMISE,
    Category,
    Expiry,
    LegalBasis,
    PersonalData,
    PublicText,
    Visibility,
)
from parlons.proposals.models import Proposal, ProposalAnswer, ProposalRevision, Support

PROPOSAL = "proposals.Proposal"
SUPPORT = "proposals.Support"
ANSWER = "proposals.ProposalAnswer"
REVISION = "proposals.ProposalRevision"
ERASED_TEXT = "proposition supprimée à la demande de son auteur"

# A withdrawn proposal leaves the public pages at once; its words are kept this long, so
# that a dispute under way can still be handled, then the purge erases them (as debates do).
WITHDRAWN_RETENTION_DAYS = 90
WITHDRAWN_TEXT_EXPIRY = Expiry(
    WITHDRAWN_RETENTION_DAYS, after="withdrawn_at", action=ANONYMISE, value=""
)
WITHDRAWN_REVISION_EXPIRY = Expiry(WITHDRAWN_RETENTION_DAYS, after="proposal__withdrawn_at")

_WHILE_PROCESS = _("tant que la démarche est publiée ; anonymisé à la suppression du compte")
_TEXT_RETENTION = lazy(
    lambda: (
        gettext(
            "tant que la démarche est publiée ; la personne peut demander son retrait ; "
            "retirée par son auteur·rice : effacée %(days)s jours après le retrait"
        )
        % {"days": WITHDRAWN_RETENTION_DAYS}
    ),
    str,
)()


def _text(field: str, purpose, category=Category.FREE_TEXT, expiry=None) -> PersonalData:
    return PersonalData(
        PROPOSAL,
        field,
        category,
        purpose,
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.PUBLIC,
        expiry=expiry,
    )


PERSONAL_DATA = [
    _text(
        "title",
        _("publier le titre de la proposition, choisi par la personne"),
        expiry=WITHDRAWN_TEXT_EXPIRY,
    ),
    _text(
        "body",
        _("publier la proposition de la personne, pour qu'on la soutienne et y réponde"),
        expiry=WITHDRAWN_TEXT_EXPIRY,
    ),
    PersonalData(
        PROPOSAL,
        "edited_at",
        Category.PARTICIPATION,
        _("indiquer qu'une proposition a été modifiée par son auteur·rice, et quand"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC,
    ),
    PersonalData(
        PROPOSAL,
        "withdrawn_at",
        Category.PARTICIPATION,
        _("laisser à l'adresse d'une proposition retirée la trace de son retrait, et sa date"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC,
    ),
    PersonalData(
        REVISION,
        "title",
        Category.FREE_TEXT,
        _("garder le titre d'une proposition avant sa modification"),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.SELF_AND_STAFF,
        expiry=WITHDRAWN_REVISION_EXPIRY,
    ),
    PersonalData(
        REVISION,
        "body",
        Category.FREE_TEXT,
        _(
            "garder le texte d'une proposition avant sa modification, pour son auteur·rice et "
            "pour l'équipe de la démarche"
        ),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.SELF_AND_STAFF,
        expiry=WITHDRAWN_REVISION_EXPIRY,
    ),
    PersonalData(
        REVISION,
        "estimated_cost",
        Category.PARTICIPATION,
        _("garder le coût estimé d'une proposition avant sa modification"),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.SELF_AND_STAFF,
        expiry=WITHDRAWN_REVISION_EXPIRY,
    ),
    _text("image", _("illustrer la proposition avec l'image choisie par la personne")),
    _text("image_alt", _("décrire l'image de la proposition pour qui ne la voit pas")),
    _text(
        "estimated_cost",
        _("publier le coût que la personne estime pour sa proposition"),
        Category.PARTICIPATION,
    ),
    _text(
        "place",
        _("savoir de quelle commune parle la proposition, pour filtrer les propositions"),
        Category.LOCATION,
    ),
    PersonalData(
        PROPOSAL,
        "author",
        Category.IDENTITY,
        _("signer la proposition sous pseudonyme et prévenir son auteur de la réponse"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC_PSEUDONYM,
    ),
    PersonalData(
        PROPOSAL,
        "entered_by",
        Category.PARTICIPATION,
        _("savoir quelle personne médiatrice a saisi une proposition au guichet"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        PROPOSAL,
        "display_label",
        Category.IDENTITY,
        _("signer une proposition saisie par la médiation comme la personne l'a choisi"),
        LegalBasis.CONSENT,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        PROPOSAL,
        "consent_given",
        Category.CONSENT,
        _("prouver que la personne sans compte a accepté la publication de sa proposition"),
        LegalBasis.CONSENT,
        _("tant que la proposition est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        PROPOSAL,
        "consent_text_version",
        Category.CONSENT,
        _("savoir quel texte de consentement la personne sans compte a accepté"),
        LegalBasis.CONSENT,
        _("tant que la proposition est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        PROPOSAL,
        "consent_at",
        Category.CONSENT,
        _("dater l'accord de la personne sans compte à la publication de sa proposition"),
        LegalBasis.CONSENT,
        _("tant que la proposition est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        SUPPORT,
        "user",
        Category.OPINION,
        _("compter une seule fois le soutien de chaque personne et lui permettre de le retirer"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        SUPPORT,
        "entered_by",
        Category.PARTICIPATION,
        _("savoir quelle personne médiatrice a saisi un soutien au guichet"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        SUPPORT,
        "consent_given",
        Category.CONSENT,
        _("prouver que la personne sans compte a accepté que son soutien soit compté"),
        LegalBasis.CONSENT,
        _("tant que le soutien est conservé"),
        Visibility.STAFF,
    ),
    PersonalData(
        SUPPORT,
        "consent_text_version",
        Category.CONSENT,
        _("savoir quel texte de consentement la personne sans compte a accepté pour son soutien"),
        LegalBasis.CONSENT,
        _("tant que le soutien est conservé"),
        Visibility.STAFF,
    ),
    PersonalData(
        ANSWER,
        "author",
        Category.IDENTITY,
        _("savoir quel membre de l'équipe a publié une réponse officielle"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        ANSWER,
        "reason",
        Category.FREE_TEXT,
        _("publier le motif de la réponse officielle à une proposition"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
]

PUBLIC_TEXTS = [
    PublicText(PROPOSAL, "title", "public_title"),
    PublicText(PROPOSAL, "body", "public_body"),
    PublicText(PROPOSAL, "image_alt", "public_image_alt"),
    PublicText(PROPOSAL, "display_label", "public_display_label"),
    PublicText(ANSWER, "reason", "public_reason"),
]

_MASKED_COPY = "the public copy of {field}, with personal data masked by the scrubber"

NOT_PERSONAL = {
    "proposals.Proposal.public_title": _MASKED_COPY.format(field="title"),
    "proposals.Proposal.public_body": _MASKED_COPY.format(field="body"),
    "proposals.Proposal.public_image_alt": _MASKED_COPY.format(field="image_alt"),
    "proposals.Proposal.public_display_label": _MASKED_COPY.format(field="display_label"),
    "proposals.Proposal.public_terms": "lemmas of the masked public copies, for look-alikes",
    "proposals.Proposal.held_explanation": "the spam signs' reasons, written by the algorithm",
    "proposals.ProposalAnswer.public_reason": _MASKED_COPY.format(field="reason"),
    "proposals.ProposalAnswer.answering_body": "the institution that answers (Conseil municipal)",
    "proposals.ProposalRevision.written_at": "when the earlier version was written",
    "proposals.ProposalRevision.replaced_at": "when its author replaced it",
    "proposals.ProposalRevision.image_change": "whether that edit added, replaced or removed "
    "the image (never the file)",
}


def export_user_data(user) -> dict:
    return {
        "proposals": [
            {
                "id": item.pk,
                "process": item.process.title,
                "title": item.title,
                "text": item.body,
                "estimated_cost": str(item.estimated_cost) if item.estimated_cost else None,
                "image_description": item.image_alt or None,
                "state": item.state,
                "date": item.created_at.isoformat(),
                "edited": item.edited_at.isoformat() if item.edited_at else None,
                "withdrawn": item.withdrawn_at.isoformat() if item.withdrawn_at else None,
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "text": revision.body,
                        "estimated_cost": (
                            str(revision.estimated_cost) if revision.estimated_cost else None
                        ),
                        "image_change": revision.image_change or None,
                        "written": revision.written_at.isoformat(),
                        "replaced": revision.replaced_at.isoformat(),
                    }
                    for revision in item.revisions.all()
                ],
            }
            for item in Proposal.objects.filter(author=user)
            .select_related("process")
            .prefetch_related("revisions")
            .order_by("created_at")
        ],
        "supports": [
            {"proposal": item.proposal_id, "date": item.created_at.isoformat()}
            for item in Support.objects.filter(user=user).order_by("created_at")
        ],
        "proposal_answers": list(
            ProposalAnswer.objects.filter(author=user).order_by("pk").values_list("pk", flat=True)
        ),
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Identity goes, content and counts stay; or the texts go too when the person asks so."""
    own = Proposal.objects.filter(author=user)
    if not keep_contributions:
        own.update(
            title=ERASED_TEXT,
            public_title=ERASED_TEXT,
            body=ERASED_TEXT,
            public_body=ERASED_TEXT,
            public_terms="",
            image="",
            image_alt="",
            public_image_alt="",
        )
        ProposalRevision.objects.filter(proposal__author=user).delete()
    own.update(author=None)
    Support.objects.filter(user=user).update(user=None)
    Proposal.objects.filter(entered_by=user).update(entered_by=None)
    Support.objects.filter(entered_by=user).update(entered_by=None)
    ProposalAnswer.objects.filter(author=user).update(author=None)
