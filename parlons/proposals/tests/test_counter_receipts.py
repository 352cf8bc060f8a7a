"""Proposals and supports recorded at the counter get a receipt; with it they are withdrawn."""

import re

import pytest
from django.urls import reverse

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.privacy import receipts
from parlons.privacy.models import Receipt, RequestChannel
from parlons.proposals import services
from parlons.proposals.models import Proposal, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediated(process, mediator):
    return services.submit_on_behalf(
        actor=mediator,
        process=process,
        title="Un abri vélo",
        body="À la gare, un abri couvert.",
        consent=True,
        display_label="Un habitant de Saint-Essai",
    )


def _withdraw(receipt, dpo):
    receipts.request_withdrawal(actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT)
    receipts.withdraw_item(actor=dpo, receipt=receipt)


def test_a_mediated_proposal_is_withdrawn_with_its_receipt(mediated, dpo, client, process):
    receipt = mediated.issued_receipt.receipt
    assert receipt.title.startswith("Proposition « Un abri vélo »")
    assert receipt.summary == "À la gare, un abri couvert."
    _withdraw(receipt, dpo)
    mediated.refresh_from_db()
    assert (mediated.public_title, mediated.public_body, mediated.public_display_label) == (
        services.WITHDRAWN_TITLE,
        "",
        "",
    )
    assert mediated.body == "" and mediated.display_label == ""
    page = client.get(mediated.get_absolute_url()).content.decode()
    assert "abri couvert" not in page and "Saint-Essai" not in page
    assert AuditEntry.objects.filter(action="proposals.withdraw_on_request", actor=dpo).exists()


def test_a_mediated_support_is_withdrawn_and_uncounted(mediated, mediator, dpo):
    first = services.support_on_behalf(actor=mediator, proposal=mediated, consent=True)
    services.support_on_behalf(actor=mediator, proposal=mediated, consent=True)
    receipt = first.issued_receipt.receipt
    assert (receipt.item_kind, receipt.item_id) == ("proposals.support", first.pk)
    assert receipt.title.startswith("Soutien à la proposition « Un abri vélo »")
    _withdraw(receipt, dpo)
    assert not Support.objects.filter(pk=first.pk).exists()
    assert Proposal.objects.get(pk=mediated.pk).support_count == 1


def test_the_counter_pages_lead_to_the_printed_receipts(client, mediator, process):
    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/propositions/guichet/"
    saved = client.post(url, {"title": "Des bancs", "body": "Place du marché.", "consent": "on"})
    proposal = Proposal.objects.get()
    receipt = Receipt.objects.get(item_kind="proposals.proposal")
    assert saved["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/", saved
    assert re.search(r'id="receipt-code">', client.get(saved["Location"]).content.decode())
    support_url = reverse("proposals:support_on_behalf", args=[process.slug, proposal.pk])
    supported = client.post(support_url, {"consent": "on"})
    receipt = Receipt.objects.get(item_kind="proposals.support")
    assert supported["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/"
    assert client.post(supported["Location"])["Location"] == proposal.get_absolute_url()
