"""Rights hooks and held proposals: export, erasure keeps counts, spam signs hold a proposal."""

import pytest
from django.core.exceptions import ValidationError

from parlons.proposals import services
from parlons.proposals.models import Proposal, State
from parlons.proposals.privacy import ERASED_TEXT, anonymise_user, export_user_data

pytestmark = pytest.mark.django_db


def test_export_and_erasure(citizen, other_citizen, propose):
    mine = propose(citizen, title="Un abri vélo")
    services.support(actor=citizen, proposal=propose(other_citizen))
    exported = export_user_data(citizen)
    assert [item["title"] for item in exported["proposals"]] == ["Un abri vélo"]
    assert len(exported["supports"]) == 1
    anonymise_user(citizen, keep_contributions=False)
    mine.refresh_from_db()
    assert mine.author is None and mine.public_body == ERASED_TEXT
    other = Proposal.objects.exclude(pk=mine.pk).get()
    assert other.support_count == 1 and other.supports.get().user is None


def test_a_proposal_with_spam_signs_is_held_then_published(client, citizen, expert, process):
    proposal = services.submit_proposal(
        actor=citizen,
        process=process,
        title="Argent facile",
        body="Cliquez ici https://a.invalid https://b.invalid https://c.invalid argent facile",
    )
    assert proposal.held_for_review and "lien" in proposal.held_explanation
    assert client.get(proposal.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        services.support(actor=expert, proposal=proposal)
    services.release(actor=expert, proposal=proposal)
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_an_answered_proposal_takes_no_more_supports(citizen, other_citizen, expert, propose):
    proposal = propose(citizen)
    services.answer(actor=expert, proposal=proposal, state=State.DONE, answering_body="Mairie")
    with pytest.raises(ValidationError, match="réponse officielle"):
        services.support(actor=other_citizen, proposal=proposal)
