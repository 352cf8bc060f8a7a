"""Links on the staff dashboard: the counter for mediators, the queue for moderators, and
the contributions waiting for an official answer for experts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.debates.rules import (
    can_answer_officially,
    can_contribute_on_behalf,
    can_import_paper_forms,
    can_moderate,
)
from parlons.processes.queries import published_processes


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if can_moderate(user, territory):
        links.append(
            {
                "title": _("Modération"),
                "text": _(
                    "Les contenus signalés : masquer avec un motif public, rétablir, classer."
                ),
                "url": reverse("debates:moderation"),
            }
        )
    if territory is None:
        return links
    for process in published_processes().filter(territory=territory)[:5]:
        if can_answer_officially(user, process):
            links.append(
                {
                    "title": _("En attente d'une réponse officielle : %(title)s")
                    % {"title": process.title},
                    "text": _(
                        "Les contributions publiées qui n'ont pas encore de réponse officielle."
                    ),
                    "url": reverse("debates:list", kwargs={"slug": process.slug})
                    + "?en-attente=on",
                }
            )
        if can_contribute_on_behalf(user, process):
            links.append(
                {
                    "title": _("Guichet : %(title)s") % {"title": process.title},
                    "text": _(
                        "Saisir la contribution d'une personne sans compte, ou importer des "
                        "formulaires papier."
                    ),
                    "url": reverse("debates:counter", kwargs={"slug": process.slug}),
                }
            )
        elif can_import_paper_forms(user, process):
            # The contribution phase is over: paper forms may still come in.
            links.append(
                {
                    "title": _("Formulaires papier : %(title)s") % {"title": process.title},
                    "text": _("Importer les formulaires papier recueillis pendant la démarche."),
                    "url": reverse("debates:paper_import", kwargs={"slug": process.slug}),
                }
            )
    return links
