"""The decisions a participatory budget takes: its winning projects, once published."""

from parlons.processes.decisions import Decision

from .models import Budget
from .queries import published_outcome


def accepted_decisions(process) -> list[Decision]:
    from .services import winning_decisions

    budget = (
        Budget.objects.filter(process_id=process.pk).select_related("process__territory").first()
    )
    if budget is None:
        return []
    outcome = published_outcome(budget)
    return winning_decisions(budget, outcome) if outcome is not None else []
