"""One-time form tokens: a form sent twice is saved once, and a refused form may be sent again."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from parlons.core import audit
from parlons.core.models import AuditEntry, UsedFormToken
from parlons.core.once import AlreadySent, once

pytestmark = pytest.mark.django_db


def post(user, token="jeton-de-test"):
    request = RequestFactory().post("/", {"form_token": token} if token else {})
    request.user = user
    return request


def write(user):
    def save():
        audit.record(user, "test.once", user)
        return AuditEntry.objects.filter(action="test.once").latest("pk")

    return save


def test_the_second_send_of_a_token_writes_nothing_and_leads_to_the_first_result(citizen):
    first = once(post(citizen), write(citizen), url=lambda entry: f"/resultat/{entry.pk}/")
    with pytest.raises(AlreadySent) as sent:
        once(post(citizen), write(citizen), url=lambda entry: "/jamais/")
    assert sent.value.url == f"/resultat/{first.pk}/"
    assert AuditEntry.objects.filter(action="test.once").count() == 1
    stored = UsedFormToken.objects.get()
    assert "jeton-de-test" not in stored.key and len(stored.key) == 64


def test_a_refused_send_gives_its_token_back(citizen):
    def refuse():
        write(citizen)()
        raise ValidationError("non")

    with pytest.raises(ValidationError):
        once(post(citizen), refuse, url=lambda _r: "/")
    assert (UsedFormToken.objects.count(), AuditEntry.objects.count()) == (0, 0)
    once(post(citizen), write(citizen), url=lambda _r: "/")
    assert AuditEntry.objects.filter(action="test.once").count() == 1


def test_a_token_belongs_to_who_sent_it_and_no_token_means_no_protection(citizen, other_citizen):
    once(post(citizen), write(citizen), url=lambda _r: "/")
    once(post(other_citizen), write(other_citizen), url=lambda _r: "/")  # not blocked
    once(post(citizen, token=""), write(citizen), url=lambda _r: "/")
    once(post(citizen, token=""), write(citizen), url=lambda _r: "/")
    assert AuditEntry.objects.filter(action="test.once").count() == 4
    assert UsedFormToken.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_processes_receiving_the_same_form_at_once_write_it_once(citizen):
    """Two connections stand for two web processes: the unique key makes the second wait."""
    import threading
    import time

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory shares one cache between threads: no real concurrency")
    start = threading.Barrier(2)
    outcomes = []

    def send():
        def slow_save():
            entry = write(citizen)()
            time.sleep(0.3)  # the other send arrives while this one is still writing
            return entry

        try:
            start.wait()
            entry = once(post(citizen), slow_save, url=lambda e: f"/resultat/{e.pk}/")
            outcomes.append(("saved", f"/resultat/{entry.pk}/"))
        except AlreadySent as sent:
            outcomes.append(("already sent", sent.url))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entry = AuditEntry.objects.get(action="test.once")
    assert sorted(outcomes) == [
        ("already sent", f"/resultat/{entry.pk}/"),
        ("saved", f"/resultat/{entry.pk}/"),
    ]
