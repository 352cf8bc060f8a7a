"""One ballot per person, held by the database when the same person sends twice at once."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from parlons.accounts.models import User
from parlons.budgets.models import VoterRecord

from .conftest import ballots, project_ids

PEOPLE = 100
SENDS_EACH = 2


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_ballots_by_100_people_give_100_ballots_and_no_error(budget):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL (PARLONS_DATABASE_URL)")
    now = timezone.now()
    people = [
        User.objects.create(
            email=f"votant{n}@exemple.test", pseudonym=f"votant{n}", email_confirmed_at=now
        )
        for n in range(PEOPLE)
    ]
    chosen = project_ids(budget, "Jardin partagé", "Skatepark")
    url = f"/demarches/{budget.process.slug}/budget/voter/"
    clients = []
    for person in people:
        for _ in range(SENDS_EACH):
            client = Client()
            client.force_login(person)
            clients.append(client)
    start = threading.Barrier(20)

    def send(client):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            response = client.post(url, {"choice": chosen, "action": "confirm"})
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, clients))
    assert statuses == [302] * (PEOPLE * SENDS_EACH)
    assert VoterRecord.objects.count() == PEOPLE
    assert ballots().count() == PEOPLE
