"""Organisers create, phase and publish démarches; every write leaves an audit entry."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.processes import services
from parlons.processes.models import Process


@pytest.mark.django_db
def test_an_organiser_creates_a_draft_with_a_unique_slug(organiser, territory):
    first = services.create_process(
        actor=organiser, territory=territory, title="Vivre ensemble", summary="Résumé"
    )
    second = services.create_process(
        actor=organiser, territory=territory, title="Vivre ensemble", summary="Autre"
    )
    assert (first.slug, second.slug) == ("vivre-ensemble", "vivre-ensemble-2")
    assert first.status == Process.Status.DRAFT
    entry = AuditEntry.objects.get(action="processes.create", target_id=str(first.pk))
    assert entry.actor == organiser


@pytest.mark.django_db
def test_a_citizen_cannot_create_a_process(citizen, territory):
    with pytest.raises(PermissionDenied):
        services.create_process(actor=citizen, territory=territory, title="Non", summary="Non")
    assert Process.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_publishing_needs_a_phase_and_phases_cannot_overlap(organiser, territory):
    process = services.create_process(
        actor=organiser, territory=territory, title="Budget", summary="Résumé"
    )
    with pytest.raises(ValidationError):
        services.set_process_status(
            actor=organiser, process=process, status=Process.Status.PUBLISHED
        )
    now = timezone.now()
    services.add_phase(
        actor=organiser,
        process=process,
        title="Contributions",
        kind="contributions",
        starts_at=now,
        ends_at=now + timedelta(days=10),
        components=["contribute"],
    )
    with pytest.raises(ValidationError) as error:
        services.add_phase(
            actor=organiser,
            process=process,
            title="Chevauche",
            kind="other",
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=15),
        )
    assert "chevauche" in str(error.value)
    services.set_process_status(actor=organiser, process=process, status=Process.Status.PUBLISHED)
    process.refresh_from_db()
    assert process.is_published
    assert process.current_phase().title == "Contributions"


@pytest.mark.django_db
def test_themes_get_unique_slugs_in_their_process(organiser, make_process):
    process = make_process()
    theme = services.add_theme(actor=organiser, process=process, name="Santé !")
    assert theme.slug == "sante-2"  # make_process already has "sante"


@pytest.mark.django_db
def test_only_administrators_set_the_territory_public_names(
    client, administrator, organiser, territory
):
    login_staff(client, organiser)
    assert client.get("/demarches/equipe/territoire/").status_code == 403
    login_staff(client, administrator)
    response = client.post(
        "/demarches/equipe/territoire/",
        {
            "name": territory.name,
            "description": "",
            "contact_email": "",
            "dpo_email": "",
            "public_names": "Armelle Kerbrat\nAssociation des Trois Rives",
        },
    )
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.public_name_list == ["Armelle Kerbrat", "Association des Trois Rives"]
    assert AuditEntry.objects.filter(action="core.update_territory", actor=administrator).exists()
