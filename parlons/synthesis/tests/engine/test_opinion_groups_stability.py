"""How firm the groups are: reruns in other arrival orders, and what they say."""

import numpy as np
import pytest

from parlons.synthesis.engine.opinion_groups import OpinionGroupParameters, find_opinion_groups
from parlons.synthesis.engine.opinion_groups.report import as_french_text

from .test_opinion_groups import planted_votes

pytestmark = pytest.mark.engine


def test_clearly_separated_groups_are_found_again_in_most_orders():
    records, _, _ = planted_votes()

    stability = find_opinion_groups(records).stability

    # Pol.is' start (the first distinct positions) sometimes falls in one camp: 18 of 20 here.
    assert stability.runs == 20
    assert stability.agreeing >= 16
    assert stability.group_counts[3] == stability.agreeing
    assert stability.median_agreement >= 0.99
    assert stability.voters == stability.sample_of == 130


def random_votes(n_voters=150, n_comments=30, seed=3):
    rng = np.random.default_rng(seed)
    return [
        (f"v{voter}", f"c{comment}", int(rng.choice([-1, 1])))
        for voter in range(n_voters)
        for comment in rng.choice(n_comments, 15, replace=False)
    ]


def test_groups_drawn_from_noise_are_reported_fragile():
    result = find_opinion_groups(random_votes())

    assert len(result.group_ids) >= 2  # k-means always cuts somewhere
    assert result.stability.share < 0.5
    text = as_french_text(result)
    assert "ces groupes sont fragiles" in text
    assert f"{result.stability.agreeing} reprise(s) sur 20" in text


def test_firm_groups_are_said_to_be_firm_in_french():
    records, _, _ = planted_votes()
    result = find_opinion_groups(records)

    text = as_french_text(result)

    assert f"Solidité : {result.stability.agreeing} reprise(s) sur 20" in text
    assert "Les groupes sont nets" in text and "fragiles" not in text


def test_the_check_is_reproducible_and_tied_to_the_votes():
    records = random_votes()

    first = find_opinion_groups(records).stability
    again = find_opinion_groups(list(records)).stability
    other = find_opinion_groups(random_votes(seed=4)).stability

    assert first == again
    assert first.as_dict()["share"] == round(first.agreeing / 20, 4)
    assert other != first


def test_beyond_the_sample_size_the_reruns_cluster_a_sample():
    records, _, _ = planted_votes()
    parameters = OpinionGroupParameters(stability_runs=5, stability_sample=50)

    stability = find_opinion_groups(records, parameters=parameters).stability

    assert (stability.runs, stability.voters, stability.sample_of) == (5, 50, 130)
    assert stability.median_agreement >= 0.9
    assert "sur un échantillon de 50 votants" in as_french_text(
        find_opinion_groups(records, parameters=parameters)
    )


def test_no_check_without_reruns_or_with_a_single_group():
    records, _, _ = planted_votes()
    alike = [(f"v{v}", f"c{c}", 1) for v in range(20) for c in range(8)]

    no_reruns = OpinionGroupParameters(stability_runs=0)

    assert find_opinion_groups(records, parameters=no_reruns).stability is None
    assert find_opinion_groups(alike).stability is None
    assert find_opinion_groups(alike).as_dict()["stability"] is None
