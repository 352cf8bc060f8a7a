"""A proposal's masking, look-alike terms and spam score run before its transaction (decision 0019).

As for contributions: the scrubber and the spam score are watched during real
filings, counter entries and edits (the pages, with their one-time token), and
must never run with `connection.in_atomic_block`; what is stored is what it was.
"""

import pytest
from django.urls import reverse

from parlons.conftest import form_token_of, login_staff
from parlons.core.models import AuditEntry, UsedFormToken
from parlons.proposals import services
from parlons.proposals.models import Proposal
from parlons.proposals.similar import joined_terms

pytestmark = pytest.mark.django_db(transaction=True)  # a real transaction, as in production

SPAM = "Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo"
PRIVATE = "Appelez Jean Martin au 06 12 34 56 78 pour le covoiturage vers la gare."


def test_a_proposal_is_masked_and_scored_before_its_transaction(client, process, citizen, watched):
    client.force_login(citizen)
    url = reverse("proposals:propose", args=[process.slug])
    data = {
        "title": "Un covoiturage vers la gare",
        "body": PRIVATE,
        "confirm": "1",
        "form_token": form_token_of(client.get(url).content.decode()),
    }
    watched.clear()
    assert client.post(url, data).status_code == 302
    assert {what for what, _inside in watched} == {"mask", "spam"}
    assert [inside for _what, inside in watched if inside] == []
    saved = Proposal.objects.get()
    assert saved.body == PRIVATE and "06 12 34 56 78" not in saved.public_body
    assert saved.public_terms == joined_terms(saved.public_title, saved.public_body)
    assert not saved.held_for_review
    assert client.post(url, data).status_code == 302  # sent twice: saved once
    assert Proposal.objects.count() == 1 == UsedFormToken.objects.count()
    assert AuditEntry.objects.filter(action="proposals.submit").count() == 1


def test_a_spam_proposal_is_still_held_and_the_one_call_service_prepares_first(
    process, citizen, watched
):
    proposal = services.submit_proposal(
        actor=citizen, process=process, title="Une offre", body=SPAM
    )
    assert proposal.held_for_review and proposal.held_explanation
    assert [inside for _what, inside in watched if inside] == []


def test_an_edit_is_masked_and_scored_before_its_transaction(
    client, process, citizen, propose, watched
):
    proposal = propose(citizen)
    client.force_login(citizen)
    url = reverse("proposals:edit", args=[process.slug, proposal.pk])
    watched.clear()
    response = client.post(url, {"title": "Un covoiturage", "body": PRIVATE})
    assert response.status_code == 302
    assert {what for what, _inside in watched} == {"mask", "spam"}
    assert [inside for _what, inside in watched if inside] == []
    proposal.refresh_from_db()
    assert proposal.body == PRIVATE and "06 12 34 56 78" not in proposal.public_body
    assert proposal.public_title == "Un covoiturage"
    assert proposal.public_terms == joined_terms(proposal.public_title, proposal.public_body)
    assert proposal.revisions.count() == 1
    watched.clear()
    assert client.post(url, {"title": "Un covoiturage", "body": SPAM}).status_code == 302
    assert [inside for _what, inside in watched if inside] == []
    proposal.refresh_from_db()
    assert proposal.held_for_review


def test_the_counter_masks_before_its_transaction(client, process, mediator, watched):
    login_staff(client, mediator)
    url = reverse("proposals:counter", args=[process.slug])
    data = {
        "title": "Un abri vélo",
        "body": PRIVATE,
        "consent": "on",
        "form_token": form_token_of(client.get(url).content.decode()),
    }
    watched.clear()
    assert client.post(url, data).status_code == 302
    assert ("mask", False) in watched
    assert [inside for _what, inside in watched if inside] == []
    saved = Proposal.objects.get()
    assert "06 12 34 56 78" not in saved.public_body and saved.consent_at == saved.created_at
    assert saved.public_terms == joined_terms(saved.public_title, saved.public_body)
    assert client.post(url, data).status_code == 302
    assert Proposal.objects.count() == 1
