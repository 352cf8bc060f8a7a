from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.meetings.rules import can_manage_places


def staff_links(user, territory, roles) -> list[dict]:
    if not can_manage_places(user, territory):
        return []
    return [
        {
            "title": _("Réunions publiques"),
            "text": _(
                "Programmer, modifier ou annuler une réunion ; suivre les inscriptions "
                "et la liste d'attente ; publier le compte rendu."
            ),
            "url": reverse("meetings:staff_overview"),
        },
        {
            "title": _("Lieux de réunion"),
            "text": _("Adresses, accès pour les personnes handicapées, transports."),
            "url": reverse("meetings:places"),
        },
    ]
