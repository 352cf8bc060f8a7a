"""`parlons scrub`: JSON lines in, masked JSON lines out, bad lines reported and skipped."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.engine


def run(lines: list[str | bytes], *args, status: int = 0) -> tuple[list[dict], list[str]]:
    raw = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("scrub", *args, stdin=io.BytesIO(raw), stdout=out, stderr=err)
    except SystemExit as exited:
        assert exited.code == status
    else:
        assert status == 0
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
    records, errors = run(lines, status=1)
    assert [r["id"] for r in records] == ["a", "c"]
    assert errors == [
        "ligne 2 : JSON invalide (Expecting value, colonne 1) ; ignorée",
        'ligne 3 : champ "text" manquant ou qui n\'est pas une chaîne de caractères ; ignorée',
        'ligne 5 : un objet JSON {"id": ..., "text": ...} est attendu ; ignorée',
        "ligne 6 : texte qui n'est pas en UTF-8 ; ignorée",
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
    with pytest.raises(CommandError, match="Catégories inconnues : passport"):
        run([], "--labels", "passport")
    with pytest.raises(CommandError, match="illisible"):
        run([], "--allowlist", str(tmp_path / "absent.txt"))


def test_a_deeply_nested_line_is_reported_and_the_next_lines_are_still_processed():
    lines = [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": 1, "text": "x" * 3}),
        '{"id": ' + "9" * 5000 + ', "text": "long"}',
        '{"id": NaN, "text": "pas un nombre"}',
        json.dumps({"id": 2, "text": "Appelez le 06 12 34 56 78"}),
    ]
    records, errors = run(lines, status=1)
    assert [r["id"] for r in records] == [1, 2]
    assert errors[0] == "ligne 1 : JSON trop imbriqué pour être lu ; ignorée"
    assert errors[1].startswith("ligne 3 : JSON refusé (")
    assert errors[2] == "ligne 4 : JSON refusé (NaN n'est pas un nombre JSON) ; ignorée"
    assert errors[3] == "2 texte(s) traité(s), 3 ligne(s) ignorée(s)."


def test_a_control_character_in_a_text_or_an_id_refuses_the_line():
    lines = [
        json.dumps({"id": 1, "text": "un\u0000texte"}),
        json.dumps({"id": "a\u001bb", "text": "texte"}),
        json.dumps({"id": 3, "text": "tab\tet\nretour"}),
    ]
    records, errors = run(lines, status=1)
    assert [r["id"] for r in records] == [3]
    assert errors[0].startswith(
        'ligne 1 : champ "text" : caractère de contrôle invisible (U+0000) à la position 3'
    )
    assert errors[1].startswith('ligne 2 : champ "id" : caractère de contrôle invisible (U+001B)')


def test_every_line_refused_exits_1_and_a_clean_run_exits_0():
    _, errors = run(["pas du json", "[1]"], status=1)
    assert errors[-1] == "0 texte(s) traité(s), 2 ligne(s) ignorée(s)."
    run([json.dumps({"id": 1, "text": "Bonjour."})], status=0)
