"""Links on the staff dashboard: the counter for mediators, the queue for moderators."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.accounts.models import Role
from parlons.processes.queries import published_processes


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if roles & {Role.MODERATOR, Role.ADMINISTRATOR}:
        links.append(
            {
                "title": _("Modération"),
                "text": _(
                    "Les contenus signalés : masquer avec un motif public, rétablir, classer."
                ),
                "url": reverse("debates:moderation"),
            }
        )
    if territory is not None and roles & {Role.MEDIATOR, Role.ORGANISER, Role.ADMINISTRATOR}:
        for process in published_processes().filter(territory=territory)[:5]:
            links.append(
                {
                    "title": _("Guichet : %(title)s") % {"title": process.title},
                    "text": _(
                        "Saisir la contribution d'une personne sans compte, ou importer des "
                        "formulaires papier."
                    ),
                    "url": reverse("debates:counter", kwargs={"slug": process.slug}),
                }
            )
    return links
