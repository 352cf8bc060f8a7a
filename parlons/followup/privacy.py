"""Personal data of the follow-up of decisions: only who, in the team, wrote an update.

Tracked results and their updates are written by staff for the institution
and published; the public reads the institution (a service's name, never a
person's). The staff member who posted an update is kept for the team, so
that a colleague knows whom to ask; it goes when that person erases their account.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, LegalBasis, PersonalData, PublicText, Visibility

PERSONAL_DATA = [
    PersonalData(
        "followup.ResultUpdate",
        "author",
        Category.PARTICIPATION,
        _("savoir qui, dans l'équipe, a publié une actualité du suivi des décisions"),
        LegalBasis.PUBLIC_TASK,
        _(
            "tant que l'actualité est publiée ; le lien vers la personne est effacé "
            "si elle efface son compte"
        ),
        Visibility.STAFF,
    ),
]

# An update may quote a private person: everyone reads its masked copy.
PUBLIC_TEXTS = [PublicText("followup.ResultUpdate", "text", "public_text")]

STAFF_TEXT = "written by staff for the institution"

NOT_PERSONAL = {
    "followup.TrackedResult.summary": (
        STAFF_TEXT + ", or the published summary of a decision, already masked by its app"
    ),
    "followup.TrackedResult.responsible_service": "a service of the institution, never a person",
    "followup.ResultUpdate.text": STAFF_TEXT + "; shown through its masked copy",
    "followup.ResultUpdate.public_text": (
        "the public copy of an update, private persons' names masked by the scrubber"
    ),
}


def export_user_data(user) -> dict:
    from parlons.followup.queries import updates_by

    return {
        "followup_updates": [
            {
                "result": update.result.title,
                "process": update.result.process.title,
                "published_at": update.published_at.isoformat(),
                "text": update.text,
            }
            for update in updates_by(user).order_by("published_at", "pk")
        ]
    }


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """The update stays published (it speaks for the institution); the link to the person goes."""
    from parlons.followup.models import ResultUpdate

    with transaction.atomic():
        ResultUpdate.objects.filter(author=user).update(author=None)
