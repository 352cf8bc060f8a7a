"""Decisions that participation apps take, and that others follow up.

An accepted proposal or a winning budget project is a decision: the
follow-up of decisions ("suivi des décisions") tracks it, a budget may turn
an accepted proposal into a project. The apps involved are siblings and never
import each other; they meet here, in two ways.

- **Pull.** An app that takes decisions defines, in a module named
  `decisions.py`, `accepted_decisions(process) -> list[Decision]`: every
  decision it holds for the démarche, in a fixed number of queries.
  `collect_decisions(process, kind=None)` gathers them from every app.
- **Push.** When a decision is taken (or changes: a new amount, a title), the
  deciding app calls `announce(decision)` inside the transaction that takes
  it; receivers of `decision_made` act in the same transaction, so either
  both writes land or neither.

A decision is identified by `(kind, key)`, stable for its lifetime: a
receiver told twice about the same decision updates, it never duplicates.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.dispatch import Signal

from parlons.core.registry import provided

# Sent with `decision=Decision` when an app takes or updates a decision.
decision_made = Signal()


@dataclass(frozen=True)
class Decision:
    kind: str  # what decided it: "proposal", "budget_project", ...
    key: str  # stable identifier within the kind (usually the row's id)
    process_id: int
    title: str
    summary: str  # the public reason or description, already masked
    url: str  # the public page of what was decided
    decided_at: datetime
    decided_by: str  # the answering body or the organiser's name, as published
    amount: Decimal | None = None  # euros decided or estimated, if any


def collect_decisions(process, kind: str | None = None) -> list[Decision]:
    found: list[Decision] = []
    for provider in provided("decisions", "accepted_decisions"):
        found.extend(d for d in provider(process) if kind is None or d.kind == kind)
    return sorted(found, key=lambda d: (d.decided_at, d.kind, d.key))


def announce(decision: Decision) -> None:
    decision_made.send(sender=Decision, decision=decision)
