"""Personal data of the questionnaires, why it is kept, and the rights hooks (export, erasure).

Answers are never published one by one: public results are counts, with
groups under five masked. Free texts and the link to a person stay with the
team that runs the questionnaire.
"""

from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility

from .models import Answer, AnswerFile, PaperAnswersImport, Questionnaire, Response

RESPONSE = "questionnaires.Response"
ANSWER = "questionnaires.Answer"
_WHILE_PROCESS = _("tant que la démarche est publiée ; anonymisé à la suppression du compte")
# A file joined to an answer (a quote, a photo, a CV…) goes one year after it was sent.
FILE_RETENTION_DAYS = 365
FILE_EXPIRY = Expiry(FILE_RETENTION_DAYS, after="created_at")

PERSONAL_DATA = [
    PersonalData(
        RESPONSE,
        "respondent",
        Category.PARTICIPATION,
        _("n'accepter qu'une réponse par personne et lui permettre de la reprendre"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        RESPONSE,
        "entered_by",
        Category.PARTICIPATION,
        _("savoir quelle personne médiatrice a saisi une réponse papier ou au guichet"),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.MEDIATOR,
    ),
    PersonalData(
        RESPONSE,
        "consent_text_version",
        Category.CONSENT,
        _("garder la version du texte d'accord lu à la personne dont on saisit les réponses"),
        LegalBasis.CONSENT,
        _("tant que la démarche est publiée"),
        Visibility.STAFF,
    ),
    PersonalData(
        RESPONSE,
        "consent_at",
        Category.CONSENT,
        _("dater l'accord de la personne dont on saisit les réponses"),
        LegalBasis.CONSENT,
        _("tant que la démarche est publiée"),
        Visibility.STAFF,
    ),
    PersonalData(
        ANSWER,
        "value",
        Category.OPINION,
        _("compter les réponses au questionnaire (seuls les totaux sont publiés, jamais sous 5)"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée ; seuls les totaux sont publics"),
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        ANSWER,
        "text",
        Category.FREE_TEXT,
        _("lire les réponses libres au questionnaire pour en faire la synthèse"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée ; jamais publiées une à une"),
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        "questionnaires.AnswerFile",
        "name",
        Category.FREE_TEXT,
        _(
            "lire le fichier joint à une réponse (le fichier lui-même et son nom), rangé hors "
            "des fichiers publics ; seule l'équipe du questionnaire le télécharge"
        ),
        LegalBasis.PUBLIC_TASK,
        _(
            "1 an après l'envoi, puis supprimé avec le fichier ; supprimé aussitôt si la réponse "
            "est retirée ou si la personne efface son compte ; jamais publié"
        ),
        Visibility.STAFF,
        expiry=FILE_EXPIRY,
    ),
    PersonalData(
        ANSWER,
        "corrected_by",
        Category.PARTICIPATION,
        _(
            "savoir quel membre de l'équipe a corrigé une réponse (l'ancienne valeur est au journal)"
        ),
        LegalBasis.PUBLIC_TASK,
        _WHILE_PROCESS,
        Visibility.STAFF,
    ),
    PersonalData(
        "questionnaires.PaperAnswersImport",
        "imported_by",
        Category.PARTICIPATION,
        _("savoir qui a importé un fichier de réponses papier"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche est publiée"),
        Visibility.STAFF,
    ),
]

PUBLIC_TEXTS: list = []

NOT_PERSONAL = {
    "questionnaires.Questionnaire.created_by": "the organiser who built it (staff work, not participation)",
    "questionnaires.Questionnaire.introduction": "a text written by staff for the public",
    "questionnaires.Section.description": "a text written by staff for the public",
    "questionnaires.QuestionVersion.help_text": "a question's help, written by staff",
    "questionnaires.Response.resume_token": "a random token in the browser's session, linked to nobody",
    "questionnaires.Response.paper_copy_id": "the number printed on a blank paper form, given before anyone filled it",
    "questionnaires.PaperAnswersImport.file_name": "the name staff gave to a spreadsheet of paper answers",
    "questionnaires.AnswerFile.stored_name": "a random name on disk, linked to nobody",
}


def export_user_data(user) -> dict:
    from .answering import display

    found = []
    for response in (
        Response.objects.filter(respondent=user)
        .select_related("questionnaire")
        .prefetch_related("answers__question", "answers__version")
        .order_by("created_at")
    ):
        found.append(
            {
                "questionnaire": response.questionnaire.title,
                "sent": response.submitted_at.isoformat() if response.submitted_at else None,
                "answers": [
                    {
                        "question": answer.version.wording,
                        "answer": display(
                            answer.question, answer.version, answer.value, answer.text
                        ),
                    }
                    for answer in response.answers.all()
                ],
            }
        )
    return {"questionnaire_responses": found}


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """The answers stay in the counts; the link to the person goes, and so do their files.

    A file may name or show the person (a CV, a photo): it is deleted (the
    file on disk once committed), its answer still counts as "a file sent".
    """
    AnswerFile.objects.filter(answer__response__respondent=user).delete()
    Answer.objects.filter(corrected_by=user).update(corrected_by=None)
    Response.objects.filter(respondent=user).update(respondent=None)
    Response.objects.filter(entered_by=user).update(entered_by=None)
    PaperAnswersImport.objects.filter(imported_by=user).update(imported_by=None)
    Questionnaire.objects.filter(created_by=user).update(created_by=None)
