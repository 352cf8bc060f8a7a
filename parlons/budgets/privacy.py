"""Personal data of participatory budgets.

A ballot's content is not personal: it is stored apart from the record that a
person voted, with a random id and only the day, so nobody can tie it back to
them (`tests/test_anonymity.py` tries every field). What is personal is that a
person voted (`VoterRecord`), kept while the démarche exists so that nobody
votes twice, and the projects a person submitted.
"""

from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, LegalBasis, PersonalData, PublicText, Visibility

PROJECT = "budgets.Project"
VOTER_RECORD = "budgets.VoterRecord"

PERSONAL_DATA = [
    PersonalData(
        PROJECT,
        "author",
        Category.IDENTITY,
        _("savoir qui a déposé un projet du budget participatif, pour l'en tenir informé"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche existe ; retiré si la personne efface son compte"),
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        PROJECT,
        "description",
        Category.FREE_TEXT,
        _("présenter un projet soumis au vote du budget participatif"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche existe"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        VOTER_RECORD,
        "voter",
        Category.PARTICIPATION,
        _(
            "s'assurer qu'une personne ne vote qu'une fois au budget participatif (le contenu "
            "du bulletin est gardé à part et ne peut pas lui être rattaché)"
        ),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche existe ; le lien au compte est retiré si la personne l'efface"),
        Visibility.STAFF,
    ),
    PersonalData(
        VOTER_RECORD,
        "voter_key",
        Category.PARTICIPATION,
        _("refuser un second bulletin du même compte ; garder le nombre de votants juste"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche existe"),
        Visibility.STAFF,
    ),
]

PERSONAL_DATA.append(
    PersonalData(
        "budgets.CensusEntry",
        "digest",
        Category.IDENTITY,
        _(
            "réserver le vote aux résidents de la liste de la collectivité, un bulletin par "
            "résident (seule une empreinte salée de l'identifiant et de l'année de naissance "
            "est gardée)"
        ),
        LegalBasis.PUBLIC_TASK,
        _("tant que la démarche existe ; remplacée à chaque nouvel import"),
        Visibility.STAFF,
    )
)

PAPER_BALLOT = "budgets.PaperBallot"
for field_name, purpose in (
    ("entered_by", _("savoir quel membre du bureau de vote a saisi un bulletin papier")),
    ("checked_by", _("savoir quel autre membre du bureau de vote l'a vérifié sur le papier")),
    ("flagged_by", _("savoir qui a signalé un écart entre la saisie et le papier")),
):
    PERSONAL_DATA.append(
        PersonalData(
            PAPER_BALLOT,
            field_name,
            Category.PARTICIPATION,
            purpose,
            LegalBasis.PUBLIC_TASK,
            _(
                "tant que la démarche existe ; le lien au compte est retiré si la personne "
                "l'efface (le bulletin, lui, ne nomme aucun votant)"
            ),
            Visibility.STAFF,
        )
    )

PUBLIC_TEXTS = [
    PublicText(PROJECT, "title", "public_title"),
    PublicText(PROJECT, "description", "public_description"),
]

NOT_PERSONAL = {
    "budgets.Project.public_description": "the masked copy of the description",
    "budgets.Project.feasibility_reason": "written by staff for the institution",
    "budgets.District.name": "a part of the territory, not a person",
    "budgets.PaperBallot.mismatch_reason": (
        "written by a poll officer about a paper ballot, names no voter"
    ),
    "budgets.PaperBallot.choices": "a paper ballot's content until checked, names no voter",
    "budgets.PaperBallot.number": "the number printed on a paper ballot, not a person",
    "budgets.BallotBox.pending": "ballots' content waiting to be written out, no voter",
    "budgets.Budget.results_published_by": (
        "the organiser acting for the institution; audited in core.AuditEntry"
    ),
}


def export_user_data(user) -> dict:
    from parlons.budgets.models import Project, VoterRecord

    return {
        "projects": [
            {"title": project.title, "process": project.budget.process.title}
            for project in Project.objects.filter(author=user).select_related("budget__process")
        ],
        # That the person voted, never for what: nothing links them to their ballot.
        "voted_in": [
            record.budget.process.title
            for record in VoterRecord.objects.filter(voter=user).select_related("budget__process")
        ],
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Projects stay (they were put to the vote), without their author; the voter records
    keep only their key, so the number of people who voted stays right."""
    from parlons.budgets.models import PaperBallot, Project, VoterRecord

    Project.objects.filter(author=user).update(author=None)
    VoterRecord.objects.filter(voter=user).update(voter=None)
    for field_name in ("entered_by", "checked_by", "flagged_by"):
        PaperBallot.objects.filter(**{field_name: user}).update(**{field_name: None})
