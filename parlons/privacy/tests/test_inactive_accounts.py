"""Unused accounts: warned after the inactivity period, anonymised after the grace period."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.accounts.models import OutgoingEmail, User
from parlons.core.models import AuditEntry
from parlons.core.scheduler import periodic_jobs
from parlons.debates.models import Contribution
from parlons.privacy.inactive import handle_inactive_accounts
from parlons.privacy.models import ErasureRecord, InactivityWarning

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def periods(settings):
    settings.INACTIVE_ACCOUNT_DAYS = 730
    settings.INACTIVE_ACCOUNT_GRACE_DAYS = 30


def last_seen(user, days_ago: int, now=None):
    now = now or timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=now - timedelta(days=days_ago))


def test_an_unused_account_is_warned_once_then_anonymised_after_the_grace_period(
    citizen, other_citizen, make_process
):
    now = timezone.now()
    contribution = Contribution.objects.create(
        process=make_process(), author=citizen, body="Une idée pour le marché."
    )
    last_seen(citizen, 731, now)
    last_seen(other_citizen, 10, now)

    assert handle_inactive_accounts(now=now) == {"warned": 1, "anonymised": 0, "came_back": 0}
    email = OutgoingEmail.objects.get()
    assert email.to == citizen.email
    assert "730 jours" in email.body and "dans 30 jours" in email.body
    assert "/compte/connexion/" in email.body
    assert AuditEntry.objects.filter(action="privacy.warn_inactive").count() == 1

    later = now + timedelta(days=29)
    assert handle_inactive_accounts(now=later) == {"warned": 0, "anonymised": 0, "came_back": 0}
    assert OutgoingEmail.objects.count() == 1  # warned once

    much_later = now + timedelta(days=31)
    assert handle_inactive_accounts(now=much_later)["anonymised"] == 1
    citizen.refresh_from_db()
    assert citizen.erased_at is not None and citizen.email.endswith("@parlons.invalid")
    assert ErasureRecord.objects.count() == 1
    assert Contribution.objects.get(pk=contribution.pk).body == "Une idée pour le marché."
    assert not InactivityWarning.objects.exists()
    other_citizen.refresh_from_db()
    assert other_citizen.erased_at is None


def test_signing_in_after_the_warning_keeps_the_account_and_forgets_the_warning(citizen):
    now = timezone.now()
    last_seen(citizen, 800, now)
    handle_inactive_accounts(now=now)
    User.objects.filter(pk=citizen.pk).update(last_login=now + timedelta(days=5))
    result = handle_inactive_accounts(now=now + timedelta(days=40))
    assert result == {"warned": 0, "anonymised": 0, "came_back": 1}
    citizen.refresh_from_db()
    assert citizen.erased_at is None
    assert not InactivityWarning.objects.exists()


def test_a_person_who_never_signed_in_counts_from_their_sign_up(citizen):
    now = timezone.now()
    User.objects.filter(pk=citizen.pk).update(
        last_login=None, date_joined=now - timedelta(days=731)
    )
    assert handle_inactive_accounts(now=now)["warned"] == 1


def test_superusers_and_erased_accounts_are_left_alone(citizen):
    now = timezone.now()
    User.objects.filter(pk=citizen.pk).update(
        is_superuser=True, last_login=now - timedelta(days=2000)
    )
    assert handle_inactive_accounts(now=now)["warned"] == 0


def test_the_job_runs_every_night():
    job = {job.name: job for job in periodic_jobs()}["privacy.inactive_accounts"]
    assert job.when.spec == "03:30"
    assert job.describe_result({"warned": 2, "anonymised": 1}) == (
        "2 compte(s) prévenu(s), 1 anonymisé(s)."
    )
