"""The staff dashboard: each app adds the links for the roles that use them.

An app may define `staff_links(user, territory, roles) -> list[dict]` in a
module named `staff.py`; each dict has `title`, `text` and `url`.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.rules import can_manage_periodic_jobs, can_manage_roles
from parlons.core.registry import provided


def collect_staff_links(user, territory, roles) -> list[dict]:
    links: list[dict] = []
    for provider in provided("staff", "staff_links"):
        links.extend(provider(user, territory, roles))
    return links


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if can_manage_roles(user, territory):
        links.append(
            {
                "title": _("Rôles de l'équipe"),
                "text": _("Attribuer ou retirer les rôles des personnes."),
                "url": reverse("accounts:roles"),
            }
        )
    if can_manage_periodic_jobs(user, territory):
        links.append(
            {
                "title": _("Tâches périodiques"),
                "text": _(
                    "Purge, récapitulatifs, rappels : leur dernière exécution, la prochaine, "
                    "et les lancer tout de suite."
                ),
                "url": reverse("accounts:periodic_jobs"),
            }
        )
    return links
