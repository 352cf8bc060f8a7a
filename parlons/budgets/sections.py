"""The participatory budget's part of the démarche page.

What every reader sees alike (the budget, its feasible projects, whether its
results are out) is read once per write of the démarche (pagecache.kept); what
the reader may do is decided for each request.
"""

from django.utils.translation import npgettext

from parlons.processes.pagecache import kept

from .models import Budget
from .queries import ballot_count, published_outcome
from .rules import can_manage_budget, can_submit_project, can_vote


def _shared(process) -> dict | None:
    budget = Budget.objects.filter(process=process).first()
    if budget is None:
        return None
    return {
        "budget": budget,
        "projects": budget.projects.filter(feasibility="feasible").count(),
        "published": published_outcome(budget) is not None,
    }


def process_sections(request, process) -> list[dict]:
    shared = kept(process.slug, "budgets:section", lambda: _shared(process))
    if shared is None:
        if can_manage_budget(request.user, process):
            return [
                {
                    "order": 70,
                    "template": "budgets/_process_section.html",
                    "context": {"process": process, "budget": None, "can_manage": True},
                }
            ]
        return []
    budget = shared["budget"]
    budget.process = process
    return [
        {
            "order": 70,
            "template": "budgets/_process_section.html",
            "context": {
                "process": process,
                "budget": budget,
                "projects": shared["projects"],
                "published": shared["published"],
                "can_submit": can_submit_project(request.user, process),
                "can_vote": can_vote(request.user, process),
                "can_manage": can_manage_budget(request.user, process),
            },
        }
    ]


def process_figures(process) -> list[dict]:
    budget = Budget.objects.filter(process=process).first()
    if budget is None:
        return []
    count = ballot_count(budget)
    return [
        {
            "order": 70,
            "value": count,
            "label": npgettext("chiffre clé", "bulletin de vote", "bulletins de vote", count),
        }
    ]
