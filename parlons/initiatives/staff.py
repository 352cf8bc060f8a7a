from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.initiatives.rules import can_manage_initiatives


def staff_links(user, territory, roles) -> list[dict]:
    if not can_manage_initiatives(user, territory):
        return []
    return [
        {
            "title": _("Bibliothèque des initiatives"),
            "text": _(
                "Ajouter, relire et publier les initiatives du territoire ; faire d'un "
                "questionnaire un inventaire ; catégories."
            ),
            "url": reverse("initiatives:staff_list"),
        },
    ]
