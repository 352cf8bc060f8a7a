"""Who may do what with the follow-up of decisions, by role and by phase: the permission matrix."""

import pytest
from django.core.exceptions import PermissionDenied

from parlons.conftest import ROLES
from parlons.followup import rules, services
from parlons.followup.models import TrackedResult
from parlons.processes.models import Process

ORGANISERS = {"organiser", "administrator"}
# Every predicate of followup/rules.py that these matrices cover (core checks none is missed).
COVERED_RULES = {"can_manage_followup", "can_manage_followup_in"}

PHASES = {"debate": ("contribute", "reply"), "closed": ()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", sorted(PHASES))
def test_only_the_organising_team_keeps_the_followup_whatever_the_phase(
    role, phase, personas, make_process, territory, organiser
):
    process = make_process(open=PHASES[phase])
    result = services.create_result(actor=organiser, process=process, title="Une décision")
    user = personas[role]
    allowed = role in ORGANISERS
    assert rules.can_manage_followup(user, process) is allowed
    assert rules.can_manage_followup_in(user, territory) is allowed
    assert rules.can_view_followup(user, process) is True  # anyone reads a published démarche
    writes = [
        lambda: services.create_result(actor=user, process=process, title="Autre"),
        lambda: services.update_result(actor=user, result=result, progress=50),
        lambda: services.post_update(actor=user, result=result, text="Ça avance."),
        lambda: services.synchronise(actor=user, process=process),
    ]
    for write in writes:
        if allowed:
            write()
        else:
            with pytest.raises(PermissionDenied, match="Seule l'équipe d'organisation"):
                write()
    assert TrackedResult.objects.count() == (2 if allowed else 1)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_draft_demarche_followup_is_read_by_its_team_only(role, personas, make_process):
    process = make_process(status=Process.Status.DRAFT)
    assert rules.can_view_followup(personas[role], process) is (role in ORGANISERS)


def test_no_territory_no_followup_to_manage():
    assert rules.can_manage_followup_in(None, None) is False
