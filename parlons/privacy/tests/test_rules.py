"""Who may read the audit log, handle rights requests, file one at the counter: by role."""

import pytest

from parlons.conftest import ROLES
from parlons.privacy import rules

COVERED_RULES = {
    "can_read_audit_log",
    "can_handle_rights_requests",
    "can_file_at_the_counter",
    "can_write_impact_assessment",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_audit_log_is_for_the_dpo_and_administrators(role, personas, territory):
    expected = role in {"dpo", "administrator"}
    assert rules.can_read_audit_log(personas[role], territory) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_dpo_and_administrators_handle_requests(role, personas, territory):
    expected = role in {"dpo", "administrator"}
    assert rules.can_handle_rights_requests(personas[role], territory) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_mediators_file_at_the_counter(role, personas, territory):
    expected = role in {"mediator", "administrator"}
    assert rules.can_file_at_the_counter(personas[role], territory) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_dpo_and_administrators_write_the_impact_assessment(role, personas, territory):
    expected = role in {"dpo", "administrator"}
    assert rules.can_write_impact_assessment(personas[role], territory) is expected
