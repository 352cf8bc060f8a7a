"""Who manages the open data (licence, rebuilds): by role."""

import pytest

from parlons.conftest import ROLES
from parlons.opendata import rules

# Every predicate of opendata/rules.py that this matrix covers (core checks none is missed).
COVERED_RULES = {"can_manage_open_data"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_manage_open_data(role, personas, territory):
    allowed = rules.can_manage_open_data(personas[role], territory)
    assert allowed is (role == "administrator")


@pytest.mark.django_db
def test_without_a_territory_nobody_manages_open_data(administrator):
    assert rules.can_manage_open_data(administrator, None) is False
