"""Participatory-budget counting: Parlons' engine against pabutools, same process.

    .venv/bin/python bench/budgets.py            # every file, every rule, pabutools included
    .venv/bin/python bench/budgets.py --quick    # pabutools left out on Kraków (about 6 minutes)

Data: the pabulib files in `../shared/data/pabulib/` (Toulouse 2022, its
Saint-Cyprien district, Kraków 2024). Each rule is timed from the file to the
result: Parlons reads the file, counts and writes every project's explanation;
pabutools parses the file and runs the same rule (`pabutools_oracle` says how each
Parlons rule is expressed in pabutools). Toulouse is counted district by district
(20 budgets of 400,000 EUR) on both sides, and once more city-wide.

Votes held in a démarche (casting a ballot, counting from the database, the results
page, with pabutools on the same ballots): `bench/budget_votes.py`.

Times are processor time of this process (the machine is shared: wall-clock time
would also count the other programs), the best of three runs for Parlons, one run
for pabutools. Peak memory:
for Parlons, the largest Python allocation seen by tracemalloc during a count (numpy
included), and the process's resident peak (VmHWM) before pabutools starts; for
pabutools, the resident peak while it runs (the kernel's counter is reset before).
"""

import argparse
import sys
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parlons.budgets.counting import (  # noqa: E402
    RULES,
    count_election,
    explain_result,
    read_pabulib,
)
from parlons.budgets.tests.counting import pabutools_oracle as oracle  # noqa: E402

DATA = REPO / ".." / "shared" / "data" / "pabulib"
SLOW_FOR_PABUTOOLS = {("Poland_Krakow_2024.pb", "mes-points-completed")}
"""pabutools would need about an hour here (128 runs of its equal shares on 65,101
cardinal ballots): not run."""


def ours(path: Path, rule: str, by_district: str):
    election = read_pabulib(path)
    result = count_election(
        election, rule, district_budgets=city_district_budgets(election, by_district)
    )
    explain_result(result)
    return result


def city_district_budgets(election, by_district: str) -> dict[str, Fraction] | None:
    """Toulouse gave each of its 20 districts an equal share (400,000 EUR); the file states
    only the city's total, so the bench says it (`auto`: every project names a district and
    the file is the whole city's)."""
    districts = {project.district for project in election.projects}
    subunit = election.meta.get("subunit", "").strip().lower()
    if (
        by_district == "no"
        or None in districts
        or len(districts) < 2
        or subunit not in ("", "none")
    ):
        return None
    share = Fraction(election.budget) / len(districts)
    return dict.fromkeys(districts, share)


def best_of(runs: int, function, *args):
    best = None
    for _ in range(runs):
        start = time.process_time()
        value = function(*args)
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def traced_peak(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def resident_peak() -> int | None:
    """The process's resident peak (Linux VmHWM), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_resident_peak() -> bool:
    """Start the kernel's resident peak counter again from the current size (Linux)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def theirs(path: Path, rule: str, result) -> set[str]:
    """pabutools from the file: parse, then the rule, district by district if needed."""
    instance, profile = oracle.parse(path.read_text(encoding="utf-8-sig"))
    ranks = (
        [Fraction(value) for value in result.points_per_rank] if result.points_per_rank else None
    )
    if not result.by_district:
        return oracle.select(instance, profile, rule, points_per_rank=ranks)
    selected = set()
    for district in result.districts:
        sub_instance, sub_profile = oracle.restricted(
            instance, profile, set(district.profile.project_ids), district.budget
        )
        selected |= oracle.select(sub_instance, sub_profile, rule, points_per_rank=ranks)
    return selected


def same_result(path: Path, rule: str, result, pabutools_selected: set[str]) -> str:
    mine = set(result.selected_ids)
    if mine == pabutools_selected:
        return "identique"
    if rule == "utilitarian":
        # Several combinations may share the best total: pabutools picks one its own way.
        instance, profile = oracle.parse(path.read_text(encoding="utf-8-sig"))
        ranks = result.points_per_rank
        parts = [(instance, profile, mine, pabutools_selected)]
        if result.by_district:
            parts = []
            for district in result.districts:
                names = set(district.profile.project_ids)
                sub_instance, sub_profile = oracle.restricted(
                    instance, profile, names, district.budget
                )
                parts.append((sub_instance, sub_profile, mine & names, pabutools_selected & names))
        if all(
            oracle.utilitarian_welfare(i, p, a, points_per_rank=ranks)
            == oracle.utilitarian_welfare(i, p, b, points_per_rank=ranks)
            for i, p, a, b in parts
        ):
            return "même total"
    return "DIFFÉRENT"


def megabytes(value: int | None) -> str:
    return "?" if value is None else f"{value / 1e6:.0f} Mo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pabutools laissé de côté sur Kraków")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"Pas de données pabulib dans {DATA} : rien à mesurer.")
        return
    files = sorted(DATA.glob("*.pb"), key=lambda path: path.stat().st_size)
    cases = []
    for path in files:
        cases.append((path, "auto"))
        if "Toulouse_2022.pb" in path.name:
            cases.append((path, "no"))

    rows = []
    our_peak = 0
    for path, by_district in cases:
        parse_time, election = best_of(3, read_pabulib, path)
        label = path.name + (" (toute la ville)" if by_district == "no" else "")
        print(
            f"\n== {label} : {len(election.projects)} projets, {election.num_voters} votants, "
            f"{election.vote_type} ; lecture {parse_time * 1000:.1f} ms"
        )
        pabutools_parse = None
        if not (args.quick and "Krakow" in path.name) and by_district == "auto":
            start = time.process_time()
            oracle.parse(path.read_text(encoding="utf-8-sig"))
            pabutools_parse = time.process_time() - start
            print(
                f"   lecture pabutools {pabutools_parse * 1000:.0f} ms, "
                f"rapport {pabutools_parse / parse_time:.0f}x"
            )
        print(
            f"   {'règle':<22}{'Parlons':>10}{'pabutools':>12}{'rapport':>10}  {'résultat':<14} "
            "mémoire : Parlons (tracemalloc), pabutools (pic résident)"
        )
        for rule in RULES:
            elapsed, result = best_of(3, ours, path, rule, by_district)
            peak = traced_peak(ours, path, rule, by_district)
            our_peak = max(our_peak, peak)
            skip = (args.quick and "Krakow" in path.name) or (path.name, rule) in SLOW_FOR_PABUTOOLS
            their_peak = None
            if skip:
                theirs_time, verdict, ratio = None, "non lancé", None
            else:
                reset = reset_resident_peak()
                start = time.process_time()
                selected = theirs(path, rule, result)
                theirs_time = time.process_time() - start
                their_peak = resident_peak() if reset else None
                verdict = same_result(path, rule, result, selected)
                ratio = theirs_time / elapsed
            rows.append((label, rule, elapsed, theirs_time, ratio, verdict, peak, their_peak))
            print(
                f"   {rule:<22}{elapsed:>9.3f}s"
                + (
                    f"{theirs_time:>11.2f}s{ratio:>9.0f}x"
                    if theirs_time is not None
                    else f"{'—':>12}{'—':>10}"
                )
                + f"  {verdict:<14} {megabytes(peak):>8}   {megabytes(their_peak):>8}",
                flush=True,
            )

    print("\n== Résumé")
    compared = [row for row in rows if row[4] is not None]
    if compared:
        worst = min(compared, key=lambda row: row[4])
        print(f"   rapport le plus bas : {worst[4]:.0f}x ({worst[1]} sur {worst[0]})")
        differing = [row for row in compared if row[5] == "DIFFÉRENT"]
        print(f"   résultats différents de pabutools : {len(differing)} sur {len(compared)}")
    krakow = [row for row in rows if "Krakow" in row[0] and row[1] == "mes-cost-completed"]
    if krakow:
        print(f"   Kraków, parts égales avec complément : {krakow[0][2]:.2f} s (lecture comprise)")
    their_peaks = [row[7] for row in rows if row[7] is not None]
    print(
        f"   mémoire : Parlons au plus {megabytes(our_peak)} (tracemalloc) ; pabutools jusqu'à "
        f"{megabytes(max(their_peaks) if their_peaks else None)} (pic résident du processus)"
    )


if __name__ == "__main__":
    main()
