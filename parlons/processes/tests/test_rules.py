"""Who may do what in a démarche, by role and by phase: the permission matrix."""

import pytest

from parlons.conftest import ROLES
from parlons.processes import rules
from parlons.processes.models import Process

# predicate -> roles allowed when the phase opens everything
ALLOWED_WHEN_OPEN = {
    "can_contribute": {
        "citizen",
        "mediator",
        "moderator",
        "expert",
        "organiser",
        "dpo",
        "administrator",
    },
    "can_reply": {
        "citizen",
        "mediator",
        "moderator",
        "expert",
        "organiser",
        "dpo",
        "administrator",
    },
    "can_react": {
        "citizen",
        "mediator",
        "moderator",
        "expert",
        "organiser",
        "dpo",
        "administrator",
    },
    "can_register_to_meeting": {
        "citizen",
        "mediator",
        "moderator",
        "expert",
        "organiser",
        "dpo",
        "administrator",
    },
    "can_contribute_on_behalf": {"mediator", "organiser", "administrator"},
    "can_answer_officially": {"expert", "administrator"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_open_allows_exactly_the_expected_roles(role, predicate, personas, make_process):
    process = make_process()
    user = personas[role]
    assert getattr(rules, predicate)(user, process) is (role in ALLOWED_WHEN_OPEN[predicate])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_closed_allows_nobody(role, predicate, personas, make_process):
    process = make_process(open=())
    assert getattr(rules, predicate)(personas[role], process) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_manage_and_see_drafts(role, personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    expected = role in {"organiser", "administrator"}
    assert rules.can_manage_process(personas[role], draft) is expected
    assert rules.can_view_process(personas[role], draft) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_moderation_and_reports_by_role(role, personas, territory):
    user = personas[role]
    assert rules.can_moderate(user, territory) is (role in {"moderator", "administrator"})
    assert rules.can_report(user) is (role != "anonymous")


@pytest.mark.django_db
def test_a_draft_process_opens_nothing_even_in_its_phase(personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    assert rules.can_contribute(personas["citizen"], draft) is False
