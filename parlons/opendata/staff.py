from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.opendata.rules import can_manage_open_data


def staff_links(user, territory, roles) -> list[dict]:
    if not can_manage_open_data(user, territory):
        return []
    return [
        {
            "title": _("Données ouvertes"),
            "url": reverse("opendata:staff"),
            "text": _("La licence des données, l'état des fichiers publiés, leur reconstruction."),
        }
    ]
