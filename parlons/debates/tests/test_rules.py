"""Who may do what in the debate, by role and by phase: the predicates' matrix.

The services' matrix (test_permissions.py) checks the same policy through the
writes; this one checks the predicates that pages ask to decide what to show.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from parlons.conftest import ROLES
from parlons.debates import rules
from parlons.debates.models import Contribution
from parlons.privacy.publication import create_published
from parlons.processes.models import Process

SIGNED_IN = set(ROLES) - {"anonymous"}

# predicate -> roles allowed when the running phase opens every component
ALLOWED_WHEN_OPEN = {
    "can_contribute": SIGNED_IN,
    "can_reply": SIGNED_IN,
    "can_react": SIGNED_IN,
    "can_contribute_on_behalf": {"mediator", "organiser", "administrator"},
    "can_answer_officially": {"expert", "administrator"},
}
# predicate -> roles allowed whatever the phase
ALLOWED_IN_ANY_PHASE = {
    "can_report": SIGNED_IN,
    "can_import_paper_forms": {"mediator", "organiser", "administrator"},
    "can_import_contributions": {"organiser", "administrator"},
}
# predicates about one message: only its author, whatever their role
ABOUT_ONE_MESSAGE = {"can_edit_contribution", "can_withdraw_contribution"}
COVERED_RULES = (
    set(ALLOWED_WHEN_OPEN) | set(ALLOWED_IN_ANY_PHASE) | {"can_moderate"} | ABOUT_ONE_MESSAGE
)


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
@pytest.mark.parametrize("predicate", sorted(ALLOWED_IN_ANY_PHASE))
@pytest.mark.parametrize("open", [("contribute",), ()])
def test_reports_and_paper_forms_do_not_depend_on_the_phase(
    role, predicate, open, personas, make_process
):
    process = make_process(open=open)
    expected = role in ALLOWED_IN_ANY_PHASE[predicate]
    assert getattr(rules, predicate)(personas[role], process) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_moderation_by_role(role, personas, territory):
    assert rules.can_moderate(personas[role], territory) is (role in {"moderator", "administrator"})


@pytest.mark.django_db
def test_a_draft_process_opens_nothing_even_in_its_phase(personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    assert rules.can_contribute(personas["citizen"], draft) is False
    assert rules.can_report(personas["citizen"], draft) is False
    assert rules.can_import_paper_forms(personas["mediator"], draft) is False


def _own(process, author, **fields):
    top = create_published(Contribution, process=process, author=author, body="Une idée.", **fields)
    return top


def _reply(process, author, parent):
    return create_published(
        Contribution,
        process=process,
        author=author,
        body="Une réponse.",
        parent=parent,
        root=parent,
        depth=1,
    )


# (phase opens, message) -> may its author edit it? withdraw it?
PHASES = {
    "everything open": (("contribute", "reply", "react"), True, True),
    "only replies open": (("reply", "react"), False, True),
    "nothing open": ((), False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ABOUT_ONE_MESSAGE))
@pytest.mark.parametrize("phase", sorted(PHASES))
def test_only_the_author_edits_while_the_phase_is_open_and_withdraws_any_time(
    role, predicate, phase, personas, make_process
):
    """Every role writes, in every phase: only its own message, edited while its phase is open."""
    open_components, contribution_editable, reply_editable = PHASES[phase]
    process = make_process(open=open_components)
    user, someone = personas[role], personas["citizen" if role != "citizen" else "moderator"]
    check = getattr(rules, predicate)
    if user is None:
        assert check(user, _own(process, someone)) is False
        return
    mine, theirs = _own(process, user), _own(process, someone)
    my_reply = _reply(process, user, theirs)
    editing = predicate == "can_edit_contribution"
    assert check(user, mine) is (contribution_editable if editing else True)
    assert check(user, my_reply) is (reply_editable if editing else True)
    assert check(user, theirs) is False


@pytest.mark.django_db
def test_hidden_withdrawn_and_mediated_messages_are_not_edited_online(personas, make_process):
    process = make_process()
    citizen = personas["citizen"]
    hidden = _own(process, citizen, is_hidden=True, hidden_reason="Hors sujet.")
    withdrawn = _own(process, citizen, withdrawn_at=timezone.now())
    # A mediator's account as author does not make a counter's text theirs to rewrite online.
    mediated = _own(process, citizen, source=Contribution.Source.COUNTER)
    refusals = {}
    for name, message in (("hidden", hidden), ("withdrawn", withdrawn), ("mediated", mediated)):
        with pytest.raises(PermissionDenied) as refused:
            rules.can_edit_contribution.require(citizen, message)
        refusals[name] = str(refused.value)
    assert refusals == {
        "hidden": "Ce message est masqué par la modération : il ne peut plus être modifié.",
        "withdrawn": "Ce message a été retiré : il ne peut plus être modifié.",
        "mediated": "Seule la personne qui a écrit ce message en ligne peut le modifier.",
    }
    assert rules.can_withdraw_contribution(citizen, hidden) is True
    assert rules.can_withdraw_contribution(citizen, mediated) is False
    with pytest.raises(PermissionDenied, match="Ce message est déjà retiré."):
        rules.can_withdraw_contribution.require(citizen, withdrawn)


@pytest.mark.django_db
def test_a_closed_phase_says_why_an_edit_is_refused(personas, make_process):
    process = make_process(open=())
    mine = _own(process, personas["citizen"])
    with pytest.raises(PermissionDenied) as refused:
        rules.can_edit_contribution.require(personas["citizen"], mine)
    assert str(refused.value) == (
        "Ce message ne peut être modifié que pendant la phase où la démarche les recueille."
    )


@pytest.mark.django_db
def test_the_team_imports_another_platforms_history_into_a_draft(personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    assert rules.can_import_contributions(personas["organiser"], draft) is True
    assert rules.can_import_contributions(personas["mediator"], draft) is False
