"""The debate's sections on a démarche's page: latest contributions and official answers.

A fixed number of queries whatever the number of contributions (see
bench/pages.py).
"""

from parlons.debates.models import Reaction
from parlons.debates.queries import process_summary, public_contributions
from parlons.debates.rules import can_contribute, can_contribute_on_behalf


def process_sections(request, process) -> list[dict]:
    summary = process_summary(process, reader=request.user)
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


def occasion_sections(request, occasion) -> list[dict]:
    """On a meeting's page: how many contributions were collected there, and where to read them."""
    count = public_contributions(occasion.process).filter(occasion=occasion).count()
    return [
        {
            "order": 20,
            "template": "debates/_occasion_contributions.html",
            "context": {"occasion": occasion, "process": occasion.process, "count": count},
        }
    ]
