"""The follow-up listens to the decisions other apps announce (parlons.processes.decisions)."""

from parlons.processes.decisions import Decision


def follow_decision(sender, decision: Decision, **kwargs) -> None:
    """Receiver of `decision_made`: track the decision in the deciding app's transaction."""
    from parlons.followup.services import track_decision

    track_decision(decision)
