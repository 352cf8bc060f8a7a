"""Notifications: sent at once or kept for the digest, always with a one-click opt-out."""

import pytest
from django.core import mail
from django.db import transaction

from parlons.accounts.models import PendingNotification, User
from parlons.accounts.notifications import notify, send_digests
from parlons.accounts.optout import optout_token


@pytest.fixture
def template(tmp_path, settings):
    folder = tmp_path / "templates" / "test"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("Bonjour {{ user.pseudonym }}, {{ what }}.", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    return "test/note.txt"


def send(user, template, what="quelqu'un vous a répondu", kind="replies"):
    with transaction.atomic():
        return notify(
            user=user,
            kind=kind,
            subject="Nouvelle réponse",
            template=template,
            context={"what": what},
        )


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_mailed_with_a_one_click_optout(citizen, template):
    assert send(citizen, template) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert "Bonjour camille, quelqu'un vous a répondu." in message.body
    assert "/compte/courriels/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


@pytest.mark.django_db(transaction=True)
def test_the_optout_link_stops_that_kind_and_can_be_undone(client, citizen, template):
    token = optout_token(citizen, "replies")
    response = client.get(f"/compte/courriels/{token}/")
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.notify_replies is False
    assert send(citizen, template) is False
    assert mail.outbox == []
    client.post(f"/compte/courriels/{token}/", {"enable": "1"})
    citizen.refresh_from_db()
    assert citizen.notify_replies is True


@pytest.mark.django_db
def test_an_altered_optout_token_changes_nothing(client, citizen):
    token = optout_token(citizen, "replies")[:-2] + "xx"
    response = client.get(f"/compte/courriels/{token}/")
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.notify_replies is True


@pytest.mark.django_db(transaction=True)
def test_digest_people_get_one_email_a_day(citizen, template):
    User.objects.filter(pk=citizen.pk).update(daily_digest=True)
    citizen.refresh_from_db()
    send(citizen, template, what="première réponse")
    send(citizen, template, what="deuxième réponse")
    assert mail.outbox == []
    assert PendingNotification.objects.filter(user=citizen, sent_at=None).count() == 2
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    assert "première réponse" in mail.outbox[0].body and "deuxième réponse" in mail.outbox[0].body
    assert send_digests() == 0
