"""Adding a participation app means writing that app alone: tried on a tiny one.

`example_app` ("Avis express", in this folder) is the example of
docs/architecture.md: models, a component, a rule, a service, a public query,
its privacy declarations and a section of the démarche page. Installed next to
the others, it is offered on the phase form, opened by a phase, refused
outside it, written with its public copy masked, and shown on the démarche
page, without a line changed anywhere else.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import modify_settings
from django.utils.timezone import localtime

from parlons.conftest import login_staff
from parlons.core.charter import declarations, public_texts
from parlons.core.models import AuditEntry
from parlons.processes.components import registered_components
from parlons.processes.forms import PhaseForm

APP = "parlons.processes.tests.example_app"


@pytest.fixture
def example_app(transactional_db):
    with modify_settings(INSTALLED_APPS={"append": APP}):
        from parlons.processes.tests.example_app.models import QuickOpinion

        with connection.schema_editor() as editor:
            editor.create_model(QuickOpinion)
        try:
            yield QuickOpinion
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(QuickOpinion)


def test_the_new_app_is_found_through_the_registries_alone(example_app):
    names = [component.name for component in registered_components()]
    # Other installed apps declare components too: the new one joins them, in its order.
    assert "quick_opinions" in names
    assert {"contribute", "reply", "react", "meetings", "expert_answers"} <= set(names)
    choices = dict(PhaseForm().fields["components"].choices)
    assert choices["quick_opinions"] == "donner un avis express"
    assert "example_app.QuickOpinion.text" in {item.key for item in declarations()}
    assert [(t.model, t.source) for t in public_texts()][-1] == ("example_app.QuickOpinion", "text")


def test_a_phase_opens_the_new_component_and_its_rule_follows(
    example_app, client, citizen, organiser, make_process
):
    from parlons.processes.tests.example_app import services

    process = make_process(open=("contribute",))
    with pytest.raises(PermissionDenied, match="Les avis express ne sont pas ouverts"):
        services.give_opinion(actor=citizen, process=process, text="Très bonne idée.")

    phase = process.phases.get(kind="contributions")
    login_staff(client, organiser)
    response = client.post(
        f"/demarches/{process.slug}/equipe/phases/{phase.pk}/",
        {
            "kind": phase.kind,
            "title": phase.title,
            "starts_at": localtime(phase.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "components": ["contribute", "quick_opinions"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    phase.refresh_from_db()
    assert phase.components == ["contribute", "quick_opinions"]

    process = type(process).objects.get(pk=process.pk)
    opinion = services.give_opinion(
        actor=citizen, process=process, text="Écrivez-moi : camille.avis@exemple.test"
    )
    assert opinion.public_text == "Écrivez-moi : [e-mail]"
    assert AuditEntry.objects.filter(action="example_app.give_opinion").count() == 1

    page = client.get(f"/demarches/{process.slug}/").content.decode()
    assert "Avis express" in page
    assert "Écrivez-moi : [e-mail] — camille" in page
    assert "camille.avis@exemple.test" not in page
