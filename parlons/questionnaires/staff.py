"""Links on the staff dashboard: build questionnaires and read their results (organisers),
type or import paper answers (mediators)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.processes.queries import processes_managed_by, published_processes

from .models import Questionnaire
from .rules import can_enter_paper_answers, can_manage_questionnaires


def staff_links(user, territory, roles) -> list[dict]:
    links: list[dict] = []
    if territory is None:
        return links
    for process in processes_managed_by(user, territory)[:5]:
        if can_manage_questionnaires(user, process):
            links.append(
                {
                    "title": _("Questionnaires : %(title)s") % {"title": process.title},
                    "text": _(
                        "Préparer un questionnaire, suivre les réponses, publier les résultats."
                    ),
                    "url": reverse("questionnaires:staff_list", kwargs={"slug": process.slug}),
                }
            )
    for questionnaire in Questionnaire.objects.filter(
        process__in=published_processes().filter(territory=territory)
    ).select_related("process")[:5]:
        process = questionnaire.process
        if can_manage_questionnaires(user, process) or not can_enter_paper_answers(user, process):
            continue
        links.append(
            {
                "title": _("Saisie papier : %(title)s") % {"title": questionnaire.title},
                "text": _("Recopier les questionnaires remplis à la main ou au guichet."),
                "url": reverse("questionnaires:paper_entry", args=[process.slug, questionnaire.pk]),
            }
        )
    return links
