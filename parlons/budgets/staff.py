from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.processes.rules import is_organiser


def staff_links(user, territory, roles) -> list[dict]:
    if not is_organiser(user, territory):
        return []
    return [
        {
            "title": _("Budgets participatifs"),
            "text": _(
                "Fixer le budget, le bulletin et la règle de décompte ; étudier la faisabilité "
                "des projets ; décompter et publier les résultats ; importer ou exporter un "
                "fichier pabulib."
            ),
            "url": reverse("budgets:staff_overview"),
        }
    ]
