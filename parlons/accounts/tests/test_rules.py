"""Who may manage roles and edit a profile, by role."""

import pytest

from parlons.accounts import rules
from parlons.conftest import ROLES

COVERED_RULES = {"can_manage_roles", "can_edit_profile"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_manage_roles(role, personas, territory):
    assert rules.can_manage_roles(personas[role], territory) is (role == "administrator")
    assert rules.can_manage_roles(personas[role], None) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_profile_is_edited_by_its_owner_alone(role, personas):
    user = personas[role]
    assert rules.can_edit_profile(user, personas["citizen"]) is (role == "citizen")
    if user is not None:
        assert rules.can_edit_profile(user, user) is True
