"""The debate's sections on a démarche's page: latest contributions and official answers.

A fixed number of queries whatever the number of contributions (see
bench/pages.py).
"""

from django.utils.translation import npgettext

from parlons.debates.counters import totals
from parlons.debates.models import Reaction
from parlons.debates.queries import (
    process_summary,
    public_contributions,
    territory_official_answers,
)
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


HOME_ANSWERS = 3


def home_sections(request, territory) -> list[dict]:
    """The home page's latest official answers, across the territory's démarches, in one query."""
    return [
        {
            "order": 30,
            "template": "debates/_home_answers.html",
            "context": {"answers": list(territory_official_answers(territory)[:HOME_ANSWERS])},
        }
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


def process_figures(process) -> list[dict]:
    """The démarche's key figures from the debate, from its kept counters (debates.counters).

    People: the distinct authors of visible contributions and replies, plus
    each one written down for someone else (at the counter, on paper), who
    has no account of their own.
    """
    counts = totals(process)
    people = counts["authors"] + counts["without_account"]
    answers = counts["answers"]
    return [
        {
            "order": 10,
            "value": counts["contributions"],
            "label": npgettext(
                "chiffre clé", "contribution", "contributions", counts["contributions"]
            ),
        },
        {
            "order": 20,
            "value": people,
            "label": npgettext("chiffre clé", "participant", "participants", people),
        },
        {
            "order": 40,
            "value": answers,
            "label": npgettext(
                "chiffre clé", "réponse officielle", "réponses officielles", answers
            ),
        },
    ]
