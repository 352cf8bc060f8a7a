from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.models import Role


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if Role.ADMINISTRATOR in roles:
        links.append(
            {
                "title": _("Réglages du territoire"),
                "url": reverse("processes:territory"),
                "text": _("Nom, contacts, et les personnes publiques dont le nom reste visible."),
            }
        )
    if Role.ORGANISER in roles or Role.ADMINISTRATOR in roles:
        links.append(
            {
                "title": _("Démarches"),
                "url": reverse("processes:staff_list"),
                "text": _("Créer une démarche, ses phases et ses thèmes ; publier."),
            }
        )
    return links
