"""Open-data export and API at size: rows per second, peak memory, API p95 against a small démarche.

    .venv/bin/python bench/opendata.py                  # 200,000 contributions
    .venv/bin/python bench/opendata.py --size 2000000   # the issue's national scale (long)
    PARLONS_BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/opendata.py

Seeds, with bulk inserts (texts already masked, as the services store them),
a large démarche of N contributions (one reaction in four kinds per
contribution, a reply per ten) and a small one of 1,000. Then, in a fresh
process (so its peak memory is the export's own), on the `contributions`
dataset of the large démarche:

- reading alone (Dataset.chunks_of, nothing written);
- issue 17's own figure: the démarche's contributions.csv alone (no JSON, no
  territory file), by the current code and with three of its steps as they
  were (same bytes checked), and the peak memory after it;
- with the baseline (not --no-baseline): the old cell-by-cell writer against
  ours on rows held in memory (same bytes checked);
- the whole export of the dataset as a run does it: CSV and JSON, the
  démarche's files and the territory's, read and written once;

each as rows per second by the clock and per CPU second of the export
process, and on a local PostgreSQL also the CPU of the backend serving it
(read from /proc: the server's half of the cost). Then the p95 of the API's
page of 100 contributions on both démarches, and their ratio (first pages,
then a page half-way down the list). Goals (issue 17): >= 100,000 rows/s for
the CSV, < 300 MB, API p95 < 50 ms. The machine may be shared: the load
average is printed before and after; say it with the figures.

    --keep FOLDER    seed once into FOLDER (and keep the database), measure again later
    --profile        where the whole export's CPU goes (cProfile on process time, top 25)

Measured on 2026-12-06 evening (2 cores shared with two other sessions and
their tests, load average 9-12 unless said, so the clock says little; the
coordinator measures on a quiet machine):

- 200,000, SQLite: the CSV alone at 162,000 rows per CPU second (1.23 s),
  45,800 rows/s by the clock under that load; its three old steps 146,000
  per CPU s; reading alone 259,000 per CPU s; the whole export 80,600 per CPU
  s, against 79,300 for the code before that evening on the same database in
  the same minutes (the JSON encoding is most of it). Peak memory 250 MB
  after the CSV, 255 MB after the whole export.
- 200,000, PostgreSQL: the CSV alone at 259,500 rows per CPU second of the
  export process (0.77 s) plus 0.43 s of the backend, 166,600 per CPU s of
  both, 73,500 rows/s by the clock; its three old steps 184,000 (client)
  with the clock 2.8 times slower; the whole export 114,000 per client CPU s
  against 96,300 for the code before. Peak memory 258 and 262 MB. API page
  of 100: p95 55.8 ms at 200,000 against 48.3 ms at 1,000 (ratio 1.15).
- 2,000,000, SQLite (load 9): the CSV alone at 131,300 rows/s by the clock,
  167,800 per CPU second (11.9 s); its three old steps 89,000/s and 150,600
  per CPU s; reading alone 230,700 per CPU s (the same per row as at
  200,000); the whole export 81,800 per CPU s, 50,300/s by the clock; peak
  memory 250 MB after the CSV, 253 MB after the whole export; 835 MB of CSV,
  1,363 MB of JSON. API page of 100: p95 19.4 ms against 20.3 at 1,000.
- 2,000,000, PostgreSQL (load 11): the CSV alone at 86,100 rows/s by the
  clock, 213,200 per CPU second of the export process (9.4 s) plus 4.9 s of
  the backend (140,500 per CPU s of both); its three old steps 71,100/s;
  reading alone 156,900/s; the whole export 99,900 per client CPU s, 42,700/s
  by the clock; peak memory 259 MB after the CSV, 263 MB after the whole
  export. API page of 100: p95 45.5 ms against 37.0 at 1,000 (ratio 1.23).
  Seeding 2,000,000: 278 s (PostgreSQL), 199 s (SQLite) at load 5-11.
- The CSV files, the JSON files and the territory's CSV are byte for byte
  those written by the code before (compared at 200,000 on both engines).

Earlier (2,000,000 contributions, --no-baseline, load average 14-22): the
whole export ran at 50,700 rows per CPU second on SQLite and 57,000 on
PostgreSQL (the server's CPU not counted), 5,100 and 5,700 rows/s by the
clock under that load; peak memory 232 and 239 MB; API page of 100: p95 324
ms at 2,000,000 against 251 at 1,000 on SQLite (ratio 1.29), 430 against 491
on PostgreSQL (0.88): the load, not the size; the query of a page half-way
down the list runs in 9.6 ms on PostgreSQL (EXPLAIN ANALYZE, an index scan
bounded by the cursor), 1,665 ms before the bound was added. Seeding
(seeding.fast_seed_debate): 606 s on PostgreSQL (COPY), 1,177 s on SQLite
under that load.
"""

import argparse
import filecmp
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import seeding  # bench/seeding.py: the script runs from bench/


def setup_django(folder: Path, database_url: str | None) -> None:
    seeding.setup_django(
        folder, database_url, OPENDATA_DIR=str(folder / "opendata"), API_RATE_LIMIT="0"
    )


def seed(size: int) -> None:
    """A large démarche and a small one of 1,000: texts of one sentence, a reply to one
    contribution in ten, one reaction each (bench/seeding.py, shared with bench/pages.py)."""
    from parlons.accounts.models import User
    from parlons.core.models import Commune, Territory

    seeding.migrate()
    rng = random.Random(17)
    territory = Territory.objects.create(name="Banc d'essai", slug="banc")
    for n in range(20):
        Commune.objects.create(territory=territory, name=f"Commune {n}", slug=f"c{n}")
    people = User.objects.bulk_create(
        User(email=f"p{n}@exemple.test", pseudonym=f"p{n}") for n in range(2000)
    )
    for slug, count in (("petite", 1000), ("grande", size)):
        seeding.fast_seed_debate(
            seeding.make_process(territory, slug, themes=3),
            people,
            count,
            rng,
            reply_every=10,
            reactions_per=1,
        )
    seeding.analyze()  # without statistics, PostgreSQL may sort what is left at each chunk


class BaselineWriter:
    """The writer before the chunked one (cell by cell, one json.dumps per row): the baseline.

    Kept here only, to measure the new writer against it in the same process;
    parlons/opendata/tests/test_writers.py checks the new one writes the same
    bytes as this cell-by-cell way (csv_cell, json_value, csv.writer, json.dumps).
    """

    def __init__(self, fields, csv_path: Path, json_path: Path):
        import csv
        import io

        from parlons.opendata.writers import HashingFile

        self.fields = tuple(fields)
        self.csv_file = HashingFile(csv_path)
        self.json_file = HashingFile(json_path)
        self._line = io.StringIO()
        self._csv = csv.writer(self._line, lineterminator="\r\n")
        self._csv.writerow([column.name for column in self.fields])
        self.csv_file.write(self._take())
        self.json_file.write("[")
        self.rows = 0

    def _take(self) -> str:
        text = self._line.getvalue()
        self._line.seek(0)
        self._line.truncate()
        return text

    def encode(self, row) -> tuple[str, str]:
        import json

        from parlons.core.datasets import utc_datetime
        from parlons.opendata.writers import csv_cell, json_value, neutralise

        cells: list[str] = []
        record: dict = {}
        for column in self.fields:
            name, kind = column.name, column.type
            value = row[name]
            if value is None:
                cells.append("")
                record[name] = None
            elif kind == "string":
                text = str(value)
                cells.append(neutralise(text))
                record[name] = text
            elif kind == "datetime" and value != "":
                # The rows now carry their moments as UTC texts: taken as they are (a
                # baseline doing less than it did, so the ratio printed is conservative).
                text = value if isinstance(value, str) else utc_datetime(value)
                cells.append(text)
                record[name] = text or None
            else:
                cells.append(csv_cell(column, value))
                record[name] = json_value(column, value)
        self._csv.writerow(cells)
        return self._take(), json.dumps(record, ensure_ascii=False)

    def write_encoded(self, csv_line: str, json_record: str) -> None:
        self.csv_file.write(csv_line)
        self.json_file.write(("\n" if self.rows == 0 else ",\n") + json_record)
        self.rows += 1

    def close(self) -> None:
        self.json_file.write("\n]\n" if self.rows else "]\n")
        self.csv_file.close()
        self.json_file.close()


def legacy_csv_lines(columns: list[list[str]]) -> str:
    """How the writer joined a chunk's CSV lines before _csv_lines: a tuple and a join per line.

    With LegacyCounts and legacy_write_chunks, three steps of the CSV path as
    they were before the work of 2026-12-06 evening (the other changes of that
    work stay in both measures: the comparison of the whole export with the
    code before it is in docs/decisions/0601-open-data-registry.md).
    """
    return "\r\n".join(map(",".join, zip(*columns, strict=True))) + "\r\n"


class LegacyCounts:
    """The counts as they were read before ChunkCounts: three queries compiled for each chunk."""

    def __init__(self, using: str = "default"):
        self.using = using

    def __call__(self, low: int, high: int) -> dict[str, dict[int, int]]:
        assert CompiledCounts is not None
        return CompiledCounts(self.using)(low, high)


CompiledCounts = None  # parlons.debates.datasets.ChunkCounts, set by export_only


def legacy_write_chunks(writer, chunks, *also) -> None:
    """TableWriter.write_chunks before: encoded in this thread, only written by the second one."""
    from concurrent.futures import ThreadPoolExecutor

    writers = (writer, *also)

    def write(encoded) -> None:
        for each in writers:
            each.write_encoded(*encoded)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for columns in chunks:
            encoded = writer.encode_columns(columns)
            if pending is not None:
                pending.result()
            pending = pool.submit(write, encoded)
        if pending is not None:
            pending.result()


class ServerClock:
    """CPU time of the PostgreSQL backend serving this process (read from /proc; local server).

    The export process's CPU does not count the server's work: on PostgreSQL,
    this is the other half of the cost per row. None when it cannot be read
    (SQLite runs in the export process: its CPU is already counted).
    """

    def __init__(self) -> None:
        from django.db import connection

        self.path: Path | None = None
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        path = Path(f"/proc/{pid}/stat")
        if path.exists():
            self.path = path

    def seconds(self) -> float | None:
        if self.path is None:
            return None
        try:
            fields = self.path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def export_only(baseline: bool, profile: bool = False) -> None:
    """In its own process: the contributions dataset of the large démarche.

    Times, in this same process: reading the rows from the database; issue
    17's own figure, the démarche's contributions written to CSV alone (the
    way before this change and the current one, same bytes checked); the
    whole export of this dataset as a run does it (CSV and JSON, the
    démarche's files and the territory's); with the baseline, the old
    cell-by-cell writer against ours on rows held in memory.
    """
    global CompiledCounts
    from django.urls import reverse

    from parlons.core.datasets import dataset_named
    from parlons.debates import datasets as debate_datasets
    from parlons.opendata import writers
    from parlons.opendata.exports import root
    from parlons.opendata.writers import TableWriter
    from parlons.processes.queries import public_processes

    dataset = dataset_named("contributions")
    process = public_processes().get(slug="grande")
    folder = root() / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    # Load the URL configuration (every app's views) before the clock starts: rows carry
    # their page's address, and a worker pays that import once, not per export.
    warm = time.perf_counter()
    reverse("opendata:index")
    print(f"URL configuration loaded in {time.perf_counter() - warm:.1f} s (not counted)")
    server = ServerClock()
    print(f"machine load before the export (uptime): {os.getloadavg()}")

    clock = {"cpu": 0.0, "server": 0.0}

    def start() -> float:
        clock["cpu"] = time.process_time()
        clock["server"] = server.seconds() or 0.0
        return time.perf_counter()

    def rate(label: str, rows: int, elapsed: float) -> dict[str, float]:
        # On a loaded machine the wall clock counts other processes' turns too: the CPU
        # time of this process (and of the PostgreSQL backend, when it can be read) says more.
        cpu = time.process_time() - clock["cpu"]
        server_now = server.seconds()
        server_cpu = None if server_now is None else server_now - clock["server"]
        line = (
            f"{label}: {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s"
            f" by the clock; this process's CPU {cpu:.2f} s = {rows / cpu:,.0f} rows per CPU s"
        )
        if server_cpu is not None:
            line += (
                f"; PostgreSQL backend's CPU {server_cpu:.2f} s"
                f" ({rows / max(cpu + server_cpu, 1e-9):,.0f} rows per CPU s of both)"
            )
        print(line)
        return {"wall": rows / elapsed, "cpu": rows / cpu}

    started = start()
    count = sum(len(columns[0]) for columns in dataset.chunks_of(process))
    read = rate("read only (chunks_of, no writing)", count, time.perf_counter() - started)

    # Issue 17's figure: the contributions of the large démarche written to CSV.
    print("issue 17's figure: the démarche's contributions.csv alone (no JSON, no territory file)")
    CompiledCounts = debate_datasets.ChunkCounts
    current_lines = writers._csv_lines
    old_writer = TableWriter(dataset.fields, folder / "csv-before.csv", None)
    debate_datasets.ChunkCounts = LegacyCounts  # type: ignore[misc, assignment]
    writers._csv_lines = legacy_csv_lines
    try:
        started = start()
        legacy_write_chunks(old_writer, dataset.chunks_of(process))
        old_writer.close()
        before = rate(
            "  with three of its steps as they were (lines joined one by one, counts' queries"
            " compiled per chunk, encoded in the reading thread)",
            old_writer.rows,
            time.perf_counter() - started,
        )
    finally:
        debate_datasets.ChunkCounts = CompiledCounts  # type: ignore[misc]
        writers._csv_lines = current_lines
    csv_only = TableWriter(dataset.fields, folder / "csv-now.csv", None)
    started = start()
    csv_only.write_chunks(dataset.chunks_of(process))
    csv_only.close()
    now = rate("  now", csv_only.rows, time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory so far (reading, then the CSV): {peak_mb:.0f} MB")
    # Compared a block at a time: reading both files whole would be the peak memory printed.
    same = filecmp.cmp(folder / "csv-before.csv", folder / "csv-now.csv", shallow=False)
    print(
        f"  now/as they were: {now['wall'] / before['wall']:.2f}x by the clock,"
        f" {now['cpu'] / before['cpu']:.2f}x per CPU s of this process; same bytes: {same}"
    )
    if not same:
        raise SystemExit("the CSV written now differs from the CSV written before")
    print(f"  file: {csv_only.csv_file.bytes / 1e6:.1f} MB CSV")

    if baseline:
        rows = list(dataset.rows_of(process))
        bases = [
            BaselineWriter(dataset.fields, folder / f"b{n}.csv", folder / f"b{n}.json")
            for n in (1, 2)
        ]
        started = start()
        for row in rows:
            encoded = bases[0].encode(row)
            bases[0].write_encoded(*encoded)
            bases[1].write_encoded(*encoded)
        for base in bases:
            base.close()
        old = rate("  baseline writer, rows in memory", len(rows), time.perf_counter() - started)
        ours = [
            TableWriter(dataset.fields, folder / f"n{n}.csv", folder / f"n{n}.json") for n in (1, 2)
        ]
        started = start()
        ours[0].write_all(rows, ours[1])
        for writer in ours:
            writer.close()
        new = rate("  our writer, rows in memory", len(rows), time.perf_counter() - started)
        same = all(
            filecmp.cmp(folder / f"b1.{kind}", folder / f"n1.{kind}", shallow=False)
            for kind in ("csv", "json")
        )
        print(f"  writer ratio ours/baseline: {new['wall'] / old['wall']:.1f}x; same bytes: {same}")
        del rows
        if not same:
            raise SystemExit("the two writers wrote different files")
    print(
        "the whole export of this dataset, as a run does it: CSV and JSON, démarche and territory"
    )
    one = TableWriter(dataset.fields, folder / "one.csv", folder / "one.json")
    whole = TableWriter(dataset.fields, folder / "all.csv", folder / "all.json")
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine may be shared
        profiler.enable()
    started = start()
    one.write_chunks(dataset.chunks_of(process), whole)
    one.close()
    whole.close()
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    total = rate("  read + write the 4 files", one.rows, time.perf_counter() - started)
    print(f"  runs at {total['cpu'] / read['cpu']:.0%} of the read-only rate per CPU s")
    assert one.json_file is not None
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "with the baseline's rows in memory" if baseline else "export only"
    print(f"peak resident memory of the export process ({label}): {peak_mb:.0f} MB")
    print(f"files: {one.csv_file.bytes / 1e6:.1f} MB CSV, {one.json_file.bytes / 1e6:.1f} MB JSON")
    print(f"machine load after the export (uptime): {os.getloadavg()}")


def api_p95(runs: int) -> None:
    """p95 of the API's page of 100: the first two pages, then a page from the middle."""
    from django.test import Client

    from parlons.debates.queries import public_contributions
    from parlons.processes.models import Process

    client = Client()

    def p95(slug: str, deep: bool = False) -> float:
        url = f"/api/v1/demarches/{slug}/contributions?limite=100"
        first = client.get(url).json()
        cursor = first["suivant"]
        if deep:  # the cursor of an item half-way down the list (newest first)
            listed = public_contributions(Process.objects.get(slug=slug))
            cursor = str(listed.values_list("pk", flat=True)[listed.count() // 2])
        times = []
        for n in range(runs):
            page = url if n % 2 == 0 and not deep else f"{url}&curseur={cursor}"
            started = time.perf_counter()
            response = client.get(page)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return statistics.quantiles(times, n=20)[18]

    small, large = p95("petite"), p95("grande")
    print(
        f"API page of 100: p95 {small:.1f} ms at 1,000, {large:.1f} ms at size; ratio {large / small:.2f}"
    )
    small, large = p95("petite", deep=True), p95("grande", deep=True)
    print(
        f"API page of 100 half-way down the list: p95 {small:.1f} ms at 1,000, {large:.1f} ms"
        f" at size; ratio {large / small:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip the baseline writer (it holds every row in memory: use it at 2,000,000)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile the whole export (cProfile, top 25)"
    )
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="seed into FOLDER and keep it (and the database); when FOLDER is already"
        " seeded, measure it again without seeding",
    )
    parser.add_argument("--export-only", metavar="FOLDER", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    database_url = os.environ.get("PARLONS_BENCH_DATABASE_URL")
    if arguments.export_only:
        setup_django(Path(arguments.export_only), database_url)
        export_only(not arguments.no_baseline, arguments.profile)
        return
    keep = Path(arguments.keep) if arguments.keep else None
    seeded = keep is not None and (keep / "seeded").exists()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    folder = keep or Path(tempfile.mkdtemp(prefix="parlons-bench-opendata-"))
    try:
        setup_django(folder, database_url)
        print(f"machine load (uptime): {os.getloadavg()}")
        if not seeded:
            started = time.perf_counter()
            seed(arguments.size)
            elapsed = time.perf_counter() - started
            print(f"seeded {arguments.size:,} contributions in {elapsed:.0f} s")
            if keep is not None:
                (keep / "seeded").write_text(str(arguments.size))
        print("(the machine may be shared: compare the ratios printed, measured in one process)")
        subprocess.run(
            [sys.executable, __file__, "--export-only", str(folder)]
            + (["--no-baseline"] if arguments.no_baseline else [])
            + (["--profile"] if arguments.profile else []),
            check=True,
            env=os.environ,
        )
        api_p95(arguments.runs)
        print(f"machine load (uptime): {os.getloadavg()}")
    finally:
        if database_url and keep is None:
            from django.core.management import call_command

            # The bench's own database: emptied, so that the next run seeds it again.
            call_command("flush", interactive=False, verbosity=0)
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
