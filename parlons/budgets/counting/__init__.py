"""Counting participatory budgets: pure Python (no Django), shared by the command line,
the budget pages and the tests.

    election = read_pabulib("France_Toulouse_2022.pb")
    result = count_election(election, "mes-cost-completed")
    explain_result(result)  # project id → why it was or was not selected, in French
"""

from parlons.budgets.counting.count import RULES, CountResult, count_election
from parlons.budgets.counting.election import Election, Project, build_election
from parlons.budgets.counting.errors import PabulibError
from parlons.budgets.counting.explanations import describe_count, describe_rule, explain_result
from parlons.budgets.counting.pabulib import parse_pabulib, read_pabulib, write_pabulib
from parlons.budgets.counting.report import result_as_json, result_as_text

__all__ = [
    "RULES",
    "CountResult",
    "Election",
    "PabulibError",
    "Project",
    "build_election",
    "count_election",
    "describe_count",
    "describe_rule",
    "explain_result",
    "parse_pabulib",
    "read_pabulib",
    "result_as_json",
    "result_as_text",
    "write_pabulib",
]
