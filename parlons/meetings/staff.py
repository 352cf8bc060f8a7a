from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.models import Role


def staff_links(user, territory, roles) -> list[dict]:
    if Role.ORGANISER not in roles and Role.ADMINISTRATOR not in roles:
        return []
    return [
        {
            "title": _("Réunions publiques"),
            "text": _(
                "Programmer, modifier ou annuler une réunion ; suivre les inscriptions "
                "et la liste d'attente ; publier le compte rendu."
            ),
            "url": reverse("meetings:staff_overview"),
        },
        {
            "title": _("Lieux de réunion"),
            "text": _("Adresses, accès pour les personnes handicapées, transports."),
            "url": reverse("meetings:places"),
        },
    ]
