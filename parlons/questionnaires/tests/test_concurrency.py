"""One response per person, held by the database even when two requests race (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from parlons.questionnaires import services
from parlons.questionnaires.models import Response

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writes need PostgreSQL"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_make_one_response(survey, citizen):
    from django.db import connections

    barrier = threading.Barrier(4)
    found: list[int] = []
    errors: list[BaseException] = []

    def start():
        try:
            barrier.wait()
            found.append(
                services.start_response(actor=citizen, questionnaire=survey["questionnaire"]).pk
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(found)) == 1
    assert Response.objects.filter(respondent=citizen).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_response_per_person(survey, citizen):
    from django.db import IntegrityError

    Response.objects.create(questionnaire=survey["questionnaire"], respondent=citizen)
    with pytest.raises(IntegrityError):
        Response.objects.create(questionnaire=survey["questionnaire"], respondent=citizen)
