"""The demo démarche holds proposals with supports and a few official answers, one accepted."""

import pytest

from parlons.core.models import AuditEntry
from parlons.demo.loader import load_demo
from parlons.processes.decisions import collect_decisions
from parlons.processes.models import Process
from parlons.proposals.models import Proposal, State, Support

pytestmark = pytest.mark.django_db


def test_the_demo_has_proposals_supports_and_answers(client):
    assert load_demo() is True
    process = Process.objects.get(slug="transition-numerique")
    proposals = Proposal.objects.filter(process=process)
    assert proposals.count() == 15
    assert Support.objects.filter(proposal__process=process).count() >= 60
    for proposal in proposals:
        assert proposal.support_count == proposal.supports.count()
    states = set(proposals.values_list("state", flat=True))
    assert {State.ACCEPTED, State.MERGED, State.REJECTED, State.UNDER_STUDY} <= states
    assert proposals.filter(source="counter").exists()
    # A picture, an edit with its earlier version, a withdrawal with its trace.
    assert proposals.exclude(image="").count() == 1
    assert proposals.filter(edited_at__isnull=False, revisions__isnull=False).count() == 1
    withdrawn = proposals.get(state=State.WITHDRAWN)
    assert withdrawn.public_title == "" and withdrawn.support_count > 0
    listing = client.get(f"/demarches/{process.slug}/propositions/").content.decode()
    assert "14 propositions" in listing and "card-image-placeholder" in listing
    assert len(collect_decisions(process, kind="proposal")) == 1
    assert AuditEntry.objects.filter(action="proposals.submit").count() == 14
    page = client.get(f"/demarches/{process.slug}/propositions/?tri=soutiens")
    assert page.status_code == 200 and "Fusionnée avec" in page.content.decode()
