"""Themes against real answers nobody here wrote: do they find which question was answered?

Every answer in the Grand Débat samples answers a known question. Mixing the
answers to several questions, a good theming puts answers to one question
together: we measure it with normalised mutual information (NMI) and the
adjusted Rand index (ARI), against a plain TF-IDF + k-means baseline run on
the same texts, with the same number of clusters.
"""

import csv
import random
from pathlib import Path

import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from parlons.synthesis.engine.themes import ThemeParameters, find_themes

pytestmark = pytest.mark.engine

SAMPLES = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "granddebat"
SAMPLES = SAMPLES / "question_samples"
QUESTIONS = [
    "gd_animation_democratie_43.csv",  # immigration
    "gd_animation_fiscalite_13.csv",  # taxes to lower first
    "gd_animation_transition_20.csv",  # changing one's heating
    "gd_animation_organisation_16.csv",  # public services on the Internet
    "gd_animation_democratie_30.csv",  # laïcité
    "gd_animation_democratie_36.csv",  # incivilities
]
PER_QUESTION = 700


@pytest.fixture(scope="module")
def mixed_answers():
    if not SAMPLES.is_dir():
        pytest.skip(f"données réelles absentes : {SAMPLES}")
    generator = random.Random(2019)
    rows = []
    for question, name in enumerate(QUESTIONS):
        with (SAMPLES / name).open(encoding="utf-8", newline="") as stream:
            answers = [row["comment"] for row in csv.DictReader(stream)]
        for answer in generator.sample(answers, PER_QUESTION):
            rows.append((len(rows), answer, question))
    return rows


def scores(rows, predicted):
    truth = [row[2] for row in rows]
    return normalized_mutual_info_score(truth, predicted), adjusted_rand_score(truth, predicted)


def themes_of(rows, **parameters):
    return find_themes(
        [(row[0], row[1]) for row in rows],
        ThemeParameters(n_themes=len(QUESTIONS), **parameters),
    )


def labels(rows, result):
    theme_of = {member: theme.id for theme in result.themes for member in theme.members}
    return [theme_of[row[0]] for row in rows]


@pytest.fixture(scope="module")
def default_result(mixed_answers):
    return themes_of(mixed_answers)


def test_themes_find_the_questions_clearly_better_than_tf_idf_k_means(
    mixed_answers, default_result
):
    texts = [row[1] for row in mixed_answers]
    baseline = KMeans(len(QUESTIONS), n_init=1, random_state=0).fit_predict(
        TfidfVectorizer().fit_transform(texts)
    )
    baseline_nmi, baseline_ari = scores(mixed_answers, baseline)
    # The default mixes in sentence embeddings (of at most `theme_sample` texts).
    assert default_result.provenance.parameters["sentence_embeddings_used"] is True
    ours_nmi, ours_ari = scores(mixed_answers, labels(mixed_answers, default_result))
    lexical = themes_of(mixed_answers, sentence_embeddings="off")
    lexical_nmi, lexical_ari = scores(mixed_answers, labels(mixed_answers, lexical))

    print(f"NMI ours {ours_nmi:.3f} lexical only {lexical_nmi:.3f} baseline {baseline_nmi:.3f}")
    print(f"ARI ours {ours_ari:.3f} lexical only {lexical_ari:.3f} baseline {baseline_ari:.3f}")
    for nmi, ari in ((ours_nmi, ours_ari), (lexical_nmi, lexical_ari)):
        assert nmi >= baseline_nmi + 0.1
        assert ari >= baseline_ari + 0.05
        assert nmi >= 1.5 * baseline_nmi
    assert ours_nmi > lexical_nmi


def test_empty_answers_of_the_real_data_end_in_theme_zero(mixed_answers, default_result):
    empty = default_result.theme(0)
    texts = {mixed_answers[member][1].strip().lower().rstrip(".") for member in empty.members}
    assert {"ras", "je ne sais pas"} & texts
    assert empty.size < 0.1 * len(mixed_answers)


def test_the_automatic_number_of_themes_is_near_the_number_of_questions(mixed_answers):
    result = find_themes([(row[0], row[1]) for row in mixed_answers])
    chosen = result.provenance.parameters["n_themes_chosen"]
    print(f"automatic: {chosen} themes for {len(QUESTIONS)} questions")
    assert len(QUESTIONS) - 2 <= chosen <= len(QUESTIONS) + 2
    nmi, ari = scores(mixed_answers, labels(mixed_answers, result))
    print(f"automatic: NMI {nmi:.3f} ARI {ari:.3f}")
    assert nmi >= 0.6
    assert ari >= 0.6
