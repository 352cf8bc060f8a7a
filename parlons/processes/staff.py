from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.processes.rules import can_create_process, can_edit_territory


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if can_edit_territory(user, territory):
        links.append(
            {
                "title": _("Réglages du territoire"),
                "url": reverse("processes:territory"),
                "text": _("Nom, contacts, et les personnes publiques dont le nom reste visible."),
            }
        )
    if can_create_process(user, territory):
        links.append(
            {
                "title": _("Démarches"),
                "url": reverse("processes:staff_list"),
                "text": _("Créer une démarche, ses phases et ses thèmes ; publier."),
            }
        )
    return links
