"""Who may write the territory's parts of the accessibility statement: by role."""

import pytest

from parlons.conftest import ROLES
from parlons.transparency import rules

# Every predicate of transparency/rules.py that this matrix covers (core checks none is missed).
COVERED_RULES = {"can_edit_accessibility_statement"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_edit_the_accessibility_statement(role, personas, territory):
    allowed = rules.can_edit_accessibility_statement(personas[role], territory)
    assert allowed is (role == "administrator")


@pytest.mark.django_db
def test_without_a_territory_nobody_edits_the_statement(administrator):
    assert rules.can_edit_accessibility_statement(administrator, None) is False
