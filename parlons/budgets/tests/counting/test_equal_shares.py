"""Equal shares: the completion's shortcut (skipping the steps a certified run proves
alike) gives exactly what running every step gives, and the large-election path
(runs by payments: floating-point estimates, then exact α's) gives what the exact path gives."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlons.budgets.counting import equal_shares as equal_shares_module
from parlons.budgets.counting import parse_pabulib
from parlons.budgets.counting.equal_shares import engine as engine_module
from parlons.budgets.counting.equal_shares import equal_shares
from parlons.budgets.counting.equal_shares.engine import EqualSharesEngine
from parlons.budgets.counting.profile import build_profile
from parlons.budgets.tests.counting.elections import election_texts

pytestmark = pytest.mark.engine

SATISFACTIONS = ["cost", "cardinality", "points"]


def every_step(profile, satisfaction) -> tuple[int, list[int]]:
    """The completion's first part the way pabutools runs it: one run per 1% step."""
    engine = EqualSharesEngine(profile, satisfaction)
    voters = profile.num_voters
    share, step = profile.budget / voters, profile.budget / (voters * 100)
    _, payable = engine.eligible()
    previous = None
    steps = 0
    while steps < 3000:
        run = engine.run(share + steps * step)
        spent = sum((profile.costs[i] for i in run.selected), Fraction(0))
        if spent > profile.budget:
            return steps - 1, previous
        left = profile.budget - spent
        if all(i in run.selected or profile.costs[i] > left for i in payable):
            return steps, run.selected
        previous = run.selected
        steps += 1
    return None, None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    vote_type=st.sampled_from(["approval", "approval", "cumulative", "ordinal"]),
    satisfaction=st.sampled_from(SATISFACTIONS),
)
def test_skipping_alike_steps_gives_what_running_every_step_gives(data, vote_type, satisfaction):
    text = data.draw(election_texts(vote_type, max_projects=7, max_voters=40))
    profile = build_profile(
        parse_pabulib(text), measure="points" if satisfaction == "points" else "votes"
    )
    if profile.num_voters == 0:
        return
    steps, selected = every_step(profile, satisfaction)
    if steps is None:
        return
    outcome = equal_shares(profile, satisfaction, completed=True)
    assert outcome.details["steps"] == steps
    before_fill = [i for i in outcome.selected if outcome.decisions[i].reason in ("bought", "free")]
    assert before_fill == selected
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_module, "SMALL", -1)  # the path of large elections
        large = equal_shares(profile, satisfaction, completed=True)
        # Many distinct ballots: certified runs only on plateaus of alike steps.
        patch.setattr(equal_shares_module, "CERTIFY_UP_TO_GROUPS", -1)
        patch.setattr(equal_shares_module, "PLATEAU", 1)
        plateaus = equal_shares(profile, satisfaction, completed=True)
    assert large.details["steps"] == steps and large.selected == outcome.selected
    assert plateaus.details["steps"] == steps and plateaus.selected == outcome.selected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    vote_type=st.sampled_from(["approval", "cumulative"]),
    satisfaction=st.sampled_from(SATISFACTIONS),
    share_percent=st.integers(100, 400),
)
def test_screened_runs_of_large_elections_decide_as_exact_ones(
    data, vote_type, satisfaction, share_percent
):
    text = data.draw(election_texts(vote_type, max_projects=7, max_voters=40))
    profile = build_profile(
        parse_pabulib(text), measure="points" if satisfaction == "points" else "votes"
    )
    if profile.num_voters == 0:
        return
    share = profile.budget / profile.num_voters * share_percent / 100
    exact = EqualSharesEngine(profile, satisfaction, small=True).run(share)  # fractions
    large = EqualSharesEngine(profile, satisfaction, small=False)
    screened = large.run(share)
    certified = large.run(share, certify=True)
    assert screened.selected == exact.selected
    assert certified.selected == exact.selected
    keys = ("rho", "largest_payment", "paid_all_they_had", "tied_with", "round")
    assert {i: [f[k] for k in keys] for i, f in screened.bought.items()} == {
        i: [f[k] for k in keys] for i, f in exact.bought.items()
    }
    exact_engine = EqualSharesEngine(profile, satisfaction, small=True)
    for index in range(profile.num_projects):
        assert large.remaining_of_supporters(
            screened, index
        ) == exact_engine.remaining_of_supporters(exact, index)
