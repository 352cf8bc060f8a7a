"""Small factories for the proposals' tests, on top of the shared personas."""

import pytest

from parlons.privacy.publication import create_published
from parlons.proposals.components import PROPOSE, SUPPORT
from parlons.proposals.models import Proposal
from parlons.proposals.similar import joined_terms

OPEN = (PROPOSE, SUPPORT)


@pytest.fixture
def process(make_process):
    return make_process(open=OPEN)


@pytest.fixture
def propose(process):
    """propose(author, title=..., body=..., **fields): a proposal written directly, with its copies."""

    def build(
        author,
        title="Des bancs le long de la rivière",
        body="Installer des bancs tous les deux cents mètres sur le chemin de la rivière.",
        **fields,
    ):
        proposal = create_published(
            Proposal,
            process=fields.pop("process", process),
            author=author,
            title=title,
            body=body,
            **fields,
        )
        proposal.public_terms = joined_terms(proposal.public_title, proposal.public_body)
        proposal.save(update_fields=["public_terms"])
        return proposal

    return build
