"""Every project gets a sentence in plain French saying whether it was selected and why."""

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.budgets.counting import (
    RULES,
    build_election,
    count_election,
    describe_count,
    explain_result,
    parse_pabulib,
)
from parlons.budgets.counting.explanations import format_amount, format_number, format_score
from parlons.budgets.formatting import euros
from parlons.budgets.tests.counting.elections import election_texts
from parlons.budgets.tests.typography import explained, plain

pytestmark = pytest.mark.engine


def explained_result(result) -> dict[str, str]:
    return explained(explain_result(result))


def city(projects, ballots, budget, vote_type="approval", **meta):
    return build_election(
        meta={"budget": budget, "vote_type": vote_type, "currency": "EUR", **meta},
        projects=[
            {"project_id": pid, "cost": cost, **extra}
            for pid, cost, *rest in projects
            for extra in [rest[0] if rest else {}]
        ],
        ballots=ballots,
    )


def test_greedy_says_votes_cost_and_what_was_left():
    election = city(
        [("parc", 40_000), ("piste", 300_000), ("banc", 10_000)],
        [["parc"]] * 1240 + [["piste"]] * 800 + [["banc"]] * 300 + [["parc", "piste"]] * 0,
        budget=2_150_000 - 1_880_000,
    )
    texts = explained_result(count_election(election, "greedy"))
    assert texts["parc"] == (
        "sélectionné : 1 240 voix, 40 000 €, il restait 230 000 € (1er au classement)"
    )
    assert texts["piste"] == (
        "non sélectionné : son coût de 300 000 € dépassait les 230 000 € qui restaient "
        "quand son tour est venu (800 voix, 2e au classement)"
    )
    assert texts["banc"].startswith("sélectionné : 300 voix, 10 000 €, il restait 220 000 €")


def test_the_issue_examples_read_the_same_in_french():
    election = city(
        [("a", 40_000), ("b", 300_000)],
        [["a"]] * 1240 + [["b"]] * 100,
        budget=2_150_000,
    )
    texts = explained_result(count_election(election, "greedy"))
    assert texts["a"].startswith("sélectionné : 1 240 voix, 40 000 €, il restait 2 110 000 €")
    tight = city([("a", 2_030_000), ("b", 300_000)], [["a"]] * 9 + [["b"]] * 3, budget=2_150_000)
    assert explained_result(count_election(tight, "greedy"))["b"].startswith(
        "non sélectionné : son coût de 300 000 € dépassait les 120 000 € qui restaient "
        "quand son tour est venu"
    )


def test_threshold_ties_and_unsupported_projects_are_explained():
    election = city(
        [("a", 5), ("b", 5), ("c", 5), ("d", 1)],
        [["a", "b"]] * 3 + [["c"]] * 2,
        budget=7,
    )
    texts = explained_result(count_election(election, "greedy", min_score=3))
    assert texts["a"].startswith("sélectionné : 3 voix")
    assert "à égalité avec b" in texts["a"] and "ordre des identifiants" in texts["a"]
    assert texts["b"].startswith("non sélectionné : son coût de 5 € dépassait les 2 €")
    assert texts["c"] == (
        "non sélectionné : 2 voix, sous le seuil de 3 voix exigé pour qu'un projet puisse être retenu"
    )
    assert texts["d"].startswith("non sélectionné : 0 voix, sous le seuil")
    without_threshold = explained_result(count_election(election, "greedy"))
    assert "personne ne l'avait soutenu" in without_threshold["d"]


def test_utilitarian_and_equal_shares_explain_with_totals_and_payments():
    election = city(
        [("a", 6), ("b", 5), ("c", 5)],
        [["a"]] * 5 + [["b"]] * 3 + [["c"]] * 3,
        budget=10,
    )
    utilitarian = explained_result(count_election(election, "utilitarian"))
    assert utilitarian["b"].startswith(
        "sélectionné : 3 voix, 5 € ; il fait partie de la combinaison"
    )
    assert "(6 voix au total pour 10 €)" in utilitarian["b"]
    assert utilitarian["a"].startswith("non sélectionné : 5 voix, 6 € ;")
    assert "contre 6 voix pour la combinaison retenue" in utilitarian["a"]

    shares = explained_result(
        count_election(city([("a", 6), ("b", 5)], [["a"]] * 8 + [["b"]] * 3, budget=10), "mes-cost")
    )
    assert shares["a"] == (
        "sélectionné au tour 1 : ses 8 soutiens ont payé ses 6 € sur leur part, au plus "
        "0,75 € chacun (part de départ : 0,91 € par votant)"
    )
    assert shares["b"] == (
        "non sélectionné : ses 3 soutiens n'avaient plus que 2,73 € sur leur part, moins que "
        "son coût de 5 € ; même au départ, leurs parts ne réunissaient que 2,73 €"
    )


def test_completion_says_how_far_the_share_was_raised():
    election = city([("a", 6), ("b", 5)], [["a"]] * 2 + [["b"]] * 8, budget=11)
    result = count_election(election, "mes-cost-completed")
    assert set(result.selected_ids) == {"a", "b"}
    notes = [plain(note) for note in describe_count(result)]
    assert any(note.startswith("part par votant portée de 1,1 € à") for note in notes)


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    rule=st.sampled_from(RULES),
    vote_type=st.sampled_from(["approval", "ordinal", "cumulative"]),
)
def test_every_project_gets_a_sentence_that_agrees_with_the_result(data, rule, vote_type):
    election = parse_pabulib(data.draw(election_texts(vote_type, max_voters=8)))
    result = count_election(election, rule)
    texts = explained_result(result)
    assert list(texts) == [project.project_id for project in election.projects]
    for project_id, text in texts.items():
        if project_id in result.selected_ids:
            assert text.startswith("sélectionné"), text
        else:
            assert text.startswith("non sélectionné"), text


def district_city():
    return city(
        [
            ("n1", 5, {"district": "Nord"}),
            ("n2", 5, {"district": "Nord"}),
            ("s1", 5, {"district": "Sud"}),
        ],
        [["n1"]] * 3 + [["n2", "s1"]] * 2,
        budget=10,
    )


def test_a_file_with_districts_is_counted_as_one_budget_as_it_says():
    result = count_election(district_city(), "greedy")
    assert not result.by_district and [d.name for d in result.districts] == [None]
    assert result.budget == 10
    assert result.selected_ids == ["n1", "n2"]
    assert plain(describe_count(result)[0]) == (
        "décompte d'un seul budget de 10 € pour tous les projets, comme le fichier l'indique ; "
        "ses projets indiquent leur quartier (2 quartiers) mais le fichier ne donne pas de "
        "budget par quartier : un décompte par quartier demande le budget de chacun"
    )


def test_districts_are_counted_apart_only_with_their_budgets_and_named_in_each_sentence():
    result = count_election(district_city(), "greedy", district_budgets={"Nord": 5, "Sud": 6})
    assert result.by_district and [d.name for d in result.districts] == ["Nord", "Sud"]
    assert [d.budget for d in result.districts] == [5, 6]
    texts = explained_result(result)
    assert texts["n1"].startswith("quartier Nord : sélectionné")
    assert texts["n2"].startswith("quartier Nord : non sélectionné")
    assert texts["s1"].startswith("quartier Sud : sélectionné")
    assert describe_count(result)[0].startswith(
        "décompte par quartier, comme demandé : 2 quartiers"
    )


@pytest.mark.parametrize(
    ("budgets", "message"),
    [
        ({"Nord": 5}, "budget manquant pour le(s) quartier(s) : Sud"),
        ({"Nord": 5, "Sud": 5, "Est": 1}, "quartier(s) inconnu(s) dans ce fichier : Est"),
        ({"Nord": 5, "Sud": 0}, "le budget du quartier Sud doit être positif"),
    ],
)
def test_district_budgets_must_name_every_district_and_only_them(budgets, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        count_election(district_city(), "greedy", district_budgets=budgets)


def test_a_count_by_district_needs_every_project_to_name_one():
    election = city([("a", 5, {"district": "Nord"}), ("b", 5, {})], [["a"]], budget=10)
    with pytest.raises(ValueError, match="n'indiquent pas tous leur quartier"):
        count_election(election, "greedy", district_budgets={"Nord": 5})


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1240, "1\u202f240"),
        (2_110_000, "2\u202f110\u202f000"),
        (Fraction(2_110_000_5, 10), "2\u202f110\u202f000,5"),
        (Fraction(13132, 100), "131,32"),
        (Fraction(5, 2), "2,5"),
        (Fraction(1, 3), "0,33"),
        (Fraction(-7, 2), "-3,5"),
        (0, "0"),
    ],
)
def test_numbers_are_written_the_french_way(value, text):
    assert format_number(value) == text


def test_units_agree_in_number():
    # A narrow no-break space between thousands, a no-break space before the unit: an
    # amount never wraps, and reads as on the rest of the site (formatting.euros).
    assert format_amount(40_000, "EUR") == "40\u202f000\xa0€" == euros(40_000)
    assert format_amount(40_000, "PLN") == "40\u202f000\xa0PLN"  # another currency: its code
    assert format_score(1, "points") == "1\xa0point"
    assert format_score(3, "points") == "3\xa0points"
    assert format_score(1, "votes") == "1\xa0voix"
