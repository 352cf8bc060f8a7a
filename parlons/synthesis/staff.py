"""Links on the staff dashboard: the synthesis workbench of each démarche."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.processes.queries import published_processes
from parlons.synthesis.rules import can_analyse


def staff_links(user, territory, roles) -> list[dict]:
    if territory is None:
        return []
    links = []
    for process in published_processes().filter(territory=territory)[:5]:
        if can_analyse(user, process):
            links.append(
                {
                    "title": _("Atelier de synthèse : %(title)s") % {"title": process.title},
                    "text": _(
                        "Analyser les contributions (thèmes, quasi-doublons, groupes "
                        "d'opinion) et rédiger la synthèse publiée."
                    ),
                    "url": reverse("synthesis:workbench", kwargs={"slug": process.slug}),
                }
            )
    return links
