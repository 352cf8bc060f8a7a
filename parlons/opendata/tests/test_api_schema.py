"""Schemathesis against the OpenAPI document: no server error, every answer as documented.

Kept small (a few examples per operation) so the suite stays fast; run it
longer with SCHEMATHESIS_EXAMPLES=200. Driven from hypothesis directly:
schemathesis' pytest plugin does not run under pytest 9 yet.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from parlons.core.datasets import all_datasets

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection_kept():
    """As Django's test client does: the request's end must not close the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_operation_answers_as_documented(debate, meeting, participation, connection_kept):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    # Three hand-written (démarches, one démarche, its phases), then two lists per other
    # dataset of the démarches: under the démarche's path, and with the démarche as a
    # parameter; one list per table of the territory (the library of initiatives).
    generated = [
        d for d in all_datasets() if d.name not in ("demarches", "phases") and not d.territory_wide
    ]
    territory = [d for d in all_datasets() if d.territory_wide]
    assert territory and len(operations) == 3 + 2 * len(generated) + len(territory)
    labels = {operation.label for operation in operations}
    assert {f"GET /api/v1/demarches/{{slug}}/{d.name}" for d in generated} <= labels
    assert {f"GET /api/v1/{d.name}" for d in generated} <= labels
    assert "GET /api/v1/initiatives" in labels
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()
