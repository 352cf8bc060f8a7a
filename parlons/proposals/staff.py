"""Links on the staff dashboard: proposals waiting for an official answer, and the counter."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.processes.queries import published_processes
from parlons.proposals.rules import can_answer_proposal, can_propose_on_behalf


def staff_links(user, territory, roles) -> list[dict]:
    links: list[dict] = []
    if territory is None:
        return links
    for process in published_processes().filter(territory=territory)[:5]:
        if can_answer_proposal(user, process):
            links.append(
                {
                    "title": _("Propositions en attente de réponse : %(title)s")
                    % {"title": process.title},
                    "text": _(
                        "Répondre aux propositions, les fusionner, publier celles mises de côté, "
                        "régler le seuil de soutiens."
                    ),
                    "url": reverse("proposals:staff", kwargs={"slug": process.slug}),
                }
            )
        if can_propose_on_behalf(user, process):
            links.append(
                {
                    "title": _("Guichet des propositions : %(title)s") % {"title": process.title},
                    "text": _("Saisir la proposition d'une personne sans compte."),
                    "url": reverse("proposals:counter", kwargs={"slug": process.slug}),
                }
            )
    return links
