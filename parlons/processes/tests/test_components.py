"""A phase's components are data: declared by the apps, validated, migrated from the old columns."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.processes.components import in_display_order, registered_components
from parlons.processes.models import Phase


def test_each_app_declares_its_components_in_one_registry():
    expected = [
        ("contribute", "contribuer"),
        ("reply", "répondre aux contributions"),
        ("react", "réagir (d'accord, pas d'accord, sans avis)"),
        ("meetings", "s'inscrire aux réunions publiques"),
        ("expert_answers", "réponses des experts et des élus"),
        ("budget_projects", "déposer un projet"),
        ("budget_vote", "voter pour le budget participatif"),
    ]
    found = [(c.name, str(c.label)) for c in registered_components()]
    # Other installed apps (proposals...) add theirs: these come in this order among them.
    assert [item for item in found if item in expected] == expected
    assert in_display_order(["expert_answers", "contribute", "inconnu"]) == [
        "contribute",
        "expert_answers",
    ]


@pytest.mark.django_db
def test_a_phase_refuses_an_unknown_or_repeated_component(make_process):
    phase = make_process().phases.get(kind="contributions")
    phase.components = ["contribute", "sondage"]
    with pytest.raises(ValidationError) as refused:
        phase.full_clean()
    assert refused.value.message_dict["components"] == ["Composant inconnu : sondage."]
    phase.components = ["contribute", "contribute"]
    with pytest.raises(ValidationError, match="qu'une fois"):
        phase.full_clean()
    phase.components = ["reply", "contribute"]
    phase.full_clean()
    assert phase.allows("reply") and not phase.allows("meetings")
    assert [str(label) for label in phase.open_components] == [
        "contribuer",
        "répondre aux contributions",
    ]


@pytest.mark.django_db
def test_the_phase_form_offers_every_registered_component(client, organiser, make_process):
    make_process()
    login_staff(client, organiser)
    page = client.get("/demarches/transition-numerique/equipe/phases/nouvelle/").content.decode()
    for component in registered_components():
        assert f'value="{component.name}"' in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_what_each_phase_opened(territory):
    """0002 reads the five boolean columns into the list, and back."""
    executor = MigrationExecutor(connection)
    before = [("processes", "0001_initial")]
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    process = old.get_model("processes", "Process").objects.create(
        territory_id=territory.pk, title="Ancienne", slug="ancienne", summary="Avant."
    )
    OldPhase = old.get_model("processes", "Phase")
    now = timezone.now()
    for days, flags in [
        (0, {"allows_contribute": True, "allows_meetings": True, "allows_react": True}),
        (10, {"allows_expert_answers": True, "allows_reply": True}),
        (20, {}),
    ]:
        OldPhase.objects.create(
            process=process,
            title=f"Phase {days}",
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days + 5),
            **flags,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    phases = Phase.objects.filter(process__slug="ancienne").order_by("starts_at")
    assert [phase.components for phase in phases] == [
        ["contribute", "react", "meetings"],
        ["reply", "expert_answers"],
        [],
    ]
