import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.synthesis.engine.duplicates import (
    DuplicateFinder,
    DuplicateParameters,
    MinHasher,
    find_duplicates,
)

pytestmark = pytest.mark.engine

CAMPAIGN = (
    "Nous demandons le maintien de la ligne de bus 12 entre le centre et le quartier des "
    "Tilleuls, indispensable aux personnes âgées et aux lycéens qui n'ont pas de voiture."
)
SIGNATURES = ["Jeanne Martin", "Paul Durand, retraité", "Famille Benali", "Lucie", "M. et Mme Roux"]


def campaign_copies(count: int) -> list[str]:
    generator = random.Random(3)
    copies = []
    for number in range(count):
        text = CAMPAIGN
        if number % 3 == 0:
            text = text.replace("indispensable", "vraiment indispensable")
        if number % 4 == 1:
            text = text.upper()
        copies.append(f"{text} {generator.choice(SIGNATURES)}")
    return copies


DISTINCT = [
    "Installer des bancs ombragés sur la place du marché pour les anciens.",
    "Créer une piste cyclable sécurisée le long de la départementale jusqu'au collège.",
    "Ouvrir la médiathèque le dimanche après-midi pour les familles qui travaillent.",
    "Planter des arbres fruitiers dans le parc et laisser les habitants cueillir.",
    "Mettre un éclairage public plus sobre, éteint entre une heure et cinq heures.",
]


def test_empty_answers_written_differently_are_one_group_with_their_count():
    records = [(1, "RAS"), (2, "R.A.S."), (3, "ras !"), (4, "Néant"), (5, "neant"), (6, "Ras")]
    groups = find_duplicates(records).groups()
    assert [(sorted(group.members), group.distinct_texts) for group in groups] == [
        ([1, 2, 3, 6], 1),
        ([4, 5], 1),
    ]
    assert groups[0].representative_text == "RAS"


def test_a_campaign_with_signatures_and_small_edits_is_one_group():
    texts = campaign_copies(40) + DISTINCT
    index = find_duplicates(enumerate(texts))
    groups = index.groups()
    assert len(groups) == 1
    assert sorted(groups[0].members) == list(range(40))
    assert groups[0].count == 40
    assert groups[0].distinct_texts > 1


def test_distinct_texts_stay_alone():
    index = find_duplicates(enumerate(DISTINCT * 1 + ["Rien à voir avec le reste du tout."]))
    assert index.groups() == []
    assert index.group_count == len(DISTINCT) + 1


def test_short_texts_are_only_grouped_when_identical_after_folding():
    records = enumerate(["Le maire", "Les maires", "le maire.", "Le préfet"])
    groups = find_duplicates(records).groups()
    assert [sorted(group.members) for group in groups] == [[0, 2]]


def test_chained_texts_are_not_pulled_into_a_group_they_do_not_resemble():
    base = [
        "une",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
    ]
    chain = []
    for shift in range(0, 12, 2):
        # Each text differs from the previous one by two words, from the first one by many.
        words = base[:]
        for position in range(shift):
            words[position] = f"autre{position}"
        chain.append(" ".join(words))
    index = find_duplicates(enumerate(chain), DuplicateParameters(threshold=0.6))
    for group in index.groups():
        representative = set(group.representative_text.split())
        for member in group.members:
            shared = len(representative & set(chain[member].split())) / len(
                representative | set(chain[member].split())
            )
            assert shared >= 0.45, (group.representative_text, chain[member])


def test_records_are_read_once_as_a_stream_and_the_input_is_hashed():
    def stream():
        yield from enumerate(campaign_copies(5))

    index = DuplicateFinder().add_all(stream()).finish()
    assert index.provenance.input_size == 5
    other = find_duplicates(enumerate(campaign_copies(5)[:-1] + ["autre texte"]))
    assert index.provenance.input_hash.startswith("sha256:")
    assert index.provenance.input_hash != other.provenance.input_hash
    assert index.provenance.parameters["threshold"] == 0.7


def test_every_record_is_in_exactly_one_group():
    texts = campaign_copies(12) + DISTINCT + ["RAS", "ras", "Non", "non."]
    index = find_duplicates(enumerate(texts))
    members = [member for group in index.members_by_group() for member in group]
    assert sorted(members) == list(range(len(texts)))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=30, max_size=30, unique=False),
    st.integers(min_value=0, max_value=20),
)
def test_minhash_agreement_estimates_the_jaccard_of_word_pairs(letters, changed):
    words = [letter * 3 + str(position) for position, letter in enumerate(letters)]
    other = words[:]
    for position in range(changed):
        other[position] = f"x{position}"
    hasher = MinHasher(DuplicateParameters(num_perm=256))
    first, second = hasher.signatures([words, other])
    pairs = {tuple(words[i : i + 2]) for i in range(len(words) - 1)}
    other_pairs = {tuple(other[i : i + 2]) for i in range(len(other) - 1)}
    jaccard = len(pairs & other_pairs) / len(pairs | other_pairs)
    assert abs(np.mean(first == second) - jaccard) < 0.15


def test_short_texts_that_swap_a_content_word_or_add_a_negation_are_different_voices():
    records = [
        (1, "Il faut supprimer le Sénat et le CESE"),
        (2, "Il faut fusionner le Sénat et le CESE"),
        (3, "Plus de démocratie participative au niveau local"),
        (4, "Plus de démocratie participative au niveau local et régional"),
        (5, "Le respect des lois et des personnes au quotidien"),
        (6, "Le non respect des lois et des personnes au quotidien"),
    ]
    groups = find_duplicates(records, DuplicateParameters(threshold=0.6)).groups()
    assert [sorted(group.members) for group in groups] == [[3, 4]]
