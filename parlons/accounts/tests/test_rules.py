"""Who may manage roles, edit a profile and manage a second factor, by role."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts import rules
from parlons.accounts.roles import forget_cached_roles, roles_of
from parlons.conftest import ROLES

COVERED_RULES = {
    "can_manage_roles",
    "can_edit_profile",
    "can_set_up_second_factor",
    "can_regenerate_recovery_codes",
    "can_remove_second_factor",
    "can_reset_second_factor",
    "can_manage_periodic_jobs",
}


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


def confirmed_session(user, device):
    """A user as django-otp's middleware hands it to a view: confirmed by `device` (or not)."""
    user.otp_device = device
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_second_factor_is_set_up_by_anyone_and_replaced_after_confirming_it(role, personas):
    user = personas[role]
    if user is None:
        assert rules.can_set_up_second_factor(None) is False
        assert rules.can_regenerate_recovery_codes(None) is False
        return
    unconfirmed = confirmed_session(user, None)
    assert rules.can_set_up_second_factor(unconfirmed) is True  # a first one
    assert rules.can_regenerate_recovery_codes(unconfirmed) is False  # nothing to regenerate
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    assert rules.can_set_up_second_factor(unconfirmed) is False  # replacing asks for the current
    assert rules.can_regenerate_recovery_codes(unconfirmed) is False
    confirmed = confirmed_session(user, device)
    assert rules.can_set_up_second_factor(confirmed) is True
    assert rules.can_regenerate_recovery_codes(confirmed) is True


# Removing one's second factor: only people without a staff role (a former staff member).
REMOVES = {"citizen": True}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_staff_keep_their_second_factor_while_it_is_required(role, personas, territory, settings):
    user = personas[role]
    if user is None:
        assert rules.can_remove_second_factor(None, territory) is False
        return
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    user = confirmed_session(user, device)
    assert rules.can_remove_second_factor(user, territory) is REMOVES.get(role, False)
    assert rules.can_remove_second_factor(confirmed_session(user, None), territory) is False
    settings.STAFF_TWO_FACTOR = False
    assert rules.can_remove_second_factor(user, territory) is True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_reset_a_second_factor(role, personas, territory):
    user = personas[role]
    if user is not None:
        TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
        user = confirmed_session(user, user.totpdevice_set.get())
    assert rules.can_reset_second_factor(user, territory) is (role == "administrator")
    assert rules.can_reset_second_factor(user, None) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_follow_and_run_the_periodic_jobs(role, personas, territory):
    user = personas[role]
    if user is not None:
        device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
        user = confirmed_session(user, device)
    assert rules.can_manage_periodic_jobs(user, territory) is (role == "administrator")
    assert rules.can_manage_periodic_jobs(user, None) is False


@pytest.mark.django_db
def test_an_unconfirmed_staff_session_has_a_citizens_powers_and_the_cli_keeps_them(
    administrator, territory, settings
):
    cli_user = type(administrator).objects.get(pk=administrator.pk)  # no otp_device: CLI, tasks
    assert rules.can_manage_roles(cli_user, territory) is True
    request_user = confirmed_session(type(administrator).objects.get(pk=administrator.pk), None)
    assert roles_of(request_user, territory) == {"citizen"}
    assert rules.can_manage_roles(request_user, territory) is False
    settings.STAFF_TWO_FACTOR = False
    forget_cached_roles(request_user)
    assert roles_of(request_user, territory) == {"citizen", "administrator"}
