"""`parlons scrub` through the fast path of parlons/cli.py: no Django, same output and exit codes."""

import json
import subprocess
import sys

import pytest

from parlons.core import validators
from parlons.privacy.scrubber import jsonlines

pytestmark = pytest.mark.engine

LINES = [
    json.dumps({"id": 7, "text": "Appelez M. Le Goff au 06 12 34 56 78"}),
    "pas du json",
    json.dumps({"id": "b", "text": "J'habite au Moulin de Kerhuel, 29000 Quimper."}),
    json.dumps({"id": 3, "text": "un\u0000texte"}),
]


def parlons(*args: str, stdin: str = "", settings: bool = False) -> subprocess.CompletedProcess:
    # --settings makes the fast path step aside: the same run through Django's command.
    extra = ["--settings", "parlons.settings"] if settings else []
    return subprocess.run(
        [sys.executable, "-m", "parlons", "scrub", *args, *extra],
        input=stdin.encode(),
        capture_output=True,
        check=False,
    )


def test_the_fast_path_and_django_give_the_same_output_and_exit_code(tmp_path):
    allowlist = tmp_path / "elus.txt"
    allowlist.write_text("Le Goff\n", encoding="utf-8")
    stdin = "\n".join(LINES) + "\n"
    for args in [
        (),
        ("--language", "en", "--allowlist", str(allowlist)),
        ("-v0", "--lab", "phone"),
    ]:
        fast = parlons(*args, stdin=stdin)
        django = parlons(*args, stdin=stdin, settings=True)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            django.returncode,
            django.stdout,
            django.stderr,
        )
        assert fast.returncode == 1
    records = [json.loads(line) for line in parlons(stdin=stdin).stdout.splitlines()]
    assert [r["text"] for r in records] == [
        "Appelez M. [nom] au [téléphone]",
        "J'habite au [adresse].",
    ]


def test_refused_options_exit_like_the_django_command():
    fast = parlons("--labels", "passport")
    assert fast.returncode == 1
    assert fast.stderr.decode().startswith("CommandError: Catégories inconnues : passport")
    assert fast.stderr == parlons("--labels", "passport", settings=True).stderr
    bad_choice = parlons("--language", "de")
    assert bad_choice.returncode == 2
    assert "choix invalide : 'de'" in bad_choice.stderr.decode()


def test_a_clean_run_exits_0():
    done = parlons(stdin=json.dumps({"id": 1, "text": "Bonjour."}) + "\n")
    assert done.returncode == 0
    assert done.stderr.decode() == "1 texte(s) traité(s), 0 ligne(s) ignorée(s).\n"


def test_the_fast_path_does_not_import_django():
    code = (
        "import io, sys\n"
        'sys.stdin = io.TextIOWrapper(io.BytesIO(b\'{"id": 1, "text": "x"}\\n\'))\n'
        "from parlons.privacy.scrubber.jsonlines import run_fast\n"
        "status = run_fast([])\n"
        "print(status, 'django' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.splitlines()[-1] == "0 False"


def test_help_and_django_options_are_left_to_django():
    assert jsonlines.run_fast(["--help"]) is None
    assert jsonlines.run_fast(["--traceback"]) is None
    assert jsonlines.run_fast(["--no-such-option"]) is None


def test_control_characters_are_the_ones_the_platform_refuses_everywhere():
    assert jsonlines.CONTROL_CHARACTERS.pattern == validators.CONTROL_CHARACTERS.pattern
    text = "ab\u001bc"
    assert jsonlines.control_character_message(text) == str(
        validators.control_character_message(text)
    )
