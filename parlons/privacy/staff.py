from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.privacy.rules import can_read_audit_log


def staff_links(user, territory, roles) -> list[dict]:
    if can_read_audit_log(user, territory):
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
