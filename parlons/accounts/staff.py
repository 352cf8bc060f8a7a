"""The staff dashboard: each app adds the links for the roles that use them.

An app may define `staff_links(user, territory, roles) -> list[dict]` in a
module named `staff.py`; each dict has `title`, `text` and `url`.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.rules import can_manage_roles
from parlons.core.registry import provided


def collect_staff_links(user, territory, roles) -> list[dict]:
    links: list[dict] = []
    for provider in provided("staff", "staff_links"):
        links.extend(provider(user, territory, roles))
    return links


def staff_links(user, territory, roles) -> list[dict]:
    if can_manage_roles(user, territory):
        return [
            {
                "title": _("Rôles de l'équipe"),
                "text": _("Attribuer ou retirer les rôles des personnes."),
                "url": reverse("accounts:roles"),
            }
        ]
    return []
