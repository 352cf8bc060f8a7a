"""A paper ballot's receipt proves it was recorded; it never leads back to the ballot."""

import re

import pytest
from django.core.exceptions import ValidationError

from parlons.budgets import services
from parlons.budgets.models import BallotChoice, PaperBallot, VoterRecord
from parlons.budgets.tests.conftest import project_ids
from parlons.conftest import login_staff
from parlons.privacy import receipts
from parlons.privacy.models import Receipt, RequestChannel, RightsRequest

pytestmark = pytest.mark.django_db


def test_a_paper_ballot_gets_a_receipt_only_when_asked(budget, mediator):
    garden, skate = project_ids(budget, "Jardin partagé", "Skatepark")
    plain = services.enter_paper_ballot(
        actor=mediator, budget=budget, number="B-1", choices={garden: 1}
    )
    assert not hasattr(plain, "issued_receipt") and Receipt.objects.count() == 0
    ballot = services.enter_paper_ballot(
        actor=mediator, budget=budget, number="B-2", choices={skate: 1}, with_receipt=True
    )
    receipt = ballot.issued_receipt.receipt
    record = VoterRecord.objects.get(voter_key="paper:B-2")
    assert (receipt.item_kind, receipt.item_id) == ("budgets.paper_ballot", record.pk)
    assert receipt.title == (
        "Bulletin papier n° B-2 enregistré dans le vote « Budget participatif 2027 »"
    )
    # Nothing of the choices, no ballot id, and the day only (as the ballot's own date).
    assert receipt.summary == ""
    row = " ".join(str(v) for v in Receipt.objects.filter(pk=receipt.pk).values().get().values())
    assert str(ballot.pk) not in row and "Skatepark" not in row
    for choice in BallotChoice.objects.all():
        assert str(choice.pk) not in row
    local = receipt.recorded_at.astimezone()
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_a_paper_ballot_cannot_be_withdrawn_with_its_receipt(budget, mediator, dpo):
    garden = project_ids(budget, "Jardin partagé")[0]
    ballot = services.enter_paper_ballot(
        actor=mediator, budget=budget, number="B-3", choices={garden: 1}, with_receipt=True
    )
    receipt = ballot.issued_receipt.receipt
    refusal = receipts.withdrawal_refusal(receipt)
    assert refusal.startswith("Un bulletin de vote déposé ne peut pas être retiré")
    with pytest.raises(ValidationError, match="ne peut pas être retiré"):
        receipts.request_withdrawal(
            actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT
        )
    assert RightsRequest.objects.count() == 0 and PaperBallot.objects.count() == 1


def test_the_officer_prints_the_receipt_and_the_voter_reads_it(client, budget, mediator):
    login_staff(client, mediator)
    url = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/"
    garden = project_ids(budget, "Jardin partagé")[0]
    assert 'name="receipt"' in client.get(url).content.decode()
    done = client.post(url, {"number": "12", "choice": [garden], "action": "save", "receipt": "1"})
    receipt = Receipt.objects.get()
    assert done["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/"
    printed = client.get(done["Location"]).content.decode()
    code = re.search(r'id="receipt-code">([^<]+)<', printed).group(1)
    assert "Bulletin papier n° 12" in printed and "Jardin partagé" not in printed
    client.logout()
    client.post("/confidentialite/recu/", {"code": code})
    shown = client.get("/confidentialite/recu/lu/").content.decode()
    assert "Bulletin papier n° 12" in shown and "Jardin partagé" not in shown
    assert "ne peut pas être retiré" in shown and "Demander le retrait</button>" not in shown
