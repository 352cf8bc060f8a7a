from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.followup.rules import can_manage_followup_in


def staff_links(user, territory, roles) -> list[dict]:
    if not can_manage_followup_in(user, territory):
        return []
    return [
        {
            "title": _("Suivi des décisions"),
            "text": _(
                "Suivre ce qui a été décidé : état, avancement, dépenses, actualités datées "
                "avec photos ; ajouter une décision prise en conseil."
            ),
            "url": reverse("followup:staff_overview"),
        }
    ]
