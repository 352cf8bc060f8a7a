"""The staff dashboard: each app adds the links for the roles that use them.

An app may define `staff_links(user, territory, roles) -> list[dict]` in a
module named `staff.py`; each dict has `title`, `text` and `url`.
"""

from importlib import import_module

from django.apps import apps


def collect_staff_links(user, territory, roles) -> list[dict]:
    links: list[dict] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("parlons."):
            continue
        try:
            module = import_module(f"{config.name}.staff")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.staff":
                raise
            continue
        provider = getattr(module, "staff_links", None)
        if provider is not None:
            links.extend(provider(user, territory, roles))
    return links


def staff_links(user, territory, roles) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from parlons.accounts.models import Role

    if Role.ADMINISTRATOR in roles:
        return [
            {
                "title": _("Rôles de l'équipe"),
                "text": _("Attribuer ou retirer les rôles des personnes."),
                "url": reverse("accounts:roles"),
            }
        ]
    return []
