import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from parlons.synthesis.engine.duplicates import DuplicateParameters
from parlons.synthesis.engine.theme_report import themes_as_french_text, themes_as_json
from parlons.synthesis.engine.themes import (
    NO_CONTENT_THEME_ID,
    ThemeParameters,
    automatic_theme_count,
    find_themes,
    theme_sample_size,
)

from .themes_corpus import TOPICS, generated_contributions

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def corpus():
    rows = generated_contributions(per_topic=60)
    campaign = "Nous voulons une maison de santé avec un médecin généraliste dans le bourg"
    rows += [(f"camp-{n}", f"{campaign}. Signé : habitant {n}", "santé") for n in range(30)]
    rows += [("vide-1", "RAS", None), ("vide-2", "Néant", None), ("vide-3", "ras.", None)]
    return rows


@pytest.fixture(scope="module")
def result(corpus):
    return find_themes(((row[0], row[1]) for row in corpus), ThemeParameters(n_themes=4))


def test_themes_recover_the_generated_topics(corpus, result):
    theme_of = {member: theme.id for theme in result.themes for member in theme.members}
    with_topic = [row for row in corpus if row[2] is not None]
    score = adjusted_rand_score(
        [row[2] for row in with_topic], [theme_of[row[0]] for row in with_topic]
    )
    assert score >= 0.9


def test_every_id_is_in_exactly_one_theme(corpus, result):
    members = [member for theme in result.themes for member in theme.members]
    assert sorted(members) == sorted(row[0] for row in corpus)
    assert [theme.size for theme in result.themes] == [len(t.members) for t in result.themes]


def test_texts_without_any_word_go_to_theme_zero(result):
    empty = result.theme(NO_CONTENT_THEME_ID)
    assert sorted(empty.members) == ["vide-1", "vide-2", "vide-3"]
    assert empty.keywords == []
    assert empty.representatives[0] in ("vide-1", "vide-3")


def test_a_campaign_is_one_duplicate_group_inside_one_theme(result):
    campaign = [group for group in result.duplicates if group.count == 30]
    assert len(campaign) == 1
    position = result.duplicates.index(campaign[0])
    theme = result.theme(result.theme_of_duplicate_group[position])
    assert set(campaign[0].members) <= set(theme.members)


def test_keywords_are_topic_lemmas_without_stop_words_or_places(result):
    topic_words = {word for words in TOPICS.values() for phrase in words for word in phrase.split()}
    for theme in result.themes:
        if theme.id == NO_CONTENT_THEME_ID:
            continue
        assert theme.keywords, theme
        assert theme.keywords[0].split()[0] in {w.rstrip("s") for w in topic_words} | topic_words
        for keyword in theme.keywords:
            assert not {"le", "de", "et", "lyon", "bretagne", "falloir", "penser"} & set(
                keyword.split()
            )


def test_places_are_metadata_of_themes(result):
    places = {place for theme in result.themes for place, _ in theme.places}
    assert {"lyon", "bretagne"} <= places


def test_representatives_are_distinct_members_of_their_theme(result):
    for theme in result.themes:
        assert 1 <= len(theme.representatives) <= 5
        assert set(theme.representatives) <= set(theme.members)
        assert len(set(theme.representative_texts)) == len(theme.representative_texts)


def test_themes_are_numbered_by_decreasing_size(result):
    with_content = [theme for theme in result.themes if theme.id != NO_CONTENT_THEME_ID]
    assert [theme.id for theme in with_content] == [1, 2, 3, 4]
    assert [theme.size for theme in with_content] == sorted(
        (theme.size for theme in with_content), reverse=True
    )


def test_provenance_names_method_parameters_and_input(result, corpus):
    provenance = result.provenance
    assert "c-TF-IDF" in provenance.method
    assert provenance.parameters["n_themes_chosen"] == 4
    assert provenance.parameters["n_themes_automatic"] is False
    assert provenance.input_size == len(corpus)
    assert provenance.input_hash.startswith("sha256:")


def test_same_input_same_themes(corpus, result):
    again = find_themes(((row[0], row[1]) for row in corpus), ThemeParameters(n_themes=4))
    assert [(t.id, t.members, t.keywords) for t in again.themes] == [
        (t.id, t.members, t.keywords) for t in result.themes
    ]
    assert again.provenance.input_hash == result.provenance.input_hash


def test_tiny_corpora_take_a_readable_number_of_themes():
    parameters = ThemeParameters()
    assert automatic_theme_count(10, parameters) == 2
    assert automatic_theme_count(2_000, parameters) == 14
    assert automatic_theme_count(2_000_000, parameters) == 30
    rows = generated_contributions(per_topic=5, seed=2)
    result = find_themes((row[0], row[1]) for row in rows)
    assert result.provenance.parameters["n_themes_rule"] == "sqrt(textes / 10)"


def test_automatic_number_of_themes_lands_near_the_true_number():
    # 4 generated topics x 120 texts: the modularity knee of the neighbour graph.
    rows = generated_contributions(per_topic=120, seed=3)
    assert len(TOPICS) == 4
    result = find_themes((row[0], row[1]) for row in rows)
    chosen = result.provenance.parameters
    assert chosen["n_themes_automatic"] is True
    assert chosen["n_themes_rule"].startswith("coude")
    assert 3 <= chosen["n_themes_chosen"] <= 5
    assert len(chosen["modularity_by_theme_count"]) > 5
    theme_of = {member: theme.id for theme in result.themes for member in theme.members}
    assert adjusted_rand_score([r[2] for r in rows], [theme_of[r[0]] for r in rows]) >= 0.8


def test_automatic_themes_are_deterministic():
    rows = generated_contributions(per_topic=100, seed=4)
    parameters = ThemeParameters(theme_sample=250)
    first = find_themes(((row[0], row[1]) for row in rows), parameters)
    again = find_themes(((row[0], row[1]) for row in rows), parameters)
    assert [(t.id, t.members, t.keywords, t.representatives) for t in first.themes] == [
        (t.id, t.members, t.keywords, t.representatives) for t in again.themes
    ]
    assert first.provenance.parameters == again.provenance.parameters


def test_texts_outside_the_sample_get_the_theme_of_their_topic():
    rows = generated_contributions(per_topic=80, seed=5)
    result = find_themes(
        ((row[0], row[1]) for row in rows),
        ThemeParameters(n_themes=4, theme_sample=120, vocabulary_sample=150, chunk_texts=97),
    )
    assert result.provenance.parameters["theme_sample_size"] == 120
    theme_of = {member: theme.id for theme in result.themes for member in theme.members}
    assert adjusted_rand_score([r[2] for r in rows], [theme_of[r[0]] for r in rows]) >= 0.9


def test_tiny_inputs_do_not_fail():
    assert find_themes([]).themes == []
    single = find_themes([("a", "Plus de pistes cyclables")])
    assert [(t.id, t.members) for t in single.themes] == [(1, ["a"])]
    only_empty = find_themes([("a", "RAS"), ("b", "...")])
    assert [(t.id, sorted(t.members)) for t in only_empty.themes] == [(0, ["a", "b"])]
    two = find_themes([("a", "vélo vélo"), ("b", "hôpital médecin")], ThemeParameters(n_themes=5))
    assert sorted(len(t.members) for t in two.themes) == [1, 1]


def test_json_has_exactly_the_published_keys(result):
    document = themes_as_json(result)
    assert set(document) == {"themes", "duplicates", "provenance"}
    assert all(
        set(theme) == {"id", "keywords", "size", "members", "representatives"}
        for theme in document["themes"]
    )
    assert all(set(group) == {"members"} for group in document["duplicates"])


def test_french_summary_reads_as_a_proposal(result):
    text = themes_as_french_text(result)
    assert "4 thèmes (et les textes sans contenu)" in text
    assert "proposition de la machine" in text
    assert "Thème 0 — sans contenu exploitable" in text
    assert "30 fois" in text


def test_duplicate_parameters_are_passed_through():
    rows = [(n, "Une phrase répétée presque pareille numéro " + "x" * (n % 2)) for n in range(6)]
    strict = find_themes(rows, ThemeParameters(duplicates=DuplicateParameters(threshold=0.99)))
    assert strict.provenance.parameters["duplicates"]["threshold"] == 0.99
    assert np.sum([group.count for group in strict.duplicates]) == 6


def test_themes_mix_in_sentence_embeddings_unless_switched_off(result):
    assert result.provenance.parameters["sentence_embeddings_used"] is True
    assert "Universal Sentence Encoder" in result.provenance.parameters["sentence_embedding_model"]
    rows = [(row[0], row[1]) for row in generated_contributions(per_topic=10)]
    lexical = find_themes(rows, ThemeParameters(n_themes=4, sentence_embeddings="off"))
    assert lexical.provenance.parameters["sentence_embeddings_used"] is False
    sampled = find_themes(rows, ThemeParameters(n_themes=4, theme_sample=20))
    assert sampled.provenance.parameters["sentence_embeddings_used"] is True
    assert sampled.provenance.parameters["theme_sample_size"] == 20


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["RAS", "Néant", "", "...", "Des bus", "des bus !"]),
            st.text(alphabet="abcdéèà ,.'", max_size=60),
        ),
        max_size=40,
    ),
    st.integers(min_value=1, max_value=6),
)
def test_every_record_lands_in_exactly_one_theme_whatever_the_texts(texts, theme_count):
    result = find_themes(
        enumerate(texts), ThemeParameters(n_themes=theme_count, sentence_embeddings="off")
    )
    members = sorted(member for theme in result.themes for member in theme.members)
    assert members == list(range(len(texts)))
    for group, theme_id in zip(result.duplicates, result.theme_of_duplicate_group, strict=True):
        assert set(group.members) <= set(result.theme(theme_id).members)


def test_same_input_same_themes_whatever_the_process_read_before(corpus):
    """Themes depend on their input alone, not on the texts this process read earlier."""
    from parlons.synthesis.engine.text import default_lexicon

    def themes():
        found = find_themes(((row[0], row[1]) for row in corpus), ThemeParameters(n_themes=4))
        return [(t.id, t.members, t.keywords) for t in found.themes]

    default_lexicon.cache_clear()
    first = themes()
    default_lexicon.cache_clear()
    lexicon = default_lexicon()
    for row in reversed(corpus):  # the same words, met in another order and more often
        lexicon.term_numbers(row[1].upper())
        lexicon.term_numbers(row[1])
    assert themes() == first


def test_the_sample_grows_with_the_corpus_between_its_bounds():
    parameters = ThemeParameters()
    sizes = [theme_sample_size(n, parameters) for n in (300, 2_000, 5_000, 8_335, 13_006, 40_000)]
    assert sizes == [300, 2_000, 2_500, 2_500, 3_252, 5_000]
    assert theme_sample_size(10_000, ThemeParameters(theme_sample=120)) == 120
