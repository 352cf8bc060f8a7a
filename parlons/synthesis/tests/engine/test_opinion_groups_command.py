"""`parlons opinion_groups VOTES.csv`: JSON for programs, French text for people, clear errors."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.engine

POLIS = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "polis"


def write_export(folder: Path, rows: list[tuple]) -> Path:
    """A Pol.is votes.csv: timestamp, datetime, comment-id, voter-id, vote."""
    lines = ["timestamp,datetime,comment-id,voter-id,vote"]
    lines += [f"{t},jeu. 1 janv.,{c},{v},{x}" for t, c, v, x in rows]
    path = folder / "votes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def two_camps() -> list[tuple]:
    """Sixteen voters on eight comments: camp A agrees with even comments, camp B with odd ones."""
    rows, time = [], 0
    for voter in range(16):
        for comment in range(8):
            time += 1
            agrees = (comment % 2 == 0) == (voter < 8)
            rows.append((time, comment, voter, 1 if agrees else -1))
    rows += [(time + 1, 0, 99, 1)]  # one vote only: not placed (15 others are)
    return rows


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("opinion_groups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_gives_groups_representative_comments_consensus_and_provenance(tmp_path):
    path = write_export(tmp_path, two_camps())

    out, _ = run(str(path), "--format", "json")

    result = json.loads(out)
    assert set(result) >= {"groups", "representative", "consensus", "provenance"}
    assert len(set(result["groups"].values())) == 2
    camp_a = {result["groups"][str(v)] for v in range(8)}
    camp_b = {result["groups"][str(v)] for v in range(8, 16)}
    assert len(camp_a) == len(camp_b) == 1 and camp_a != camp_b
    assert "99" not in result["groups"]
    assert all(result["representative"][str(group)] for group in camp_a | camp_b)
    assert result["provenance"]["input_hash"].startswith("sha256:")
    assert result["provenance"]["parameters"]["min_votes"] == 7


def test_text_output_is_a_french_summary(tmp_path):
    path = write_export(tmp_path, two_camps())

    out, _ = run(str(path), "--format", "text")

    assert "Groupes d'opinion" in out
    assert "Groupe A — 8 votants" in out and "Groupe B — 8 votants" in out
    assert "Votants placés : 16" in out and "non placés : 1" in out
    assert "aucune décision n'est prise" in out


def test_withdrawn_comments_and_texts_come_from_comments_csv(tmp_path):
    path = write_export(tmp_path, two_camps())
    comments = tmp_path / "comments.csv"
    comments.write_text(
        "timestamp,comment-id,author-id,moderated,comment-body\n"
        + "".join(f"1,{c},0,1,Proposition numéro {c}\n" for c in range(7))
        + "1,7,0,-1,Retirée par la modération\n",
        encoding="utf-8",
    )

    out, _ = run(str(path), "--format", "text", "--comments", str(comments))
    json_out, _ = run(str(path), "--comments", str(comments))

    assert "« Proposition numéro" in out
    assert "Retirée" not in out
    assert json.loads(json_out)["withdrawn_comments"] == [7]


def test_the_json_says_how_firm_the_groups_are_unless_asked_not_to(tmp_path):
    path = write_export(tmp_path, two_camps())

    checked = json.loads(run(str(path))[0])["stability"]
    unchecked = json.loads(run(str(path), "--stability-runs", "5")[0])["stability"]
    skipped = json.loads(run(str(path), "--stability-runs", "0")[0])["stability"]

    assert checked["runs"] == 20 and 0 <= checked["agreeing"] <= 20
    assert checked["placed_voters"] == 16
    assert unchecked["runs"] == 5
    assert skipped is None


def test_a_state_file_carries_the_groups_from_one_run_to_the_next(tmp_path):
    rows = two_camps()
    path = write_export(tmp_path, rows)
    state = tmp_path / "etat.json"

    first = json.loads(run(str(path), "--state", str(state))[0])
    saved = json.loads(state.read_text(encoding="utf-8"))
    later = rows + [(10_000 + c, c, 16, 1 if c % 2 == 0 else -1) for c in range(8)]
    write_export(tmp_path, later)  # a newcomer votes like camp A
    second = json.loads(run(str(path), "--state", str(state))[0])

    assert saved["k_smoother"]["last_k_count"] == 1
    assert first["provenance"]["parameters"]["warm_start"] is False
    assert second["provenance"]["parameters"]["warm_start"] is True
    assert json.loads(state.read_text(encoding="utf-8"))["k_smoother"]["last_k_count"] == 2
    assert {k: v for k, v in second["groups"].items() if k != "16"} == first["groups"]
    assert second["groups"]["16"] == second["groups"]["0"]


def test_an_unreadable_state_file_is_reported_and_left_alone(tmp_path):
    path = write_export(tmp_path, two_camps())
    state = tmp_path / "etat.json"
    state.write_text("{pas du json", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(SystemExit):
        call_command(
            "opinion_groups", str(path), "--state", str(state), stdout=io.StringIO(), stderr=err
        )

    assert "fichier d'état illisible" in err.getvalue()
    assert state.read_text(encoding="utf-8") == "{pas du json"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,0,2,+2\n",
            "ligne 3, colonne « vote » : vote '+2' invalide",
        ),
        (
            "timestamp,comment-id,voter-id,vote\n1,0,1,1\n1e309,0,2,1\n",
            "ligne 3, colonne « timestamp » : horodatage '1e309' illisible",
        ),
        (
            "timestamp,comment-id,voter-id,vote\nnan,0,1,1\n",
            "ligne 2, colonne « timestamp » : horodatage 'nan' illisible",
        ),
        ("comment-id,voter-id,vote\n0,1,١\n", "ligne 2, colonne « vote » : vote '١' invalide"),
        (
            "comment-id,voter-id,vote\n0,1,1\n0,a\x00b,1\n",
            "ligne 3, colonne « voter-id » : caractère de contrôle invisible (U+0000)",
        ),
        (
            "comment-id,voter-id,vote\n0,1,1\n0," + "x" * 200_000 + ",1\n",
            "ligne 3 : CSV illisible (field larger than field limit",
        ),
        ("comment-id,vote\n0,1\n", "ligne 1 : colonne(s) manquante(s) : voter-id"),
        ("comment-id,voter-id,vote\n0,1,1\n0,2\n", "ligne 3 : 2 colonnes au lieu de 3"),
    ],
)
def test_bad_input_is_reported_with_its_line(tmp_path, content, message):
    # The themes command lifts the csv module's process-wide field limit (a
    # contribution can be a letter); a votes file is read under the default one.
    previous = csv.field_size_limit(128 * 1024)
    path = tmp_path / "votes.csv"
    path.write_text(content, encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        try:
            call_command("opinion_groups", str(path), stdout=io.StringIO(), stderr=err)
        finally:
            csv.field_size_limit(previous)

    assert exit_.value.code == 1
    assert message in err.getvalue()


def test_from_the_shell_an_error_exits_with_1_and_no_traceback(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_bytes(b"comment-id,voter-id,vote\n0,1,1\n0,\xe9l\xe8ve,1\n")
    parlons = Path(sys.executable).with_name("parlons")

    completed = subprocess.run(
        [str(parlons), "opinion_groups", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLONS_TESTING": "1"},
        check=False,
    )

    assert completed.returncode == 1
    assert "ligne 3 : le fichier n'est pas en UTF-8" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.skipif(not POLIS.is_dir(), reason=f"real Pol.is data absent ({POLIS})")
def test_a_real_polis_export_gives_two_groups():
    folder = POLIS / "bg2050-volunteers"

    out, _ = run(str(folder / "votes.csv"), "--comments", str(folder / "comments.csv"))

    result = json.loads(out)
    assert len(set(result["groups"].values())) == 2
    assert len(result["groups"]) == 107
    assert 0 < len(result["consensus"]) <= 10
    assert not set(result["consensus"]) & set(result["withdrawn_comments"])


def test_a_repeated_column_is_refused_on_line_one(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("vote,comment-id,voter-id,vote\n1,0,1\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("opinion_groups", str(path), stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert err.getvalue() == "Erreur : ligne 1 : colonne(s) en double dans l'en-tête : vote\n"
