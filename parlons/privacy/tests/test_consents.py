"""Consent per purpose: given and withdrawn in one click each, listed with dates and wording."""

import pytest
from django.urls import reverse
from django.utils import timezone

from parlons.accounts.models import User
from parlons.accounts.services import set_notification, update_profile
from parlons.core.consents import consent_purposes
from parlons.core.models import AuditEntry
from parlons.privacy.consents import consents_of, give_consent, has_consent, withdraw_consent
from parlons.privacy.models import Consent
from parlons.privacy.services import erase_account, export_user_data, purge_expired

pytestmark = pytest.mark.django_db

REAL_NAME = "accounts.show_real_name"


def test_the_apps_declare_their_purposes_each_with_a_wording_version():
    keys = [purpose.key for purpose in consent_purposes()]
    assert {REAL_NAME, "accounts.notify_replies", "accounts.notify_answers"} <= set(keys)
    assert len(keys) == len(set(keys))
    assert all(purpose.version and str(purpose.wording) for purpose in consent_purposes())


def test_giving_then_withdrawing_keeps_the_history_and_sets_the_real_name(citizen):
    citizen.real_name = "Camille Durand"
    citizen.save()
    give_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    citizen.refresh_from_db()
    assert citizen.public_name == "Camille Durand"
    assert has_consent(citizen, REAL_NAME) is True
    withdraw_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    citizen.refresh_from_db()
    assert citizen.public_name == "camille"
    give_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    records = list(Consent.objects.filter(user=citizen).order_by("id"))
    assert [(r.given_at is not None, r.withdrawn_at is not None) for r in records] == [
        (True, True),
        (True, False),
    ]
    assert records[0].wording.startswith("Afficher mon nom réel")
    assert records[0].wording_version == "1"
    assert list(
        AuditEntry.objects.filter(action__endswith="_consent").values_list("action", flat=True)
    ) == ["privacy.give_consent", "privacy.withdraw_consent", "privacy.give_consent"]


def test_giving_twice_records_once(citizen):
    give_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    assert give_consent(actor=citizen, user=citizen, purpose=REAL_NAME) is None
    assert Consent.objects.filter(user=citizen).count() == 1


def test_nobody_consents_for_someone_else(citizen, other_citizen):
    with pytest.raises(Exception, match="elle-même"):
        give_consent(actor=other_citizen, user=citizen, purpose=REAL_NAME)
    assert not Consent.objects.exists()


def test_a_notification_is_on_by_default_and_its_withdrawal_is_recorded(citizen):
    assert has_consent(citizen, "accounts.notify_replies") is True
    withdraw_consent(actor=citizen, user=citizen, purpose="accounts.notify_replies")
    citizen.refresh_from_db()
    assert citizen.notify_replies is False
    record = Consent.objects.get(user=citizen)
    assert record.given_at is None and record.withdrawn_at is not None


def test_the_profile_form_and_the_email_optout_are_recorded_as_consents(citizen):
    update_profile(actor=citizen, user=citizen, real_name="Camille D.", show_real_name=True)
    assert has_consent(citizen, REAL_NAME) is True
    set_notification(user=citizen, kind="answers", enabled=False)
    assert has_consent(citizen, "accounts.notify_answers") is False
    update_profile(actor=citizen, user=citizen, show_real_name=False)
    assert has_consent(citizen, REAL_NAME) is False
    assert Consent.objects.filter(user=citizen).count() == 2


def test_signing_up_with_the_real_name_shown_records_the_consent(territory):
    from parlons.accounts.services import register_user

    user = register_user(
        email="lea@exemple.test",
        password="un mot de passe assez long 42",
        pseudonym="lea",
        real_name="Léa Morel",
        show_real_name=True,
    )
    assert Consent.objects.get(user=user).purpose == REAL_NAME


def test_the_page_lists_the_consents_and_one_click_gives_and_withdraws(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Mes consentements" in page
    assert "Afficher mon nom réel à côté de mes contributions" in page
    response = client.post(reverse("privacy:consent"), {"purpose": REAL_NAME, "action": "give"})
    assert response.status_code == 302
    assert response.url.endswith("#consentements")
    citizen.refresh_from_db()
    assert citizen.show_real_name is True
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert f"Donné le {timezone.localdate():%-d}" in page
    assert "Retirer mon consentement" in page
    client.post(reverse("privacy:consent"), {"purpose": REAL_NAME, "action": "withdraw"})
    citizen.refresh_from_db()
    assert citizen.show_real_name is False


def test_an_unknown_purpose_or_action_is_refused(client, citizen):
    client.force_login(citizen)
    url = reverse("privacy:consent")
    assert client.post(url, {"purpose": "nope", "action": "give"}).status_code == 400
    assert client.post(url, {"purpose": REAL_NAME, "action": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"purpose": REAL_NAME, "action": "give"}).status_code == 302
    assert not Consent.objects.exists()


def test_consents_are_exported_and_erased_with_the_account(citizen):
    give_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    exported = export_user_data(user=citizen)["privacy"]["consents"]
    assert [c["purpose"] for c in exported] == [REAL_NAME]
    erase_account(actor=citizen, user=citizen)
    assert not Consent.objects.exists()


def test_a_withdrawn_consent_is_purged_five_years_later_but_an_opt_out_stays(citizen):
    give_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    withdraw_consent(actor=citizen, user=citizen, purpose=REAL_NAME)
    withdraw_consent(actor=citizen, user=citizen, purpose="accounts.notify_meetings")
    purge_expired(now=timezone.now() + timezone.timedelta(days=5 * 365 + 2))
    assert list(Consent.objects.values_list("purpose", flat=True)) == ["accounts.notify_meetings"]
    assert User.objects.get(pk=citizen.pk).notify_meetings is False


def test_every_purpose_shows_on_the_page_of_a_new_person(citizen):
    states = consents_of(citizen)
    assert [s.purpose.key for s in states] == [p.key for p in consent_purposes()]
    assert [s.given for s in states][:2] == [False, True]


def test_the_migration_records_the_choices_made_before_consents_were_recorded(
    citizen, other_citizen
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("parlons.privacy.migrations.0003_consents")
    User.objects.filter(pk=citizen.pk).update(show_real_name=True)
    User.objects.filter(pk=other_citizen.pk).update(notify_meetings=False)
    migration.record_existing_choices(apps, None)
    assert sorted(Consent.objects.values_list("user__pseudonym", "purpose", "wording_version")) == [
        ("camille", REAL_NAME, "0"),
        (other_citizen.pseudonym, "accounts.notify_meetings", "0"),
    ]
    assert has_consent(citizen, REAL_NAME) is True
    assert has_consent(other_citizen, "accounts.notify_meetings") is False
    assert has_consent(other_citizen, "accounts.notify_replies") is True
