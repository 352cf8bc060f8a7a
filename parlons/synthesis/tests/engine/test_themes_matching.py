import random

import pytest

from parlons.synthesis.engine.theme_matching import (
    PreviousTheme,
    apply_matching,
    keyword_similarity,
    match_themes,
)
from parlons.synthesis.engine.themes import ThemeParameters, find_themes

from .themes_corpus import generated_contributions

pytestmark = pytest.mark.engine

NEW_TOPIC = ["marché", "producteurs locaux", "halle", "maraîchers", "circuit court", "fromager"]


def validated(result):
    return [
        PreviousTheme(
            id=10 * theme.id,
            keywords=tuple(theme.keywords),
            members=frozenset(str(member) for member in theme.members),
            label=f"nommé {theme.keywords[0]}" if theme.keywords else "",
        )
        for theme in result.themes
    ]


@pytest.fixture(scope="module")
def first_and_second_runs():
    rows = generated_contributions(per_topic=40, seed=7)
    first = find_themes([(r[0], r[1]) for r in rows[:100]], ThemeParameters(n_themes=4))
    generator = random.Random(8)
    market = [
        (f"mar-{n}", "Il faudrait un {} et des {}.".format(*generator.sample(NEW_TOPIC, 2)))
        for n in range(40)
    ]
    second = find_themes([(r[0], r[1]) for r in rows] + market, ThemeParameters(n_themes=5))
    return first, second


def test_themes_found_again_keep_the_validated_id_and_name(first_and_second_runs):
    first, second = first_and_second_runs
    previous = validated(first)
    matching = apply_matching(second, previous)
    assert sorted(match.previous_id for match in matching.matches) == [10, 20, 30, 40]
    for old in previous:
        if old.id == 0:
            continue
        again = second.theme(old.id)
        assert again.label == old.label
        assert old.members <= {str(member) for member in again.members}
    assert second.matching["previous_not_found"] == []


def test_a_theme_that_did_not_exist_gets_a_fresh_id(first_and_second_runs):
    first, second = first_and_second_runs
    matching = match_themes(second.themes, validated(first))
    assert len(matching.new_theme_ids) == 1
    new_id = matching.new_theme_ids[0]
    assert new_id == 41
    new_theme = next(t for t in second.themes if matching.id_of_new_theme[t.id] == new_id)
    assert all(str(member).startswith("mar-") for member in new_theme.members)


def test_keywords_alone_match_when_no_contribution_is_shared(first_and_second_runs):
    first, second = first_and_second_runs
    previous = [
        PreviousTheme(id=old.id, keywords=old.keywords, label=old.label) for old in validated(first)
    ]
    matching = match_themes(second.themes, previous)
    assert sorted(match.previous_id for match in matching.matches) == [10, 20, 30, 40]


def test_a_validated_theme_not_found_is_reported():
    previous = [PreviousTheme(id=7, keywords=("fusée", "lune"), members=frozenset({"x"}))]
    result = find_themes([("a", "Des bus et des trains"), ("b", "Des bus la nuit")])
    matching = match_themes(result.themes, previous)
    assert matching.matches == []
    assert matching.previous_not_found == [7]
    assert matching.new_theme_ids == [8, 9][: len(result.themes)]


def test_keyword_similarity_weights_the_first_keywords_most():
    assert keyword_similarity(["bus", "train"], ["bus", "train"]) == pytest.approx(1.0)
    assert keyword_similarity(["bus", "train"], ["vélo"]) == 0.0
    first_shared = keyword_similarity(["bus", "a", "b"], ["bus", "c", "d"])
    last_shared = keyword_similarity(["a", "b", "bus"], ["c", "d", "bus"])
    assert first_shared > last_shared
