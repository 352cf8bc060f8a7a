"""The decisions seam: apps announce decisions, receivers hear each one."""

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

from parlons.processes.decisions import Decision, announce, collect_decisions, decision_made


def make_decision(key: str = "1") -> Decision:
    return Decision(
        kind="proposal",
        key=key,
        process_id=1,
        title="Un abri vélo à la gare",
        summary="Accepté : l'abri sera posé au printemps.",
        url="/demarches/mobilites/propositions/1/",
        decided_at=datetime(2026, 12, 1, tzinfo=UTC),
        decided_by="Conseil municipal",
        amount=Decimal("12000"),
    )


def test_announce_reaches_every_receiver_with_the_decision(make_process):
    heard = []

    def receiver(sender, decision, **kwargs):
        heard.append(decision)

    decision_made.connect(receiver, weak=False)
    try:
        announce(dataclasses.replace(make_decision("7"), process_id=make_process().pk))
    finally:
        decision_made.disconnect(receiver)
    assert [(d.kind, d.key, d.amount) for d in heard] == [("proposal", "7", Decimal("12000"))]


def test_collect_decisions_is_empty_when_no_app_provides_any(db):
    class Process:
        pk = 1

    assert collect_decisions(Process()) == []
