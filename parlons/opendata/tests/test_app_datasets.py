"""The datasets of the participation apps: what each publishes, and through the API too."""

import json
import re

import pytest

from parlons.budgets.counting.pabulib import parse_pabulib
from parlons.core.datasets import all_datasets, dataset_named, pseudonymous_id

pytestmark = pytest.mark.django_db

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def rows_of(client, process, name: str) -> list[dict]:
    response = client.get(f"/donnees/{process.slug}/{name}.json")
    assert response.status_code == 200, name
    return json.loads(b"".join(response.streaming_content))


def test_each_app_declares_its_own_datasets():
    modules = {
        d.name: (d.rows or d.row or d.territory_rows).__module__  # type: ignore[union-attr]
        for d in all_datasets()
    }
    assert modules["propositions"] == "parlons.proposals.datasets"
    assert modules["budget-bulletins"] == "parlons.budgets.datasets"
    assert modules["questionnaires-resultats"] == "parlons.questionnaires.datasets"
    assert modules["syntheses"] == "parlons.synthesis.datasets"
    assert modules["suivi-decisions"] == "parlons.followup.datasets"
    assert modules["initiatives"] == "parlons.initiatives.datasets"


def test_proposals_their_answers_and_merges(client, process, participation, writer, built):
    proposals = participation["proposals"]
    rows = rows_of(client, process, "propositions")
    assert {row["id"] for row in rows} == {proposals["visible"].pk, proposals["merged"].pk}
    visible = next(row for row in rows if row["id"] == proposals["visible"].pk)
    assert visible["etat"] == "accepted" and visible["soutiens"] == 3
    assert visible["cout_estime"] == 12000 and visible["code_insee"] == "29100"
    assert visible["theme"] == "Mobilité" and visible["commune"] == "Port-Essai"
    assert visible["auteur"] == pseudonymous_id(process.pk, writer.pk)
    assert DAY.fullmatch(visible["deposee_le"]) and DAY.fullmatch(visible["etat_change_le"])
    assert "martine.secret" not in visible["texte"] and "40 vélos" in visible["texte"]
    answers = rows_of(client, process, "reponses-propositions")
    assert [(a["proposition"], a["etat"], a["instance"]) for a in answers] == [
        (proposals["visible"].pk, "accepted", "Conseil municipal")
    ]
    assert answers[0]["motif"] == "Retenue au budget 2027." and DAY.fullmatch(
        answers[0]["repondue_le"]
    )
    merges = rows_of(client, process, "fusions-propositions")
    assert [(m["proposition"], m["fusionnee_avec"]) for m in merges] == [
        (proposals["merged"].pk, proposals["visible"].pk)
    ]


def test_budget_projects_results_and_anonymous_ballots(client, process, participation, built):
    projects = participation["budget"]["projects"]
    rows = rows_of(client, process, "budget-projets")
    assert [row["id"] for row in rows] == [project.pk for project in projects]
    assert all(row["faisabilite"] == "feasible" for row in rows)
    retained = {row["titre"] for row in rows if row["retenu"]}
    assert retained == {"Jardin partagé", "Bancs"}  # 4 votes each, 45,000 € within 50,000 €
    results = rows_of(client, process, "budget-resultats")
    votes = {row["projet"]: (row["voix"], row["retenu"]) for row in results}
    assert votes == {
        projects[0].pk: (4, True),
        projects[1].pk: (4, True),
        projects[2].pk: (1, False),
    }
    assert {row["bulletins"] for row in results} == {6}
    ballots = rows_of(client, process, "budget-bulletins")
    assert set(ballots[0]) == {"demarche", "bulletin", "projet", "points"}
    assert len(ballots) == 9 and {row["bulletin"] for row in ballots} == set(range(1, 7))
    # The .pb file is the same vote, readable by any pabulib reader, with no voter in it.
    response = client.get(f"/donnees/{process.slug}/budget-bulletins.pb")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert response["ETag"]
    election = parse_pabulib(b"".join(response.streaming_content))
    assert election.num_voters == 6 and len(election.projects) == 3
    # Announced in the démarche's data package and the catalogue.
    package = client.get(f"/donnees/{process.slug}/datapackage.json").json()
    pabulib = next(r for r in package["resources"] if r["path"] == "budget-bulletins.pb")
    assert pabulib["mediatype"] == "text/plain" and pabulib["hash"].startswith("sha256:")
    assert "budget-bulletins.pb" in client.get("/donnees/catalog.ttl").content.decode()
    page = client.get(f"/donnees/{process.slug}/").content.decode()
    assert f"/donnees/{process.slug}/budget-bulletins.pb" in page
    assert client.get("/donnees/budget-bulletins.pb").status_code == 404  # per démarche only
    assert client.get(f"/donnees/{process.slug}/contributions.pb").status_code == 404


def test_no_ballot_nor_result_before_the_results_are_published(process, participation):
    budget = participation["budget"]["budget"]
    budget.results_published_at = None
    budget.save()
    process.refresh_from_db()
    for name in ("budget-resultats", "budget-bulletins"):
        assert list(dataset_named(name).rows_of(process)) == [], name
    rows = list(dataset_named("budget-projets").rows_of(process))
    assert rows and all(row["retenu"] is None for row in rows)
    pabulib = dataset_named("budget-bulletins").attachments[0]
    assert pabulib.content(process) is None


def test_questionnaire_results_mask_small_groups(client, process, participation, built):
    rows = rows_of(client, process, "questionnaires-resultats")
    counts = {row["reponse"]: row["nombre"] for row in rows}
    assert counts == {"En bus": "9", "En tram": "< 5"}
    # Nothing beside a masked cell lets it be recomputed: no total, no share.
    assert all(row["repondants"] is None and row["part"] is None for row in rows)
    csv = b"".join(
        client.get(f"/donnees/{process.slug}/questionnaires-resultats.csv").streaming_content
    ).decode()
    assert ",< 5," in csv and ",3," not in csv and ",12," not in csv


def test_unpublished_questionnaire_results_stay_out(process, participation, organiser):
    from parlons.questionnaires import services

    services.unpublish_results(actor=organiser, questionnaire=participation["survey"])
    assert list(dataset_named("questionnaires-resultats").rows_of(process)) == []


def test_published_syntheses_and_their_sections(client, process, participation, built):
    (report,) = rows_of(client, process, "syntheses")
    assert report["titre"] == "Synthèse des mobilités" and report["sections"] == 2
    assert report["validee_par"] == "Claire Expert, adjointe aux mobilités"
    assert report["pdf"].endswith(f"/{process.slug}/synthese/synthese.pdf")
    assert DAY.fullmatch(report["publiee_le"])
    sections = rows_of(client, process, "syntheses-sections")
    assert [(s["numero"], s["titre"]) for s in sections] == [(1, "Le bus"), (2, "Le vélo")]


def test_decisions_and_their_follow_up(client, process, participation, built):
    decisions = rows_of(client, process, "suivi-decisions")
    # The budget's winning projects were announced to the follow-up when published.
    assert {row["origine"] for row in decisions} >= {"manual", "budget_project"}
    decision = next(row for row in decisions if row["reference"] == "abri-velo")
    assert decision["service"] == "Service voirie" and decision["avancement"] == 40
    assert decision["etat"] == "in_progress" and decision["decidee_par"] == "Conseil municipal"
    steps = rows_of(client, process, "suivi-etapes")
    (step,) = [row for row in steps if row["decision"] == decision["id"]]
    assert "Chantier lancé" in step["texte"] and "Cachée-Durandal" not in step["texte"]


def test_every_dataset_is_in_the_api_with_its_filters(client, process, participation):
    base = f"/api/v1/demarches/{process.slug}"
    for dataset in all_datasets():
        if dataset.name in ("demarches", "phases") or dataset.territory_wide:
            continue  # the territory's tables have their own list (/api/v1/initiatives)
        response = client.get(f"{base}/{dataset.name}")
        assert response.status_code == 200, dataset.name
        assert set(response.json()) == {"items", "suivant"}
    accepted = client.get(f"{base}/propositions?etat=accepted").json()["items"]
    assert [row["id"] for row in accepted] == [participation["proposals"]["visible"].pk]
    assert client.get(f"{base}/propositions?etat=rejected").json()["items"] == []
    assert len(client.get(f"{base}/propositions?theme=mobilite").json()["items"]) == 1
    assert len(client.get(f"{base}/propositions?commune=port-essai").json()["items"]) == 1
    assert client.get(f"{base}/propositions?depuis=2000-01-01&jusqu_au=2000-12-31").json() == {
        "items": [],
        "suivant": None,
    }
    assert client.get(f"{base}/propositions?etat=%3Cscript").status_code == 422
    answers = client.get(f"{base}/reponses-propositions").json()["items"]
    assert answers[0]["instance"] == "Conseil municipal"


def test_lists_without_a_queryset_page_by_position(client, process, participation):
    url = f"/api/v1/demarches/{process.slug}/budget-bulletins"
    seen, cursor = [], ""
    for _page in range(20):
        data = client.get(f"{url}?limite=3{cursor}").json()
        seen += data["items"]
        if data["suivant"] is None:
            break
        cursor = f"&curseur={data['suivant']}"
    assert len(seen) == 9
    assert seen == [
        {key: row[key] for key in ("demarche", "bulletin", "projet", "points")}
        for row in dataset_named("budget-bulletins").rows_of(process)
    ]
    results = client.get(f"/api/v1/demarches/{process.slug}/questionnaires-resultats").json()
    assert {row["nombre"] for row in results["items"]} == {"9", "< 5"}


def test_a_dataset_is_also_listed_with_the_process_as_a_parameter(client, process, participation):
    by_path = client.get(f"/api/v1/demarches/{process.slug}/propositions?etat=accepted").json()
    by_query = client.get(f"/api/v1/propositions?demarche={process.slug}&etat=accepted").json()
    assert by_query == by_path and len(by_query["items"]) == 1
    # Without the démarche: every public démarche's rows (here the only one).
    assert client.get("/api/v1/propositions?etat=accepted").json() == by_path
    wrong = client.get("/api/v1/propositions?demarche=")  # empty: not a démarche's address
    assert wrong.status_code == 422 and wrong.json()["erreur"]["code"] == "invalid"
    assert client.get("/api/v1/syntheses?demarche=inconnue").status_code == 404
    results = client.get(f"/api/v1/budget-resultats?demarche={process.slug}").json()["items"]
    assert {row["retenu"] for row in results} == {True, False}
