"""A post's CPU work (masking, spam score) runs before its transaction opens (decision 0019).

Inside the transaction, every post held its connection "idle in transaction"
while Python masked and scored its text, and posts queued behind each other
under load. Here the scrubber and the spam score are watched during real posts
(the pages, with their one-time token): neither runs inside a transaction, and
what is stored (public copy, held for a moderator, one row per token, limits)
is what it was.
"""

import pytest
from django.test import override_settings

from parlons.conftest import form_token_of
from parlons.core.models import AuditEntry, UsedFormToken
from parlons.debates import services
from parlons.debates.models import Contribution

pytestmark = pytest.mark.django_db(transaction=True)  # a real transaction, as in production

SPAM = "Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo"
PRIVATE = "Appelez Jean Martin au 06 12 34 56 78 pour le covoiturage."


def test_a_contribution_is_masked_and_scored_before_its_transaction(
    client, process, citizen, watched
):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    data = {"body": PRIVATE, "form_token": form_token_of(client.get(url).content.decode())}
    watched.clear()
    assert client.post(url, data).status_code == 302
    assert {what for what, _inside in watched} == {"mask", "spam"}
    assert [inside for _what, inside in watched if inside] == []
    saved = Contribution.objects.get()
    assert saved.body == PRIVATE
    assert "06 12 34 56 78" not in saved.public_body and saved.public_body  # masked, stored
    assert not saved.held_for_review
    # Sent again with the same token: nothing more is written.
    assert client.post(url, data).status_code == 302
    assert Contribution.objects.count() == 1 == UsedFormToken.objects.count()
    assert AuditEntry.objects.filter(action="debates.submit").count() == 1


def test_a_reply_is_masked_and_scored_before_its_transaction_and_spam_is_still_held(
    client, process, citizen, other_citizen, contribute, watched
):
    parent = contribute(other_citizen)
    client.force_login(citizen)
    page = client.get(parent.get_absolute_url()).content.decode()
    watched.clear()
    response = client.post(
        f"/demarches/{process.slug}/contributions/{parent.pk}/repondre/",
        {"body": SPAM, "form_token": form_token_of(page)},
    )
    assert response.status_code == 302
    assert {what for what, _inside in watched} == {"mask", "spam"}
    assert [inside for _what, inside in watched if inside] == []
    answer = Contribution.objects.get(parent=parent)
    assert answer.held_for_review and answer.held_explanation  # routed to the moderators
    assert answer.root_id == parent.pk and answer.depth == 1
    assert AuditEntry.objects.get(action="debates.reply").data["held_for_review"] is True


def test_the_one_call_service_also_prepares_before_its_transaction(process, citizen, watched):
    """The CLI, tasks and the demo call `submit_contribution`: prepared, then written."""
    contribution = services.submit_contribution(actor=citizen, process=process, body=PRIVATE)
    assert contribution.pk and "06 12 34 56 78" not in contribution.public_body
    assert [inside for _what, inside in watched if inside] == []


@override_settings(PARLONS_LIMITS={"contribution_account": (1, 600)})
def test_a_person_over_the_limit_is_refused_before_any_masking(client, process, citizen, watched):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    assert client.post(url, {"body": "Une idée."}).status_code == 302
    watched.clear()
    refused = client.post(url, {"body": "Une autre idée."})
    assert refused.status_code == 429
    assert watched == []  # refused by the limit, as before: no text was masked or scored
    assert Contribution.objects.count() == 1


def test_the_workers_start_with_the_scrubber_lists_and_the_search_lemmas_loaded():
    """Loaded by parlons.wsgi before gunicorn forks: the first posts do not load them."""
    import subprocess
    import sys

    code = (
        "import parlons.wsgi\n"
        "from parlons.privacy.scrubber.lexicon import load_lexicon\n"
        "from parlons.synthesis.engine.text import default_lexicon\n"
        "import simplemma\n"
        "print(load_lexicon.cache_info().currsize, default_lexicon.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["1", "1"]


def test_an_edit_is_masked_and_scored_before_its_transaction_and_spam_is_still_held(
    client, process, citizen, contribute, watched
):
    contribution = contribute(citizen)
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/modifier/"
    watched.clear()
    assert client.post(url, {"title": "", "body": PRIVATE}).status_code == 302
    assert {what for what, _inside in watched} == {"mask", "spam"}
    assert [inside for _what, inside in watched if inside] == []
    contribution.refresh_from_db()
    assert contribution.body == PRIVATE and contribution.public_body
    assert "06 12 34 56 78" not in contribution.public_body
    assert contribution.revisions.count() == 1 and not contribution.held_for_review
    watched.clear()
    assert client.post(url, {"title": "", "body": SPAM}).status_code == 302
    assert [inside for _what, inside in watched if inside] == []
    contribution.refresh_from_db()
    assert contribution.held_for_review and contribution.held_explanation
    assert AuditEntry.objects.filter(action="debates.edit").count() == 2


def test_the_counter_masks_before_its_transaction_and_saves_once_per_token(
    client, process, mediator, watched
):
    from parlons.conftest import login_staff

    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/guichet/"
    data = {
        "body": PRIVATE,
        "consent": "on",
        "display_label": "Une habitante",
        "form_token": form_token_of(client.get(url).content.decode()),
    }
    watched.clear()
    assert client.post(url, data).status_code == 302
    assert ("mask", False) in watched
    assert [inside for _what, inside in watched if inside] == []
    saved = Contribution.objects.get()
    assert "06 12 34 56 78" not in saved.public_body and saved.public_body
    assert saved.consent_at == saved.created_at and saved.entered_by == mediator
    assert client.post(url, data).status_code == 302  # sent twice: one contribution, one receipt
    assert Contribution.objects.count() == 1
    assert AuditEntry.objects.filter(action="debates.submit_on_behalf").count() == 1
