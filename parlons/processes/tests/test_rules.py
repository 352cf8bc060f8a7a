"""Who may manage a démarche, see its draft and set the territory: by role."""

import pytest

from parlons.conftest import ROLES
from parlons.processes import rules
from parlons.processes.models import Process

# Every predicate of processes/rules.py that this matrix covers (core checks none is missed).
COVERED_RULES = {"can_manage_process", "can_create_process", "can_edit_territory"}
ORGANISERS = {"organiser", "administrator"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_manage_and_see_drafts(role, personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    expected = role in ORGANISERS
    assert rules.can_manage_process(personas[role], draft) is expected
    assert rules.can_view_process(personas[role], draft) is expected
    assert rules.can_create_process(personas[role], draft.territory) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("open", [("contribute",), ()])
def test_managing_a_published_process_does_not_depend_on_the_phase(
    role, open, personas, make_process
):
    process = make_process(open=open)
    assert rules.can_manage_process(personas[role], process) is (role in ORGANISERS)
    assert rules.can_view_process(personas[role], process) is True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_set_the_territory(role, personas, territory):
    assert rules.can_edit_territory(personas[role], territory) is (role == "administrator")


@pytest.mark.django_db
def test_a_component_is_open_only_in_a_published_process_whose_phase_opens_it(make_process):
    assert rules.component_open(make_process(), "contribute") is True
    assert rules.component_open(make_process(open=(), slug="fermee"), "contribute") is False
    draft = make_process(status=Process.Status.DRAFT, slug="brouillon")
    assert rules.component_open(draft, "contribute") is False


@pytest.mark.django_db
def test_a_refusal_says_why_in_the_rule_own_words(personas, make_process):
    from django.core.exceptions import PermissionDenied

    process = make_process()
    with pytest.raises(PermissionDenied) as refused:
        rules.can_manage_process.require(personas["citizen"], process)
    assert str(refused.value) == "Seule l'équipe d'organisation peut modifier cette démarche."
    rules.can_manage_process.require(personas["organiser"], process)  # no refusal
