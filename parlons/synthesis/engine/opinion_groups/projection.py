"""Positions of voters on an opinion map: Pol.is' PCA with missing votes filled by the mean.

Pol.is fills each missing vote with the comment's mean vote, centres every
column on that mean and keeps the first two principal components. Filled-in
votes equal the mean, so once centred they are exactly zero: the centred,
filled matrix has the same sparsity as the votes themselves. We therefore
never build a dense votes matrix: the principal components come from the
small Gram matrix (comments x comments) when there are up to 300 comments,
and otherwise from a truncated SVD of the sparse matrix (ARPACK), which stays
cheap for a million voters and 10,000 comments.

A voter's position uses only the votes they cast, scaled by
sqrt(comments / votes cast) so that people who voted little are not all
squeezed in the centre (Pol.is' "sparsity-aware" projection).

Comments withdrawn by moderation are, as in Pol.is, replaced by a column of
zeros: they weigh nothing in the components, but count as a vote (a pass) for
everyone in that scaling. We keep this quirk so positions match Pol.is' own.
"""

from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import svds

from .votes import VoteTable

# Up to this many comments (or voters), diagonalising the Gram matrix is the quickest
# (well under 10 ms); beyond, ARPACK works on the sparse matrix itself.
GRAM_MAX_SIZE = 300
SVD_SEED = 20140618


@dataclass(frozen=True, eq=False)
class Projection:
    center: np.ndarray  # mean vote of each comment (0 for withdrawn comments)
    components: np.ndarray  # (n_components, n_comments), unit rows
    positions: np.ndarray  # (n_voters, 2)


def project_voters(
    table: VoteTable,
    withdrawn: np.ndarray,
    *,
    n_components: int = 2,
    previous_components: np.ndarray | None = None,
) -> Projection:
    """`withdrawn` is a boolean mask over comments (moderated out)."""
    n_voters, n_comments = table.n_voters, table.n_comments
    any_withdrawn = bool(withdrawn.any())
    counted = ~withdrawn[table.indices] if any_withdrawn else None
    weights = table.values if counted is None else table.values * counted
    column_sums = np.bincount(table.indices, weights=weights, minlength=n_comments)
    column_counts = np.bincount(table.indices, weights=counted, minlength=n_comments)
    center = np.divide(
        column_sums, column_counts, out=np.zeros(n_comments), where=column_counts > 0
    )

    centred_values = table.values - center[table.indices]
    if counted is not None:
        centred_values *= counted
    centred = csr_matrix(
        (centred_values, table.indices, table.indptr), shape=(n_voters, n_comments)
    )
    components = _principal_components(centred, n_components)
    components = _orient(components, previous_components)

    positions = np.zeros((n_voters, 2))
    if components.shape[0]:
        positions[:, : components.shape[0]] = centred @ components.T
    cast = table.votes_per_voter()
    if any_withdrawn:
        # Pol.is counts withdrawn comments as cast votes (their column is zeros, not empty).
        on_withdrawn = np.bincount(table.row_of_vote()[~counted], minlength=n_voters)
        cast = cast - on_withdrawn + int(withdrawn.sum())
    positions *= np.sqrt(n_comments / np.maximum(cast, 1))[:, None]
    return Projection(center=center, components=components, positions=positions)


def _principal_components(centred: csr_matrix, n_components: int) -> np.ndarray:
    n_rows, n_cols = centred.shape
    wanted = min(n_components, n_rows, n_cols)
    if wanted == 0 or centred.nnz == 0:
        return np.zeros((0, n_cols))
    if min(n_rows, n_cols) <= GRAM_MAX_SIZE or wanted >= min(n_rows, n_cols) - 1:
        vt, singular = _top_components_from_gram(centred, wanted)
    else:
        start = np.random.default_rng(SVD_SEED).standard_normal(min(n_rows, n_cols))
        _, singular, vt = svds(centred, k=wanted, v0=start, solver="arpack")
        order = np.argsort(-singular)
        vt, singular = vt[order], singular[order]
    # A component without variance (everyone voted alike) carries no information.
    return vt[singular > 1e-12 * max(singular.max(), 1.0)]


def _top_components_from_gram(centred: csr_matrix, wanted: int):
    """Top right singular vectors through the small side's Gram matrix."""
    n_rows, n_cols = centred.shape
    by_columns = n_cols <= n_rows
    gram = (centred.T @ centred if by_columns else centred @ centred.T).toarray()
    size = gram.shape[0]
    values, vectors = eigh(gram, subset_by_index=[size - wanted, size - 1])
    values, vectors = values[::-1], vectors[:, ::-1]
    singular = np.sqrt(np.maximum(values, 0.0))
    if by_columns:
        return vectors.T, singular
    right = np.asarray(centred.T @ vectors).T
    norms = np.linalg.norm(right, axis=1)
    return right / np.where(norms > 0, norms, 1.0)[:, None], singular


def _orient(components: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Fixes the arbitrary sign of each component, so runs are reproducible.

    Pol.is' power iteration starts from a vector of ones (or from the previous
    components), which leaves the sum of the loadings positive; we do the same.
    """
    oriented = components.copy()
    for index, component in enumerate(oriented):
        reference = None
        if previous is not None and index < len(previous):
            reference = previous[index][: component.shape[0]]
        score = component[: reference.shape[0]] @ reference if reference is not None else 0.0
        if score == 0.0:
            score = component.sum()
        if score == 0.0:
            score = component[np.argmax(np.abs(component))]
        if score < 0:
            oriented[index] = -component
    return oriented
