import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .themes_corpus import generated_contributions

pytestmark = pytest.mark.engine


def write_csv(path, rows, separator=",", towns=("Rennes",)):
    lines = [separator.join(["numero", "texte", "commune"])]
    for number, (record_id, text) in enumerate(rows):
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(separator.join([record_id, quoted, towns[number % len(towns)]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    out = StringIO()
    call_command("themes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def contributions():
    rows = [(record_id, text) for record_id, text, _ in generated_contributions(per_topic=25)]
    return rows + [("r1", "RAS"), ("r2", "R.A.S."), ("r3", "Néant")]


def test_json_lists_every_id_in_exactly_one_theme(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions)
    document = json.loads(
        run(str(path), "--text-column", "texte", "--id-column", "numero", "--themes", "4")
    )
    assert set(document) == {"themes", "duplicates", "provenance"}
    members = [member for theme in document["themes"] for member in theme["members"]]
    assert sorted(members) == sorted(record_id for record_id, _ in contributions)
    for theme in document["themes"]:
        assert set(theme) == {"id", "keywords", "size", "members", "representatives"}
        assert theme["size"] == len(theme["members"])
        assert set(theme["representatives"]) <= set(theme["members"])
    assert {"members": ["r1", "r2"]} in document["duplicates"]
    assert document["provenance"]["input_size"] == len(contributions)
    assert document["provenance"]["parameters"]["n_themes_chosen"] == 4


def test_semicolon_separated_file_without_id_column_uses_row_numbers(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions, separator=";")
    document = json.loads(
        run(str(path), "--text-column", "texte", "--themes", "auto", "--sentence-embeddings", "off")
    )
    members = sorted(member for theme in document["themes"] for member in theme["members"])
    assert members == list(range(1, len(contributions) + 1))
    assert document["provenance"]["parameters"]["sentence_embeddings_used"] is False
    assert document["provenance"]["parameters"]["n_themes_automatic"] is True


def test_text_format_is_a_french_summary(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions)
    text = run(str(path), "--text-column", "texte", "--themes", "4", "--format", "text")
    assert "contributions analysées, 4 thèmes" in text
    assert "Textes représentatifs :" in text
    assert "Lieux cités : lyon" in text or "Lieux cités : bretagne" in text
    assert "Empreinte des données : sha256:" in text


def test_a_very_long_field_is_read(tmp_path):
    long_text = "Je demande des pistes cyclables. " * 10_000
    path = write_csv(tmp_path / "long.csv", [("1", long_text), ("2", "Des bus le dimanche")])
    document = json.loads(run(str(path), "--text-column", "texte", "--id-column", "numero"))
    assert sorted(m for t in document["themes"] for m in t["members"]) == ["1", "2"]


def test_missing_column_is_reported_on_line_one(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions)
    with pytest.raises(
        CommandError, match=r"ligne 1\u00a0: pas de colonne «\u00a0avis\u00a0»"
    ) as error:
        run(str(path), "--text-column", "avis")
    assert error.value.returncode == 1


def test_a_short_row_is_reported_with_its_line(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("numero,texte,commune\n1,Des bus,Rennes\n2\n3,Des trains,Vitré\n")
    with pytest.raises(CommandError, match=r"^ligne 3\u00a0: 1 champs seulement"):
        run(str(path), "--text-column", "texte", "--id-column", "numero")


def test_a_repeated_id_is_reported_with_its_line(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("numero,texte\n1,Des bus\n2,Des trains\n1,Des vélos\n")
    with pytest.raises(
        CommandError, match=r"^ligne 4\u00a0: identifiant «\u00a01\u00a0» en double"
    ):
        run(str(path), "--text-column", "texte", "--id-column", "numero")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("numero,texte\n1,Des bus\n2,Un hôpital\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"^ligne 3\u00a0: le fichier n'est pas en UTF-8"):
        run(str(path), "--text-column", "texte")


def test_an_unreadable_csv_is_reported_with_its_line(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('numero,texte\n1,"Des bus"\n2,"Un "grand" hôpital"\n3,Des trains\n')
    with pytest.raises(CommandError, match=r"^ligne 3\u00a0: CSV illisible"):
        run(str(path), "--text-column", "texte")


def test_missing_file_and_bad_theme_count_are_reported(tmp_path):
    with pytest.raises(CommandError, match="impossible de lire"):
        run(str(tmp_path / "absent.csv"), "--text-column", "texte")
    with pytest.raises(CommandError, match="--themes attend"):
        run(str(tmp_path / "absent.csv"), "--text-column", "texte", "--themes", "zéro")


def test_validated_themes_keep_their_ids_in_a_new_run(tmp_path, contributions):
    first_path = write_csv(tmp_path / "first.csv", contributions[:80])
    first = json.loads(
        run(str(first_path), "--text-column", "texte", "--id-column", "numero", "--themes", "4")
    )
    validated = {"themes": []}
    for number, theme in enumerate(first["themes"]):
        validated["themes"].append({**theme, "id": 100 + number, "label": f"Thème validé {number}"})
    previous = tmp_path / "validated.json"
    previous.write_text(json.dumps(validated), encoding="utf-8")
    second_path = write_csv(tmp_path / "second.csv", contributions)
    second = json.loads(
        run(
            str(second_path),
            "--text-column",
            "texte",
            "--id-column",
            "numero",
            "--themes",
            "4",
            "--previous",
            str(previous),
        )
    )
    validated_ids = {theme["id"] for theme in validated["themes"] if theme["keywords"]}
    assert validated_ids <= {theme["id"] for theme in second["themes"]}
    assert second["matching"]["new_themes"] == []
    for theme in validated["themes"]:
        if theme["keywords"]:
            again = next(t for t in second["themes"] if t["id"] == theme["id"])
            assert set(theme["members"]) <= set(again["members"])


def test_an_unreadable_previous_file_is_reported(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions)
    previous = tmp_path / "validated.json"
    previous.write_text('{"themes": [\n{"id": 1,,}]}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"ligne 2\u00a0: JSON illisible"):
        run(str(path), "--text-column", "texte", "--previous", str(previous))


def test_a_metadata_column_filters_the_rows(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions, towns=("Rennes", "Vitré"))
    document = json.loads(
        run(
            str(path),
            "--text-column",
            "texte",
            "--id-column",
            "numero",
            "--filter",
            "commune=vitré",
        )
    )
    members = sorted(member for theme in document["themes"] for member in theme["members"])
    assert members == sorted(record_id for record_id, _ in contributions[1::2])
    with pytest.raises(
        CommandError, match=r"ligne 1\u00a0: pas de colonne «\u00a0ville\u00a0» \(filtre\)"
    ):
        run(str(path), "--text-column", "texte", "--filter", "ville=Rennes")
    with pytest.raises(CommandError, match="--filter attend COLONNE=VALEUR"):
        run(str(path), "--text-column", "texte", "--filter", "Rennes")


def test_a_spreadsheet_export_with_bom_and_windows_line_ends_is_read(tmp_path):
    path = tmp_path / "export.csv"
    content = 'numero;texte\r\n1;Des bus le dimanche\r\n2;"Un hôpital; plus proche"\r\n'
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    document = json.loads(run(str(path), "--text-column", "texte", "--id-column", "numero"))
    assert sorted(m for t in document["themes"] for m in t["members"]) == ["1", "2"]


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x7f"])
def test_a_control_character_is_reported_with_its_line_and_column(tmp_path, character):
    path = tmp_path / "textes.csv"
    path.write_text(f"numero,texte\n1,Un texte\n2,Un{character}autre\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(str(path), "--text-column", "texte", "--id-column", "numero")
    assert str(error.value).startswith(
        f"ligne 3, colonne « texte » : caractère de contrôle invisible (U+{ord(character):04X})"
    )
    assert error.value.returncode == 1


def test_a_theme_count_in_another_script_is_refused(tmp_path, contributions):
    path = write_csv(tmp_path / "contributions.csv", contributions)
    with pytest.raises(CommandError, match="--themes attend"):
        run(str(path), "--text-column", "texte", "--themes", "١٢")
