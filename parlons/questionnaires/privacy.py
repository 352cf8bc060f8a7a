"""Personal data of the questionnaires, why it is kept, and the rights hooks (export, erasure).

Answers are never published one by one: public results are counts, with
groups under five masked. Free texts and the link to a person stay with the
team that runs the questionnaire.
"""

from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, LegalBasis, PersonalData, Visibility

from .models import PaperAnswersImport, Questionnaire, Response

RESPONSE = "questionnaires.Response"
ANSWER = "questionnaires.Answer"
_WHILE_PROCESS = _("tant que la démarche est publiée ; anonymisé à la suppression du compte")

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
    "questionnaires.PaperAnswersImport.file_name": "the name staff gave to a spreadsheet of paper answers",
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
    """The answers stay in the counts; the link to the person goes."""
    Response.objects.filter(respondent=user).update(respondent=None)
    Response.objects.filter(entered_by=user).update(entered_by=None)
    PaperAnswersImport.objects.filter(imported_by=user).update(imported_by=None)
    Questionnaire.objects.filter(created_by=user).update(created_by=None)
