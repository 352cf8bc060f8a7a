"""The debate's sections on a démarche's page: latest contributions and official answers.

A fixed number of queries whatever the number of contributions (see
bench/pages.py).
"""

from parlons.debates.models import Reaction
from parlons.debates.queries import process_summary
from parlons.processes.rules import can_contribute, can_contribute_on_behalf


def process_sections(request, process) -> list[dict]:
    summary = process_summary(process)
    return [
        {
            "order": 20,
            "template": "debates/_process_contributions.html",
            "context": {
                **summary,
                "process": process,
                "can_contribute": can_contribute(request.user, process),
                "can_contribute_on_behalf": can_contribute_on_behalf(request.user, process),
                "reaction_values": Reaction.Value.choices,
            },
        },
        {
            "order": 30,
            "template": "debates/_process_answers.html",
            "context": {**summary, "process": process},
        },
    ]
