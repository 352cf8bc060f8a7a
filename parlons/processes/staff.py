from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.models import Role


def staff_links(user, territory, roles) -> list[dict]:
    if Role.ORGANISER in roles or Role.ADMINISTRATOR in roles:
        return [
            {
                "title": _("Démarches"),
                "text": _("Créer une démarche, ses phases et ses thèmes ; publier."),
                "url": reverse("processes:staff_list"),
            }
        ]
    return []
