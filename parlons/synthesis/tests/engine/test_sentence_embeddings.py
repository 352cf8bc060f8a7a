"""The factored forward pass gives the package's own vectors, piece for piece."""

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest

from parlons.synthesis.engine import sentence_embeddings

from .themes_corpus import generated_contributions

pytestmark = pytest.mark.engine

ANSWERS = (
    Path(__file__).resolve().parents[4]
    / ".."
    / "shared"
    / "data"
    / "granddebat"
    / "question_samples"
)

AWKWARD = [
    "",
    "   ",
    "\n\t",
    "Vélo",
    "vélos, VÉLOS et velo !",
    "Il faut des pistes cyclables 🚲 rue Pasteur — vraiment.",
    "l'école d'à côté n'a qu'un préau",
    "Ｐｌｅｉｎ ｌａｒｇｅ",  # full-width letters: the normaliser folds them
    "Ἀθῆναι и Москва, 東京 et القاهرة",
    "1 000 € ; 12,5 % ; 3e étage",
    # Spaces of every kind: the pieces are cached per space-separated token.
    "a\u00a0 b  c\t\td\n",
    "  deux  espaces   partout  ",
    "\u200b",
    "x\u200b y \u200b z",
    "ﬁn\u3000de ligne\u2003ici\u00a0!",
    "« guillemets »\u202fet\u00a0; ponctuation\u202f?",
    "mot " * 400,  # one text longer than a micro-batch
    "a" * 3_000,
]


def corpus() -> list[str]:
    texts = [text for _, text, _ in generated_contributions(per_topic=40)]
    csv.field_size_limit(2**31 - 1)
    for path in sorted(ANSWERS.glob("*.csv"))[:3]:
        with path.open(encoding="utf-8", newline="") as stream:
            texts.extend(itertools.islice((row["comment"] for row in csv.DictReader(stream)), 150))
    return AWKWARD + texts


@pytest.fixture(scope="module")
def encoders():
    package = sentence_embeddings._package_encoder()
    ours = sentence_embeddings._encoder()
    assert isinstance(ours, sentence_embeddings.FactoredEncoder)
    return package, ours


def tied_texts(package, ours) -> set[str]:
    """The texts whose pieces differ from the package's, each checked to be a tie:
    two segmentations of the same normalised text with the same total score (a
    sign repeated, "!!!!!": "!!" + "!!!" or "!!!" + "!!"), which sentencepiece
    and the package's pure-Python port of it break differently."""
    tokenizer = package._model.sp

    def score(piece: int) -> float:
        return tokenizer._unk_score if piece == ours.unknown else tokenizer._scores[piece]

    tied = set()
    for text in corpus():
        mine = ours.pieces(text)
        theirs = tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        if mine == theirs:
            continue
        assert [mine[0], mine[-1]] == [theirs[0], theirs[-1]]
        assert "".join(tokenizer._pieces[i] for i in mine[1:-1]) == "".join(
            tokenizer._pieces[i] for i in theirs[1:-1]
        ), text[:60]
        assert sum(map(score, mine[1:-1])) == pytest.approx(sum(map(score, theirs[1:-1]))), text
        tied.add(text)
    return tied


def test_pieces_are_the_package_tokenizers_but_for_ties(encoders):
    package, ours = encoders
    tied = tied_texts(package, ours)
    # Measured on 60,000 real answers: 5 ties; here the repeated letter and sign.
    assert len(tied) <= 3
    assert "a" * 3_000 in tied


def test_pieces_come_from_the_compiled_tokenizer(encoders):
    _, ours = encoders
    assert ours.compiled is not None
    assert ours.pieces("") == [ours.first, ours.unknown, ours.last]


def test_without_the_compiled_tokenizer_pieces_are_cached_per_token(encoders, monkeypatch):
    """The model's normaliser has no replacement across a space, so the pure-Python
    path caches pieces per token; a second pass over the same texts gives the
    same pieces, the package's."""
    package, ours = encoders
    monkeypatch.setattr(ours, "compiled", None)
    assert ours.tokens is not None
    tokenizer = package._model.sp
    texts = corpus()[:60]
    first = [ours.pieces(text) for text in texts]
    assert [ours.pieces(text) for text in texts] == first
    assert first == [
        tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) for text in texts
    ]


def test_vectors_are_the_package_vectors_to_float_rounding(encoders):
    package, ours = encoders
    texts = [text[:1_000] for text in corpus()]
    reference = np.asarray(package.encode(texts), dtype=np.float32)
    reference /= np.maximum(np.linalg.norm(reference, axis=1, keepdims=True), 1e-12)

    vectors = sentence_embeddings.embed(texts)

    assert vectors.shape == (len(texts), sentence_embeddings.DIMENSION)
    ties = {text[:1_000] for text in tied_texts(package, ours)}
    tied = np.array([text in ties for text in texts])
    assert np.abs(vectors[~tied] - reference[~tied]).max() < 1e-5
    assert (vectors[~tied] * reference[~tied]).sum(axis=1).min() > 0.99999
    # A tie broken the other way moves the vector a little.
    assert (vectors[tied] * reference[tied]).sum(axis=1).min() > 0.9999


def test_a_text_gets_the_same_vector_whatever_its_neighbours(encoders):
    _, ours = encoders
    texts = corpus()[:200]
    alone = np.vstack([sentence_embeddings.embed([text]) for text in texts[:20]])
    together = sentence_embeddings.embed(texts)[:20]
    assert (alone * together).sum(axis=1).min() > 0.99999


def test_groups_stay_within_their_distinct_pieces(encoders, monkeypatch):
    """A small piece budget splits the texts into several groups: same vectors."""
    _, ours = encoders
    texts = corpus()[:300]
    whole = sentence_embeddings.embed(texts)
    monkeypatch.setattr(ours, "group_pieces", 200)
    monkeypatch.setattr(ours, "micro_positions", 64)
    monkeypatch.setattr(ours, "sentence_texts", 7)
    split = sentence_embeddings.embed(texts)
    assert (whole * split).sum(axis=1).min() > 0.99999


def test_a_package_whose_internals_moved_is_used_as_it_is(monkeypatch):
    class Moved:
        def encode(self, texts):
            return np.ones((len(texts), sentence_embeddings.DIMENSION), dtype=np.float32)

    class Package:
        _model = object()  # none of the weights this pass needs

        def encode(self, texts):
            return Moved().encode(texts)

    sentence_embeddings._encoder.cache_clear()
    monkeypatch.setattr(sentence_embeddings, "_package_encoder", lambda: Package())
    try:
        encoder = sentence_embeddings._encoder()
        assert isinstance(encoder, Package)
        vectors = sentence_embeddings.embed(["un", "deux"])
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
    finally:
        sentence_embeddings._encoder.cache_clear()


def test_no_text_gives_no_vector():
    assert sentence_embeddings.embed([]).shape == (0, sentence_embeddings.DIMENSION)
