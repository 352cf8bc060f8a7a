"""The published files: CSV and JSON per démarche and for the territory, and their packages."""

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from frictionless import Package, system

from parlons.core.models import AuditEntry
from parlons.opendata.exports import build_exports
from parlons.opendata.models import ExportRun, Licence, OpenDataSettings
from parlons.opendata.tasks import rebuild_if_changed, rebuild_is_due
from parlons.opendata.writers import neutralise

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_contributions_file_holds_the_visible_contributions_with_masked_texts(
    client, built, debate, process
):
    response = client.get(f"/donnees/{process.slug}/contributions.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert [int(row["id"]) for row in rows] == [debate["first"].pk, debate["formula"].pk]
    first = rows[0]
    assert "martine.secret@exemple.test" not in first["texte"]
    assert first["texte"] == debate["first"].public_body
    assert first["theme"] == "Mobilité"
    assert first["commune"] == "Port-Essai"
    assert first["code_insee"] == "29100"
    assert (first["d_accord"], first["pas_d_accord"], first["sans_avis"]) == ("2", "1", "0")
    assert first["reponses"] == "1"
    assert first["reponses_officielles"] == "1"
    assert (
        first["url"]
        == f"https://participer.exemple.fr/demarches/{process.slug}/contributions/{debate['first'].pk}/"
    )
    assert first["publiee_le"].endswith("Z")


def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe_in_csv_not_in_json(
    client, built, debate, process
):
    rows = read_csv(client.get(f"/donnees/{process.slug}/contributions.csv"))
    assert rows[1]["texte"] == '\'=HYPERLINK("http://x")'
    data = json.loads(
        b"".join(client.get(f"/donnees/{process.slug}/contributions.json").streaming_content)
    )
    assert data[1]["texte"] == '=HYPERLINK("http://x")'
    assert data[0]["d_accord"] == 2
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1") == f"'{start}1"
    assert neutralise("Bonjour") == "Bonjour"


def test_csv_follows_rfc_4180(client, built, process):
    raw = b"".join(client.get(f"/donnees/{process.slug}/phases.csv").streaming_content)
    assert raw.startswith(b"demarche,numero,type,titre,")
    assert b"\r\n" in raw and raw.endswith(b"\r\n")
    raw.decode("utf-8")


def test_replies_reactions_and_answers(client, built, debate, process):
    replies = read_csv(client.get(f"/donnees/{process.slug}/reponses.csv"))
    assert [int(row["id"]) for row in replies] == [
        debate["reply"].pk
    ]  # not the one under a hidden post
    assert replies[0]["contribution"] == str(debate["first"].pk)
    reactions = read_csv(client.get(f"/donnees/{process.slug}/reactions-par-jour.csv"))
    today = timezone.localdate().isoformat()
    assert {(r["message"], r["jour"], r["reaction"], r["nombre"]) for r in reactions} == {
        (str(debate["first"].pk), today, "agree", "2"),
        (str(debate["first"].pk), today, "disagree", "1"),
        (str(debate["reply"].pk), today, "pass", "1"),
    }
    answers = read_csv(client.get(f"/donnees/{process.slug}/reponses-officielles.csv"))
    assert answers[0]["signature"].startswith("Claire Expert, Chargée de mission mobilités")


def test_meetings_and_minutes(client, built, meeting, process):
    meetings = read_csv(client.get(f"/donnees/{process.slug}/reunions.csv"))
    assert meetings[0]["titre"] == "Atelier mobilités"
    assert meetings[0]["latitude"] == "47.658236"
    assert meetings[0]["compte_rendu_publie"] == "true"
    minutes = read_csv(client.get(f"/donnees/{process.slug}/comptes-rendus.csv"))
    assert "Cachée-Durandal" not in minutes[0]["texte"]


def test_the_territory_file_joins_every_public_process(client, debate, meeting, make_process):
    make_process(slug="brouillon", status="draft", title="Une démarche en brouillon")
    make_process(slug="budget-2027", title="Budget 2027")
    build_exports()
    rows = read_csv(client.get("/donnees/demarches.csv"))
    assert sorted(row["demarche"] for row in rows) == ["budget-2027", "transition-numerique"]
    assert client.get("/donnees/brouillon/contributions.csv").status_code == 404
    assert client.get("/donnees/brouillon/datapackage.json").status_code == 404
    assert client.get("/donnees/inconnu.csv").status_code == 404


def test_files_carry_etag_and_last_modified_and_answer_304(client, built, process):
    url = f"/donnees/{process.slug}/contributions.csv"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    # Rebuilt without change: same ETag, same Last-Modified, so harvesters skip it.
    build_exports()
    again = client.get(url)
    assert (again["ETag"], again["Last-Modified"]) == (etag, modified)


def download_package(client, url: str, folder: Path) -> Path:
    """The package and every file it points to, saved side by side as a harvester would."""
    package = client.get(url).json()
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    base = url.rsplit("/", 1)[0]
    for resource in package["resources"]:
        response = client.get(f"{base}/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(b"".join(response.streaming_content))
    return folder / "datapackage.json"


def test_data_packages_pass_frictionless_validation(client, built, process, tmp_path):
    for url, name in (
        ("/donnees/datapackage.json", "territoire"),
        (f"/donnees/{process.slug}/datapackage.json", "demarche"),
    ):
        path = download_package(client, url, tmp_path / name)
        with system.use_context(trusted=True):
            report = Package(str(path)).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = client.get("/donnees/datapackage.json").json()
    assert package["licenses"][0]["name"] == "etalab-2.0"
    names = [resource["name"] for resource in package["resources"]]
    assert "contributions" in names and "reunions" in names
    contributions = next(r for r in package["resources"] if r["name"] == "contributions")
    assert all(field["description"] for field in contributions["schema"]["fields"])


def test_the_licence_chosen_by_the_territory_is_announced(client, built, territory):
    OpenDataSettings.objects.create(territory=territory, licence=Licence.ODBL)
    package = client.get("/donnees/datapackage.json").json()
    assert package["licenses"][0]["name"] == "ODbL-1.0"
    assert "opendatacommons.org" in package["licenses"][0]["path"]


def test_files_are_rebuilt_once_the_data_is_quiet(settings, debate, meeting):
    settings.OPENDATA_QUIET_SECONDS = 120
    settings.OPENDATA_MAX_WAIT_SECONDS = 900
    assert rebuild_is_due() == "first"
    rebuild_if_changed.call()
    run = ExportRun.objects.get()
    assert run.status == ExportRun.Status.DONE and run.datasets_done == run.datasets_total
    assert rebuild_is_due() == ""  # nothing written since
    now = timezone.now()
    AuditEntry.objects.create(action="debates.contribute")
    assert rebuild_is_due(now) == ""  # still busy: wait
    assert rebuild_is_due(now + timedelta(seconds=121)) == "quiet"
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-pk").first().pk).update(
        created_at=now - timedelta(seconds=1000)
    )
    AuditEntry.objects.create(action="debates.contribute")
    assert rebuild_is_due(now) == "max_wait"  # a busy day still publishes
    assert rebuild_if_changed.call()["rebuilt"] == 1
    assert ExportRun.objects.count() == 2


def test_a_failed_run_keeps_the_previous_files(client, built, process, monkeypatch):
    from parlons.opendata import exports

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(exports, "_keep_unchanged_dates", broken)
    with pytest.raises(RuntimeError):
        build_exports()
    failed = ExportRun.objects.order_by("-pk").first()
    assert failed.status == ExportRun.Status.FAILED and "disque plein" in failed.error
    assert client.get(f"/donnees/{process.slug}/contributions.csv").status_code == 200
