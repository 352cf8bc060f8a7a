"""Replies and official answers tell the author by e-mail, with their choices respected."""

import pytest
from django.core import mail

from parlons.accounts.models import PendingNotification, User
from parlons.accounts.notifications import send_digests
from parlons.debates import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reply_notifies_the_author_of_the_parent(process, citizen, other_citizen, contribute):
    parent = contribute(citizen, "Des ateliers le samedi à la médiathèque.")
    reply = services.reply(
        actor=other_citizen, parent=parent, body="Et le mercredi pour les enfants."
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert message.subject == "Nouvelle réponse à votre contribution"
    assert "dominique a répondu à votre contribution" in message.body
    assert "Et le mercredi pour les enfants." in message.body
    assert reply.get_absolute_url() in message.body
    assert "/compte/courriels/" in message.body


def test_replying_to_oneself_sends_nothing(process, citizen, contribute):
    services.reply(actor=citizen, parent=contribute(citizen), body="Je précise ma pensée.")
    assert mail.outbox == []


def test_a_mediated_contribution_without_account_notifies_nobody(
    process, mediator, other_citizen, expert
):
    mediated = services.submit_on_behalf(
        actor=mediator, process=process, body="Texte du guichet.", consent=True
    )
    services.reply(actor=other_citizen, parent=mediated, body="Bonne idée.")
    services.answer_officially(actor=expert, contribution=mediated, body="Merci, c'est noté.")
    assert mail.outbox == []


def test_an_official_answer_notifies_the_author(process, citizen, expert, contribute):
    contribution = contribute(citizen)
    services.answer_officially(
        actor=expert, contribution=contribution, body="Un atelier ouvrira en avril."
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Réponse officielle à votre contribution"
    assert "Claire Expert, Chargée de mission mobilités (Expert·e ou élu·e)" in message.body
    assert "Un atelier ouvrira en avril." in message.body


def test_an_opt_out_is_respected(process, citizen, other_citizen, expert, contribute):
    User.objects.filter(pk=citizen.pk).update(notify_replies=False)
    citizen.refresh_from_db()
    contribution = contribute(citizen)
    services.reply(actor=other_citizen, parent=contribution, body="Réponse.")
    assert mail.outbox == []
    services.answer_officially(actor=expert, contribution=contribution, body="Réponse officielle.")
    assert len(mail.outbox) == 1, "answers are another kind, still wanted"


def test_digest_people_get_replies_in_their_daily_email(
    process, citizen, other_citizen, contribute
):
    User.objects.filter(pk=citizen.pk).update(daily_digest=True)
    citizen.refresh_from_db()
    contribution = contribute(citizen)
    services.reply(actor=other_citizen, parent=contribution, body="Première réponse.")
    services.reply(actor=other_citizen, parent=contribution, body="Deuxième réponse.")
    assert mail.outbox == []
    assert PendingNotification.objects.filter(user=citizen, kind="replies").count() == 2
    assert send_digests() == 1
    assert "Première réponse." in mail.outbox[0].body
    assert "Deuxième réponse." in mail.outbox[0].body


def test_personal_data_in_a_reply_is_masked_in_the_email(
    process, citizen, other_citizen, contribute
):
    services.reply(
        actor=other_citizen, parent=contribute(citizen), body="Appelez le 06 12 34 56 78."
    )
    assert "06 12 34 56 78" not in mail.outbox[0].body
