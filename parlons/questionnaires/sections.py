"""The questionnaires' section of a démarche's page, and its key figure."""

from django.utils.translation import npgettext

from parlons.processes.rules import component_open

from .components import ANSWER_QUESTIONNAIRE
from .models import Response
from .queries import questionnaires_of


def _uses_questionnaires(process) -> bool:
    """A démarche none of whose phases ever opens a questionnaire costs no query here."""
    return any(phase.allows(ANSWER_QUESTIONNAIRE) for phase in process.phases.all())


def process_sections(request, process) -> list[dict]:
    if not _uses_questionnaires(process):
        return []
    found = list(questionnaires_of(process))
    if not found:
        return []
    items = [
        {"questionnaire": item, "open": component_open(process, ANSWER_QUESTIONNAIRE)}
        for item in found
    ]
    return [
        {
            "order": 35,
            "template": "questionnaires/_process_questionnaires.html",
            "context": {"process": process, "items": items},
        }
    ]


def process_figures(process) -> list[dict]:
    """Responses sent to the démarche's questionnaires (kept as a running count)."""
    if not _uses_questionnaires(process):
        return []
    total = sum(questionnaires_of(process).values_list("response_count", flat=True))
    if not total:
        return []
    return [
        {
            "order": 30,
            "value": total,
            "label": npgettext(
                "chiffre clé", "réponse au questionnaire", "réponses au questionnaire", total
            ),
        }
    ]


def occasion_sections(request, occasion) -> list[dict]:
    """On a meeting's page: how many questionnaires were filled in there."""
    count = Response.objects.filter(occasion=occasion, submitted_at__isnull=False).count()
    if not count:
        return []
    return [
        {
            "order": 40,
            "template": "questionnaires/_occasion_responses.html",
            "context": {"count": count},
        }
    ]
