"""An accepted proposal becomes a tracked decision, through the decisions seam alone."""

from decimal import Decimal

import pytest

from parlons.followup.models import TrackedResult
from parlons.privacy.publication import create_published
from parlons.proposals import services
from parlons.proposals.components import PROPOSE, SUPPORT
from parlons.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_an_accepted_proposal_is_followed_up_once_and_kept_in_step(make_process, citizen, expert):
    process = make_process(open=(PROPOSE, SUPPORT))
    proposal = create_published(
        Proposal,
        process=process,
        author=citizen,
        title="Un abri vélo à la gare",
        body="Un abri couvert pour vingt vélos devant la gare.",
        estimated_cost=Decimal("12000"),
    )

    services.answer(
        actor=expert,
        proposal=proposal,
        state="accepted",
        reason="L'abri sera posé au printemps.",
        answering_body="Conseil municipal",
    )

    result = TrackedResult.objects.get(process=process)
    assert (result.source_kind, result.source_key) == ("proposal", str(proposal.pk))
    assert result.title == "Un abri vélo à la gare"
    assert result.decided_by == "Conseil municipal"
    assert result.planned_amount == Decimal("12000")

    services.answer(
        actor=expert,
        proposal=proposal,
        state="accepted",
        reason="L'abri sera posé à l'été.",
        answering_body="Conseil communautaire",
    )
    assert TrackedResult.objects.filter(process=process).count() == 1
    assert TrackedResult.objects.get(process=process).decided_by == "Conseil communautaire"
