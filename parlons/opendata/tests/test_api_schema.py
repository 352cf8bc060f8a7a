"""Schemathesis against the OpenAPI document: no server error, every answer as documented.

Kept small (a few examples per operation) so the suite stays fast; run it
longer with SCHEMATHESIS_EXAMPLES=200. Driven from hypothesis directly:
schemathesis' pytest plugin does not run under pytest 9 yet.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))

pytestmark = pytest.mark.django_db


def test_every_operation_answers_as_documented(debate, meeting):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
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
