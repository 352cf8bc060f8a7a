"""Who may read the audit log, by role."""

import pytest

from parlons.conftest import ROLES
from parlons.privacy import rules

COVERED_RULES = {"can_read_audit_log"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_audit_log_is_for_the_dpo_and_administrators(role, personas, territory):
    expected = role in {"dpo", "administrator"}
    assert rules.can_read_audit_log(personas[role], territory) is expected
