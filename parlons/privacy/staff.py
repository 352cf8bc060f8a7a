from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.models import Role


def staff_links(user, territory, roles) -> list[dict]:
    if Role.DPO in roles or Role.ADMINISTRATOR in roles:
        return [
            {
                "title": _("Journal des actions"),
                "url": reverse("privacy:audit_log"),
                "text": _("Qui a fait quoi, et les comptes rendus des purges quotidiennes."),
            },
            {
                "title": _("Registre des traitements"),
                "url": reverse("privacy:register"),
                "text": _("Les données personnelles gardées, pourquoi et combien de temps."),
            },
        ]
    return []
