"""Reminders: one e-mail per confirmed person, once, the day before; opting out is respected."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from parlons.accounts.models import User
from parlons.conftest import make_person
from parlons.core.models import AuditEntry
from parlons.meetings import services
from parlons.meetings.models import Registration


@pytest.mark.django_db(transaction=True)
def test_confirmed_people_are_reminded_once_and_opted_out_people_not(
    territory, make_meeting, capsys
):
    soon = make_meeting(title="Demain soir", days=0.5, capacity=2)
    later = make_meeting(title="Dans trois jours", days=3)
    eager, quiet, waiting = (make_person(territory, name) for name in ("eager", "quiet", "patient"))
    for person in (eager, quiet, waiting):
        services.register(actor=person, meeting=soon)
    services.register(actor=eager, meeting=later)
    User.objects.filter(pk=quiet.pk).update(notify_meetings=False)
    mail.outbox.clear()

    call_command("send_meeting_reminders")
    assert "1 rappel(s) de réunion envoyé(s)." in capsys.readouterr().out
    assert [message.to for message in mail.outbox] == [[eager.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Rappel : Demain soir, le ")
    assert "2 quai des Goélands, 29001 Port-Essai" in message.body
    assert "boucle magnétique" in message.body
    assert "/compte/courriels/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Registration.objects.get(user=eager, meeting=soon).reminded_at is not None
    assert Registration.objects.get(user=quiet, meeting=soon).reminded_at is None
    assert Registration.objects.get(user=waiting, meeting=soon).reminded_at is None

    call_command("send_meeting_reminders")
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="meetings.send_reminders").count() == 2


@pytest.mark.django_db(transaction=True)
def test_cancelled_and_past_meetings_get_no_reminder(organiser, citizen, make_meeting):
    cancelled = make_meeting(days=0.5)
    services.register(actor=citizen, meeting=cancelled)
    services.cancel_meeting(actor=organiser, meeting=cancelled, reason="Salle indisponible.")
    mail.outbox.clear()
    assert services.send_meeting_reminders() == 0
    assert services.send_meeting_reminders(now=timezone.now() + timedelta(days=2)) == 0
    assert mail.outbox == []
