"""An installed Parlons (`pip install .`, not editable) carries every file it reads at run time.

The production guide installs the package, not the source folder: a template,
a notice, a catalogue or a name list left out of the wheel would only show up
as a broken page in production.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "parlons"
# Sources and what only the tests or the build of the name lists use.
NOT_SHIPPED_SUFFIXES = {".py", ".pyc", ".po"}


def runtime_files() -> set[str]:
    files = set()
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(ROOT)
        if (
            path.is_dir()
            or path.suffix in NOT_SHIPPED_SUFFIXES
            or "tests" in relative.parts
            or "__pycache__" in relative.parts
            or "fuzz_corpus" in relative.parts
        ):
            continue
        files.add(relative.as_posix())
    return files


@pytest.mark.once
def test_the_wheel_carries_every_file_read_at_run_time(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("parlons-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    expected = runtime_files()
    assert {
        "parlons/transparency/algorithms/scrubber.md",
        "parlons/core/templates/base.html",
    } <= expected
    assert sorted(expected - shipped) == []
