"""The participatory budget's part of the démarche page."""

from django.utils.translation import npgettext

from .models import Budget
from .queries import ballot_count, published_outcome
from .rules import can_manage_budget, can_submit_project, can_vote


def process_sections(request, process) -> list[dict]:
    budget = Budget.objects.filter(process=process).first()
    if budget is None:
        if can_manage_budget(request.user, process):
            return [
                {
                    "order": 70,
                    "template": "budgets/_process_section.html",
                    "context": {"process": process, "budget": None, "can_manage": True},
                }
            ]
        return []
    budget.process = process
    return [
        {
            "order": 70,
            "template": "budgets/_process_section.html",
            "context": {
                "process": process,
                "budget": budget,
                "projects": budget.projects.filter(feasibility="feasible").count(),
                "published": published_outcome(budget) is not None,
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
