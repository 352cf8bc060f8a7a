"""People's rights: download everything, erase the account, and the daily purge."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.conftest import PASSWORD, login_staff
from parlons.core.models import AuditEntry
from parlons.privacy import services


@pytest.mark.django_db
def test_a_person_downloads_all_their_data_as_json(client, citizen):
    client.force_login(citizen)
    response = client.post("/confidentialite/mes-donnees/telecharger/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-parlons.json"'
    data = json.loads(response.content)
    assert data["privacy"]["account"]["email"] == citizen.email
    assert data["privacy"]["account"]["pseudonym"] == "camille"


@pytest.mark.django_db
def test_erasing_an_account_removes_identity_and_keeps_an_audit_trace(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/confidentialite/mes-donnees/supprimer-mon-compte/",
        {"confirm": "1", "password": PASSWORD},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.email.endswith("@parlons.invalid") and citizen.pseudonym.startswith("efface-")
    assert citizen.is_active is False and citizen.erased_at is not None
    assert citizen.public_name == "compte supprimé"
    assert AuditEntry.objects.filter(
        action="privacy.erase_account", target_id=str(citizen.pk)
    ).exists()


@pytest.mark.django_db
def test_erasing_without_confirmation_changes_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post("/confidentialite/mes-donnees/supprimer-mon-compte/", {})
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.is_active is True


@pytest.mark.django_db
def test_the_purge_redacts_audit_entries_older_than_a_year(citizen):
    old = AuditEntry.objects.create(actor=citizen, action="test.old", data={"ip": "192.0.2.1"})
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    recent = AuditEntry.objects.create(actor=citizen, action="test.recent", data={"x": 1})
    report = services.purge_expired()
    assert (report["core.AuditEntry.actor"], report["core.AuditEntry.data"]) == (1, 1)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.actor, old.data) == (None, {"redacted": True})
    assert recent.actor == citizen
    assert AuditEntry.objects.filter(action="privacy.purge").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status", [("citizen", 403), ("moderator", 403), ("dpo", 200), ("administrator", 200)]
)
def test_only_the_dpo_and_admins_read_the_audit_log(client, personas, role, status):
    login_staff(client, personas[role])
    assert client.get("/confidentialite/equipe/journal/").status_code == status
