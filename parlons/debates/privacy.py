"""Personal data of the debate, why it is kept, and the rights hooks (export, erasure)."""

from dataclasses import replace

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
from parlons.debates import counters
from parlons.debates.models import (
    Contribution,
    ContributionRevision,
    DebateCount,
    OfficialAnswer,
    PaperImport,
    Reaction,
    Report,
)

CONTRIBUTION = "debates.Contribution"
REACTION = "debates.Reaction"
REPORT = "debates.Report"
ANSWER = "debates.OfficialAnswer"
PAPER_IMPORT = "debates.PaperImport"
COUNT = "debates.DebateCount"
REVISION = "debates.ContributionRevision"

HANDLED_REPORT_RETENTION_DAYS = 365
HANDLED_REPORT_EXPIRY = Expiry(HANDLED_REPORT_RETENTION_DAYS, after="handled_at")
ERASED_BODY = "contribution supprimée à la demande de son auteur"
# A withdrawn text leaves the public pages at once; it is kept this long, so that a
# report or a dispute under way can still be handled, then the purge erases it.
WITHDRAWN_RETENTION_DAYS = 90
WITHDRAWN_TEXT_EXPIRY = Expiry(
    WITHDRAWN_RETENTION_DAYS, after="withdrawn_at", action=ANONYMISE, value=""
)
WITHDRAWN_REVISION_EXPIRY = Expiry(WITHDRAWN_RETENTION_DAYS, after="contribution__withdrawn_at")

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

_WHILE_PROCESS = _("tant que la démarche est publiée ; anonymisé à la suppression du compte")

PERSONAL_DATA = [
    PersonalData(
        COUNT,
        "key",
        Category.PARTICIPATION,
        _(
            "compter les personnes qui ont écrit dans la démarche sans relire tous les "
            "messages à chaque page (seul le total est affiché)"
        ),
        LegalBasis.PUBLIC_TASK,
        _(
            "tant que le compte existe et que la démarche est publiée ; "
            "supprimé à la suppression du compte"
        ),
        Visibility.ADMINS,
    ),
    PersonalData(
        CONTRIBUTION,
        "body",
        Category.FREE_TEXT,
        _("publier l'avis de la personne dans la démarche et en faire la synthèse"),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.PUBLIC,
        expiry=WITHDRAWN_TEXT_EXPIRY,
    ),
    PersonalData(
        CONTRIBUTION,
        "title",
        Category.FREE_TEXT,
        _("donner un titre court à la contribution, choisi par la personne"),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.PUBLIC,
        expiry=WITHDRAWN_TEXT_EXPIRY,
    ),
    PersonalData(
        CONTRIBUTION,
        "edited_at",
        Category.PARTICIPATION,
        _("indiquer qu'une contribution a été modifiée par son auteur·rice, et quand"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC,
    ),
    PersonalData(
        CONTRIBUTION,
        "withdrawn_at",
        Category.PARTICIPATION,
        _("laisser dans la discussion la trace d'une contribution retirée, et sa date"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC,
    ),
    PersonalData(
        CONTRIBUTION,
        "author",
        Category.IDENTITY,
        _("signer la contribution sous pseudonyme et prévenir son auteur des réponses"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.PUBLIC_PSEUDONYM,
    ),
    PersonalData(
        CONTRIBUTION,
        "entered_by",
        Category.PARTICIPATION,
        _(
            "savoir quelle personne médiatrice a saisi une contribution faite au guichet ou sur papier"
        ),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        CONTRIBUTION,
        "display_label",
        Category.IDENTITY,
        _("signer une contribution saisie par la médiation comme la personne l'a choisi"),
        LegalBasis.CONSENT,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        CONTRIBUTION,
        "place",
        Category.LOCATION,
        _("savoir de quelle commune parle la contribution, pour filtrer et synthétiser"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        CONTRIBUTION,
        "consent_given",
        Category.CONSENT,
        _("prouver que la personne sans compte a accepté la publication de sa contribution"),
        LegalBasis.CONSENT,
        _("tant que la contribution est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        CONTRIBUTION,
        "consent_text_version",
        Category.CONSENT,
        _("savoir quel texte de consentement la personne a accepté"),
        LegalBasis.CONSENT,
        _("tant que la contribution est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        CONTRIBUTION,
        "consent_at",
        Category.CONSENT,
        _("dater l'accord donné à la publication"),
        LegalBasis.CONSENT,
        _("tant que la contribution est conservée"),
        Visibility.STAFF,
    ),
    PersonalData(
        CONTRIBUTION,
        "hidden_by",
        Category.PARTICIPATION,
        _("savoir qui a masqué un contenu, pour rendre compte des décisions de modération"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        REACTION,
        "user",
        Category.OPINION,
        _("compter une seule réaction par personne et lui permettre de la changer"),
        LegalBasis.PUBLIC_TASK,
        _("tant que le compte existe ; le lien est coupé à la suppression du compte"),
        Visibility.SELF_AND_DPO,
    ),
    PersonalData(
        REACTION,
        "value",
        Category.OPINION,
        _("compter les avis d'accord, de désaccord et sans avis (seuls les totaux sont publiés)"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée ; seuls les totaux sont publics"),
        Visibility.SELF_AND_DPO,
    ),
    PersonalData(
        REPORT,
        "reporter",
        Category.PARTICIPATION,
        _("savoir qui a signalé un contenu, pour éviter les signalements en double"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("un an après le traitement du signalement"),
        Visibility.STAFF,
        expiry=HANDLED_REPORT_EXPIRY,
    ),
    PersonalData(
        REPORT,
        "reason",
        Category.FREE_TEXT,
        _("expliquer à l'équipe de modération ce qui pose problème"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("un an après le traitement du signalement"),
        Visibility.STAFF,
        expiry=HANDLED_REPORT_EXPIRY,
    ),
    PersonalData(
        REPORT,
        "handled_by",
        Category.PARTICIPATION,
        _("savoir qui a traité un signalement"),
        LegalBasis.PUBLIC_TASK,
        _("un an après le traitement du signalement"),
        Visibility.STAFF,
        expiry=HANDLED_REPORT_EXPIRY,
    ),
    PersonalData(
        ANSWER,
        "author",
        Category.IDENTITY,
        _("signer la réponse officielle avec le nom, la fonction et le rôle de son auteur"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        ANSWER,
        "body",
        Category.FREE_TEXT,
        _("publier la réponse de l'institution à une contribution"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        REVISION,
        "body",
        Category.FREE_TEXT,
        _(
            "garder le texte d'une contribution avant sa modification, pour son auteur·rice et "
            "pour la modération"
        ),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.SELF_AND_STAFF,
        expiry=WITHDRAWN_REVISION_EXPIRY,
    ),
    PersonalData(
        REVISION,
        "title",
        Category.FREE_TEXT,
        _("garder le titre d'une contribution avant sa modification"),
        LegalBasis.PUBLIC_TASK,
        _TEXT_RETENTION,
        Visibility.SELF_AND_STAFF,
        expiry=WITHDRAWN_REVISION_EXPIRY,
    ),
    PersonalData(
        PAPER_IMPORT,
        "imported_by",
        Category.PARTICIPATION,
        _("savoir qui a importé un fichier de formulaires papier"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.STAFF,
    ),
]

# What anyone else reads: the masked copies, filled when the text is written.
PUBLIC_TEXTS = [
    PublicText(CONTRIBUTION, "title", "public_title"),
    PublicText(CONTRIBUTION, "body", "public_body"),
    PublicText(CONTRIBUTION, "display_label", "public_display_label"),
    PublicText(ANSWER, "body", "public_body"),
]

_MASKED_COPY = (
    "the public copy of {field}, with personal data masked by the scrubber; "
    "kept, anonymised and erased together with it"
)

NOT_PERSONAL = {
    "debates.Contribution.held_explanation": "the spam score's reasons, written by the algorithm",
    "debates.Contribution.public_body": _MASKED_COPY.format(field="body"),
    "debates.Contribution.public_title": _MASKED_COPY.format(field="title"),
    "debates.ContributionRevision.written_at": "when the earlier version was written",
    "debates.ContributionRevision.replaced_at": "when its author replaced it",
    "debates.Contribution.public_display_label": _MASKED_COPY.format(field="display_label"),
    "debates.OfficialAnswer.public_body": _MASKED_COPY.format(field="body"),
    "debates.Contribution.hidden_reason": "a public reason written by a moderator for the institution",
    "debates.PaperImport.file_name": "the name staff gave to a spreadsheet of paper forms",
    "debates.PaperImport.file_sha256": "a fingerprint of the file, to refuse importing it twice",
    "debates.PaperImport.confirmed_duplicate": "staff chose to import the same file again",
}


def export_user_data(user) -> dict:
    return {
        "contributions": [
            {
                "id": item.pk,
                "process": item.process.title,
                "reply_to": item.parent_id,
                "theme": item.theme.name if item.theme else None,
                "commune": item.place.name if item.place else None,
                "title": item.title,
                "text": item.body,
                "date": item.created_at.isoformat(),
                "edited": item.edited_at.isoformat() if item.edited_at else None,
                "withdrawn": item.withdrawn_at.isoformat() if item.withdrawn_at else None,
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "text": revision.body,
                        "written": revision.written_at.isoformat(),
                        "replaced": revision.replaced_at.isoformat(),
                    }
                    for revision in item.revisions.all()
                ],
                "hidden_by_moderation": item.hidden_reason if item.is_hidden else None,
            }
            for item in Contribution.objects.filter(author=user)
            .select_related("process", "theme", "place")
            .prefetch_related("revisions")
            .order_by("created_at")
        ],
        "reactions": [
            {
                "contribution": item.contribution_id,
                "value": item.value,
                "date": item.updated_at.isoformat(),
            }
            for item in Reaction.objects.filter(user=user).order_by("created_at")
        ],
        "reports": [
            {
                "contribution": item.contribution_id,
                "reason": item.reason,
                "date": item.created_at.isoformat(),
                "outcome": item.outcome or None,
            }
            for item in Report.objects.filter(reporter=user).order_by("created_at")
        ],
        "official_answers": [
            {
                "contribution": item.contribution_id,
                "text": item.body,
                "date": item.created_at.isoformat(),
            }
            for item in OfficialAnswer.objects.filter(author=user).order_by("created_at")
        ],
        "contributions_entered_as_mediator": list(
            Contribution.objects.filter(entered_by=user).order_by("pk").values_list("pk", flat=True)
        ),
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Identity goes, content stays; or the texts go too when the person asks so."""
    own = Contribution.objects.filter(author=user)
    if keep_contributions:
        Reaction.objects.filter(user=user).update(user=None)
    else:
        own.update(body=ERASED_BODY, public_body=ERASED_BODY, title="", public_title="")
        ContributionRevision.objects.filter(contribution__author=user).delete()
        Reaction.objects.filter(user=user).delete()
    # Their visible messages stay, each now one person without an account: as a recount finds.
    tally = counters.Tally()
    for footprint in counters.footprints(own):
        tally.change(footprint, replace(footprint, author_id=None))
    own.update(author=None)
    tally.save()
    # The person's own count rows (now at 0) would still say they took part: they go.
    DebateCount.objects.filter(kind=counters.AUTHOR, key=user.pk).delete()
    Report.objects.filter(reporter=user).update(reporter=None)
    Report.objects.filter(handled_by=user).update(handled_by=None)
    Contribution.objects.filter(entered_by=user).update(entered_by=None)
    Contribution.objects.filter(hidden_by=user).update(hidden_by=None)
    OfficialAnswer.objects.filter(author=user).update(author=None)
    PaperImport.objects.filter(imported_by=user).update(imported_by=None)
