"""Who may do what in the debate, by role and by phase: the permission matrix of the services."""

import pytest
from django.core.exceptions import PermissionDenied

from parlons.conftest import ROLES
from parlons.debates import services
from parlons.debates.models import Contribution
from parlons.privacy.publication import create_published

EVERYONE_SIGNED_IN = set(ROLES) - {"anonymous"}
CSV = "texte;consentement\nUn formulaire rempli à la main.;oui\n".encode()


def _top(process, author):
    return create_published(Contribution, process=process, author=author, body="Une idée.")


ACTIONS = {
    "submit_contribution": lambda user, process, author: services.submit_contribution(
        actor=user, process=process, body="Texte."
    ),
    "reply": lambda user, process, author: services.reply(
        actor=user, parent=_top(process, author), body="Réponse."
    ),
    "react": lambda user, process, author: services.react(
        actor=user, contribution=_top(process, author), value="agree"
    ),
    "submit_on_behalf": lambda user, process, author: services.submit_on_behalf(
        actor=user, process=process, body="Texte.", consent=True
    ),
    "import_paper_forms": lambda user, process, author: services.import_paper_forms(
        actor=user, process=process, file=CSV
    ),
    "report": lambda user, process, author: services.report(
        actor=user, contribution=_top(process, author), reason="Insulte."
    ),
    "hide": lambda user, process, author: services.hide(
        actor=user, contribution=_top(process, author), reason="Insulte."
    ),
    "restore": lambda user, process, author: services.restore(
        actor=user, contribution=_top(process, author)
    ),
    "answer_officially": lambda user, process, author: services.answer_officially(
        actor=user, contribution=_top(process, author), body="Réponse officielle."
    ),
}

# action -> roles allowed while the running phase opens every component
ALLOWED_WHEN_OPEN = {
    "submit_contribution": EVERYONE_SIGNED_IN,
    "reply": EVERYONE_SIGNED_IN,
    "react": EVERYONE_SIGNED_IN,
    "submit_on_behalf": {"mediator", "organiser", "administrator"},
    "import_paper_forms": {"mediator", "organiser", "administrator"},
    "report": EVERYONE_SIGNED_IN,
    "hide": {"moderator", "administrator"},
    "restore": {"moderator", "administrator"},
    "answer_officially": {"expert", "administrator"},
}
# Paper forms come in after the meetings, reports and moderation never close.
NOT_TIED_TO_THE_PHASE = {"import_paper_forms", "report", "hide", "restore"}


def attempt(action, user, process, author) -> bool:
    try:
        ACTIONS[action](user, process, author)
    except PermissionDenied as error:
        assert str(error), "a refusal always says why, in French"
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_open_phase_allows_exactly_the_expected_roles(action, role, personas, make_process):
    process = make_process()
    assert attempt(action, personas[role], process, personas["citizen"]) is (
        role in ALLOWED_WHEN_OPEN[action]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_closed_phase_allows_only_what_is_not_tied_to_the_phase(
    action, role, personas, make_process
):
    process = make_process(open=())
    expected = action in NOT_TIED_TO_THE_PHASE and role in ALLOWED_WHEN_OPEN[action]
    assert attempt(action, personas[role], process, personas["citizen"]) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "expert", "administrator"])
def test_an_answer_phase_opens_official_answers_but_not_contributions(role, personas, make_process):
    process = make_process(open=("expert_answers", "reply", "react"))
    user = personas[role]
    assert attempt("submit_contribution", user, process, personas["citizen"]) is False
    assert attempt("answer_officially", user, process, personas["citizen"]) is (
        role in {"expert", "administrator"}
    )


@pytest.mark.django_db
def test_nothing_is_written_when_a_service_refuses(personas, make_process):
    process = make_process(open=())
    before = Contribution.objects.count()
    assert (
        attempt("submit_contribution", personas["citizen"], process, personas["citizen"]) is False
    )
    assert Contribution.objects.count() == before
