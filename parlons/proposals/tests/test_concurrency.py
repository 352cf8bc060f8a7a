"""Two sends of the same support at the same moment: one support, no error (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from parlons.proposals import services
from parlons.proposals.models import Support

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_double_supports_give_one_support_and_no_error(citizen, other_citizen, propose):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory shares one cache between threads: no real concurrency")
    proposal = propose(other_citizen)
    start = threading.Barrier(4)
    outcomes, errors = [], []

    def send():
        try:
            start.wait()
            _item, created = services.support(actor=citizen, proposal=proposal)
            outcomes.append(created)
        except Exception as error:  # any error would be a 500 for the person
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    proposal.refresh_from_db()
    assert errors == []
    assert sorted(outcomes) == [False, False, False, True]
    assert Support.objects.filter(proposal=proposal).count() == 1 == proposal.support_count


def test_concurrent_supports_of_different_people_are_all_counted(
    citizen, other_citizen, territory, propose
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory shares one cache between threads: no real concurrency")
    from parlons.conftest import make_person

    people = [make_person(territory, f"personne{n}") for n in range(5)]
    proposal = propose(other_citizen)
    start = threading.Barrier(len(people))
    errors = []

    def send(person):
        try:
            start.wait()
            services.support(actor=person, proposal=proposal)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    proposal.refresh_from_db()
    assert errors == [] and proposal.support_count == 5 == proposal.supports.count()
