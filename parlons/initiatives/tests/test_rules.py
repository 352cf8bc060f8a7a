"""Who may do what with the library, by role: the permission matrix.

The library belongs to the territory, not to a démarche: no phase opens or closes it.
"""

import pytest
from django.core.exceptions import PermissionDenied

from parlons.conftest import ROLES
from parlons.initiatives import rules, services

ORGANISERS = {"organiser", "administrator"}
# Every predicate of initiatives/rules.py that this matrix covers (core checks none is missed).
COVERED_RULES = {"can_manage_initiatives"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_managing_the_library_by_role(role, personas, territory, make_initiative):
    user = personas[role]
    draft = make_initiative(publish=False)
    expected = role in ORGANISERS
    assert rules.can_manage_initiatives(user, territory) is expected
    assert rules.can_view_initiative(user, draft) is expected
    if expected:
        services.publish_initiative(actor=user, initiative=draft)
        draft.refresh_from_db()
        assert draft.is_published
        assert rules.can_view_initiative(user, draft)
    else:
        with pytest.raises(PermissionDenied):
            services.publish_initiative(actor=user, initiative=draft)
        with pytest.raises(PermissionDenied):
            services.create_category(actor=user, territory=territory, name="Autre")
