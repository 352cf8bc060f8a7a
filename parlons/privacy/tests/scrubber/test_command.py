"""`parlons scrub`: JSON lines in, masked JSON lines out, bad lines reported and skipped."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.engine


def run(lines: list[str | bytes], *args) -> tuple[list[dict], list[str]]:
    raw = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    out, err = io.StringIO(), io.StringIO()
    call_command("scrub", *args, stdin=io.BytesIO(raw), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue().splitlines()


def test_each_line_comes_out_masked_with_its_id_and_spans():
    records, errors = run([json.dumps({"id": 7, "text": "Appelez M. Le Goff au 06 12 34 56 78"})])
    assert records == [
        {
            "id": 7,
            "text": "Appelez M. [nom] au [téléphone]",
            "spans": [
                {"start": 11, "end": 18, "label": "person"},
                {"start": 22, "end": 36, "label": "phone"},
            ],
        }
    ]
    assert errors == ["1 texte(s) traité(s), 0 ligne(s) ignorée(s)."]


def test_bad_lines_are_reported_with_their_number_and_skipped():
    lines = [
        json.dumps({"id": "a", "text": "tél 06 12 34 56 78"}),
        "pas du json",
        json.dumps({"id": "b"}),
        "",
        json.dumps(["x"]),
        b"\xff\xfe",
        json.dumps({"id": "c", "text": "Rien à signaler."}),
    ]
    records, errors = run(lines)
    assert [r["id"] for r in records] == ["a", "c"]
    assert errors == [
        "ligne 2 : JSON invalide (Expecting value, colonne 1) ; ignorée",
        'ligne 3 : champ "text" manquant ou qui n\'est pas une chaîne de caractères ; ignorée',
        'ligne 5 : un objet JSON {"id": ..., "text": ...} est attendu ; ignorée',
        "ligne 6 : texte qui n'est pas en UTF-8 ; ignorée",
        "2 texte(s) traité(s), 4 ligne(s) ignorée(s).",
    ]


def test_allowlist_file_and_english_labels(tmp_path):
    allowlist = tmp_path / "elus.txt"
    allowlist.write_text("# élus du territoire\nAnne Hidalgo\n", encoding="utf-8")
    line = json.dumps({"id": 1, "text": "Mme Hidalgo répond à Jean Dupont."})
    records, _ = run([line], "--allowlist", str(allowlist), "--language", "en")
    assert records[0]["text"] == "Mme Hidalgo répond à [name]."


def test_labels_option_restricts_what_is_masked():
    line = json.dumps({"id": 1, "text": "M. Le Goff, 06 12 34 56 78"})
    records, _ = run([line], "--labels", "phone")
    assert records[0]["text"] == "M. Le Goff, [téléphone]"


def test_unknown_label_and_missing_allowlist_are_errors(tmp_path):
    with pytest.raises(CommandError, match="Catégories inconnues : passport"):
        run([], "--labels", "passport")
    with pytest.raises(CommandError, match="illisible"):
        run([], "--allowlist", str(tmp_path / "absent.txt"))
