"""Nobody can tie a ballot to the person who cast it: a test tries every field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.budgets.models import Ballot, BallotChoice, VoterRecord

from .conftest import ballots, vote_for

pytestmark = pytest.mark.django_db


def test_no_field_of_a_ballot_leads_to_its_voter(budget, personas):
    voters = [personas[role] for role in ("citizen", "mediator", "moderator", "expert")]
    started = timezone.now()
    for voter, title in zip(
        voters, ["Jardin partagé", "Skatepark", "Bancs et fontaines", "Skatepark"], strict=True
    ):
        vote_for(voter, budget, title)

    # No foreign key, on a ballot or a choice, to a person or to the voter record.
    for model in (Ballot, BallotChoice):
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert VoterRecord not in targets
        assert not any(t._meta.label == "accounts.User" for t in targets), model
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "budget", "cast_on"}
    assert {f.name for f in BallotChoice._meta.concrete_fields} == {
        "id",
        "ballot",
        "project",
        "points",
    }
    # The day only: no time to compare with the audit log or the voter records.
    assert set(ballots().values_list("cast_on", flat=True)) == {timezone.localdate()}
    # Random ids: their order is not the order of voting.
    records = list(VoterRecord.objects.order_by("pk").values_list("voter_id", flat=True))
    assert records == [v.pk for v in voters]
    ballot_ids = [b.pk for b in ballots().all()]
    assert all(b.version == 4 for b in ballot_ids)
    assert not any(str(v.pk) == str(b) for v in voters for b in ballot_ids)
    # A voter record holds no date either: nothing to line up with ballots.
    assert {f.name for f in VoterRecord._meta.concrete_fields} == {
        "id",
        "budget",
        "voter",
        "voter_key",
    }
    # The audit log says who voted, never which ballot.
    from parlons.core.models import AuditEntry

    for entry in AuditEntry.objects.filter(
        action="budgets.vote", created_at__gte=started - timedelta(seconds=1)
    ):
        assert entry.target_type == "budgets.budget"
        assert not any(str(b) in str(entry.data) for b in ballot_ids)
