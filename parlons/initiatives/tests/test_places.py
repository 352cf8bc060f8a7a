"""Places of digital mediation in the national standard: import with a report, export valid."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parlons.core.models import AuditEntry
from parlons.initiatives import services
from parlons.initiatives.models import Initiative, MediationPlace
from parlons.initiatives.places import places_csv
from parlons.initiatives.queries import published_places
from parlons.initiatives.standard import COLUMNS, NAMES

pytestmark = pytest.mark.django_db

STANDARD = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "standards"
SCHEMA = STANDARD / "lieux-mediation-numerique" / "schema.json"
EXAMPLE = STANDARD / "lieux-mediation-numerique" / "exemple-valide.csv"


def place(**values) -> dict:
    row = dict.fromkeys(NAMES, "")
    row.update(
        id="lieu-1",
        pivot="21990101500012",
        nom="Espace numérique de la médiathèque",
        commune="Port-Vallon",
        code_postal="99100",
        code_insee="99101",
        adresse="2 place du Marché",
        latitude="47.5",
        longitude="-1.5",
        typologie="BIB|COMMUNE",
        telephone="+33299000000",
        courriels="numerique@port-vallon.example",
        site_web="https://port-vallon.example/numerique",
        presentation_resume="Ateliers et aide aux démarches en ligne.",
        date_maj="2026-11-02",
        services="Aide aux démarches administratives|Accès internet et matériel informatique",
        frais_a_charge="Gratuit",
    )
    row.update(values)
    return row


def file_of(*rows: dict, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(NAMES), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def import_file(territory, organiser, content, **options):
    return services.import_places(actor=organiser, territory=territory, content=content, **options)


def test_a_valid_file_is_imported_published_in_the_mediation_category(
    territory, organiser, communes
):
    report = import_file(territory, organiser, file_of(place(), place(id="lieu-2", nom="Bus")))
    assert (report.created, report.updated) == (2, 0)
    initiative = Initiative.objects.get(title="Espace numérique de la médiathèque")
    assert initiative.is_published
    assert initiative.commune == communes["Port-Vallon"]
    assert initiative.organisation_kind == "collectivite"
    assert [c.name for c in initiative.categories.all()] == ["Médiation numérique"]
    assert initiative.place.columns["adresse"] == "2 place du Marché"
    assert AuditEntry.objects.filter(action="initiatives.import_places").count() == 1


def test_a_second_import_of_the_same_file_updates_rather_than_duplicates(
    territory, organiser, communes
):
    import_file(territory, organiser, file_of(place()))
    report = import_file(territory, organiser, file_of(place(nom="Espace numérique (rénové)")))
    assert (report.created, report.updated) == (0, 1)
    assert MediationPlace.objects.count() == 1
    assert Initiative.objects.get().title == "Espace numérique (rénové)"


def test_every_invalid_cell_is_reported_and_nothing_is_imported(territory, organiser):
    content = file_of(
        place(),
        place(id="lieu-2", code_postal="9910", latitude="quarante"),
        place(id="lieu-1", date_maj="02/11/2026", frais_a_charge="Offert"),
    )
    with pytest.raises(services.ImportRejected) as rejected:
        import_file(territory, organiser, content)
    assert [(e.line, e.column) for e in rejected.value.errors] == [
        (3, "code_postal"),
        (3, "latitude"),
        (4, "date_maj"),
        (4, "frais_a_charge"),
        (4, "id"),
    ]
    assert "déjà celui de la ligne 2" in rejected.value.errors[-1].reason
    assert Initiative.objects.count() == 0


def test_valid_rows_only_imports_the_good_rows_and_reports_the_others(territory, organiser):
    content = file_of(place(), place(id="lieu-2", code_postal="9910"))
    report = import_file(territory, organiser, content, valid_rows_only=True)
    assert report.created == 1
    assert [(e.line, e.column) for e in report.errors] == [(3, "code_postal")]


def test_draft_keeps_new_places_for_review(territory, organiser):
    import_file(territory, organiser, file_of(place()), draft=True)
    assert not Initiative.objects.get().is_published


def test_a_missing_required_column_is_reported_on_the_header(territory, organiser):
    content = b"id,nom\nx,y\n"
    with pytest.raises(services.ImportRejected) as rejected:
        import_file(territory, organiser, content)
    assert ("pivot", 1) in [(e.column, e.line) for e in rejected.value.errors]


def test_the_commands_import_then_export(territory, organiser, communes, tmp_path, capsys):
    source = tmp_path / "lieux.csv"
    source.write_bytes(file_of(place(), place(id="lieu-2", code_postal="x")))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_places", str(source))
    assert "ligne 3, colonne code_postal" in capsys.readouterr().err
    call_command("import_places", str(source), "--valid-rows-only")
    assert Initiative.objects.count() == 1
    assert "1 lieu(x) créé(s)" in capsys.readouterr().out
    call_command("export_places")
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["id"], row["nom"], row["code_insee"]) for row in exported] == [
        ("lieu-1", "Espace numérique de la médiathèque", "99101")
    ]


def test_an_edit_in_parlons_is_exported_and_a_value_the_standard_refuses_is_left_out(
    territory, organiser, communes
):
    import_file(territory, organiser, file_of(place()))
    initiative = Initiative.objects.get()
    services.update_initiative(
        actor=organiser, initiative=initiative, summary="x" * 400, contact_phone="02 99 00"
    )
    row = next(csv.DictReader(io.StringIO("".join(places_csv(published_places(territory))))))
    assert len(row["presentation_resume"]) <= 280
    # The phone kept from the file is the standard's; the column has its own pattern.
    assert row["telephone"] == "+33299000000"


@pytest.mark.skipif(not SCHEMA.exists(), reason="the standard's schema is in ../shared/data/")
def test_the_columns_this_code_checks_are_the_standards(tmp_path):
    schema = json.loads(SCHEMA.read_text())
    assert [f["name"] for f in schema["fields"]] == [c.name for c in COLUMNS]
    for described, column in zip(schema["fields"], COLUMNS, strict=True):
        constraints = described.get("constraints", {})
        assert column.required == bool(constraints.get("required")), column.name
        assert column.pattern == constraints.get("pattern", ""), column.name
        assert column.type == described["type"], column.name


@pytest.mark.skipif(not SCHEMA.exists(), reason="the standard's schema is in ../shared/data/")
def test_the_standards_own_example_imports_and_the_export_passes_frictionless(
    territory, organiser, communes, tmp_path
):
    from frictionless import Resource, Schema, validate

    report = import_file(territory, organiser, EXAMPLE.read_bytes())
    assert report.created == 1
    import_file(
        territory, organiser, file_of(place(), place(id="lieu-2", latitude="", longitude=""))
    )
    exported = tmp_path / "lieux.csv"
    exported.write_text("".join(places_csv(published_places(territory))), encoding="utf-8")
    resource = Resource(
        path="lieux.csv",
        basepath=str(tmp_path),
        schema=Schema.from_descriptor(json.loads(SCHEMA.read_text())),
    )
    result = validate(resource)
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])
    assert result.tasks[0].stats["rows"] == 3
