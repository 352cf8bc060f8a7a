"""Posts the spam score holds wait for a moderator: out of public pages, never deleted."""

from html import escape

import pytest
from django.core import mail

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates import services
from parlons.debates.models import Contribution
from parlons.debates.queries import public_contributions

pytestmark = pytest.mark.django_db(transaction=True)

SPAM = "Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo"


def test_a_suspicious_contribution_waits_and_says_so_to_its_author(client, process, citizen):
    client.force_login(citizen)
    response = client.post(
        f"/demarches/{process.slug}/contributions/nouvelle/", {"body": SPAM}, follow=True
    )
    page = response.content.decode()
    assert "Il sera publié après une vérification" in page
    assert "En attente de vérification" in page and escape(SPAM) in page  # its author sees it
    held = Contribution.objects.get()
    assert held.held_for_review
    assert held.held_explanation == (
        "Probabilité estimée de contenu indésirable : 96 %. "
        "expression fréquente dans le spam : « gagnez de l'argent » ; "
        "expression fréquente dans le spam : « cliquez ici » ; "
        "compte créé il y a moins d'un jour ; 1 lien."
    )
    assert list(public_contributions(process)) == []
    client.logout()
    listing = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert escape(SPAM) not in listing and "cliquez ici" not in listing
    assert client.get(held.get_absolute_url()).status_code == 404
    audit = AuditEntry.objects.get(action="debates.submit")
    assert audit.data["held_for_review"] is True


def test_a_moderator_publishes_it_and_the_parent_author_hears_of_the_reply_then(
    client, process, citizen, other_citizen, moderator, contribute
):
    parent = contribute(citizen, "Un car le dimanche, ce serait bien.")
    reply = services.reply(actor=other_citizen, parent=parent, body=SPAM)
    assert reply.held_for_review and mail.outbox == []  # nobody is told of a held reply
    login_staff(client, moderator)
    page = client.get("/demarches/equipe/moderation/").content.decode()
    assert "1 message mis de côté avant publication" in page
    assert "expression fréquente dans le spam : « cliquez ici »" in page
    response = client.post(f"/demarches/{process.slug}/contributions/{reply.pk}/publier/")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert not reply.held_for_review and not reply.is_hidden
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [citizen.email]
    assert AuditEntry.objects.filter(action="debates.release", actor=moderator).count() == 1


def test_hiding_a_held_post_keeps_its_trace_and_teaches_the_score(process, citizen, moderator):
    from parlons.core.spam import learnt_model

    held = services.submit_contribution(actor=citizen, process=process, body=SPAM)
    services.hide(actor=moderator, contribution=held, reason="Publicité.")
    held.refresh_from_db()
    assert (held.is_hidden, held.held_for_review) == (True, False)
    assert Contribution.objects.filter(pk=held.pk).exists()  # never deleted
    assert learnt_model().spam_texts == 1


def test_an_ordinary_post_is_published_at_once(process, citizen):
    contribution = services.submit_contribution(
        actor=citizen, process=process, body="Il faudrait un atelier numérique le samedi."
    )
    assert not contribution.held_for_review and contribution.held_explanation == ""
    assert list(public_contributions(process)) == [contribution]


def test_only_moderators_publish_a_held_post(process, citizen, other_citizen):
    from django.core.exceptions import PermissionDenied

    held = services.submit_contribution(actor=citizen, process=process, body=SPAM)
    with pytest.raises(PermissionDenied):
        services.release(actor=other_citizen, contribution=held)
