"""Background work of participatory budgets: counting the ballots."""

from django_tasks import task

from parlons.budgets.models import Budget
from parlons.budgets.services import count_budget


@task()
def count_budget_task(budget_id: int) -> int:
    """Count the budget's ballots with its rule and store the outcome (not published)."""
    budget = Budget.objects.select_related("process__territory").get(pk=budget_id)
    return count_budget(budget).pk
