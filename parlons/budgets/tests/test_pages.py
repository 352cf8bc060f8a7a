"""The budget's pages, without JavaScript: vote, recompute, confirm, results, staff pages."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parlons.budgets import services
from parlons.budgets.models import Budget, PaperBallot
from parlons.budgets.queries import in_voter_order, voting_projects
from parlons.conftest import login_staff

from .conftest import SUBMITTING, ballots, project_ids, vote_for
from .typography import plain

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"


def page(response) -> str:
    return response.content.decode()


def vote_url(budget) -> str:
    return f"/demarches/{budget.process.slug}/budget/voter/"


def test_the_project_list_shows_cost_district_and_feasibility(client, budget):
    text = page(client.get(f"/demarches/{budget.process.slug}/budget/"))
    assert "Jardin partagé" in text and "30 000 €" in text.replace(NNBSP, " ").replace(NBSP, " ")
    assert "réalisable" in text


def test_projects_come_in_an_order_of_each_voters_own_stable_across_reloads(
    client, budget, citizen, other_citizen
):
    client.force_login(citizen)
    titles = re.compile(r'<label for="choice-\d+"><strong>([^<]+)</strong>')
    first = titles.findall(page(client.get(vote_url(budget))))
    assert titles.findall(page(client.get(vote_url(budget)))) == first
    assert sorted(first) == sorted(p.title for p in budget.projects.all())
    orders = {
        tuple(p.pk for p in in_voter_order(voting_projects(budget), budget=budget, seed_key=k))
        for k in (f"user:{n}" for n in range(20))
    }
    assert len(orders) > 1


def test_recompute_without_javascript_shows_the_total_and_keeps_the_choices(
    client, budget, citizen
):
    client.force_login(citizen)
    chosen = project_ids(budget, "Jardin partagé", "Bancs et fontaines")
    response = client.post(vote_url(budget), {"choice": chosen, "action": "recompute"})
    text = page(response)
    assert response.status_code == 200
    assert f"<strong data-total>45{NNBSP}000{NBSP}€</strong>" in text
    for pk in chosen:
        assert f'value="{pk}" id="choice-{pk}" data-cost="' in text
        assert re.search(rf'value="{pk}" id="choice-{pk}" data-cost="[^"]+" checked', text)
    assert not ballots().exists()


def test_a_knapsack_ballot_over_budget_is_refused_and_keeps_what_was_ticked(
    client, budget, citizen
):
    client.force_login(citizen)
    chosen = project_ids(budget, "Pistes cyclables", "Skatepark")
    response = client.post(vote_url(budget), {"choice": chosen, "action": "review"})
    text = page(response)
    assert response.status_code == 400
    assert f"coûtent 105{NNBSP}000{NBSP}€, plus que le budget de 100{NNBSP}000{NBSP}€" in text
    assert all(re.search(rf'id="choice-{pk}" data-cost="[^"]+" checked', text) for pk in chosen)
    assert not ballots().exists()


def test_a_citizen_checks_then_confirms_and_a_second_ballot_is_refused(client, budget, citizen):
    client.force_login(citizen)
    chosen = project_ids(budget, "Jardin partagé", "Skatepark")
    review = client.post(vote_url(budget), {"choice": chosen, "action": "review"})
    assert "Confirmer mon vote" in page(review) and not ballots().exists()
    done = client.post(vote_url(budget), {"choice": chosen, "action": "confirm"}, follow=True)
    assert "Votre vote est enregistré" in page(done)
    assert ballots().count() == 1
    again = client.post(vote_url(budget), {"choice": chosen, "action": "confirm"}, follow=True)
    assert "Vous avez déjà voté pour ce budget participatif" in page(again)
    assert "Vous avez déjà voté" in page(client.get(vote_url(budget), follow=True))
    assert ballots().count() == 1


def test_a_cumulative_ballot_keeps_what_was_typed_when_refused(client, make_budget, citizen):
    budget = make_budget(kind=Budget.BallotKind.CUMULATIVE, points=10)
    client.force_login(citizen)
    garden, skate, benches = project_ids(
        budget, "Jardin partagé", "Skatepark", "Bancs et fontaines"
    )
    data = {f"points-{garden}": "8", f"points-{skate}": "5", f"points-{benches}": "deux"}
    text = page(client.post(vote_url(budget), {**data, "action": "review"}))
    assert "« deux » pour « Bancs et fontaines » : écrivez un nombre entier." in text
    assert f'name="points-{benches}" id="points-{benches}" value="deux"' in text
    data[f"points-{benches}"] = "-1"
    text = page(client.post(vote_url(budget), {**data, "action": "review"}))
    assert "un nombre de points ne peut pas être négatif" in text
    data[f"points-{benches}"] = ""
    text = page(client.post(vote_url(budget), {**data, "action": "review"}))
    assert "Vous avez réparti 13 points : vous en avez 10 au plus." in text
    assert f'name="points-{garden}" id="points-{garden}" value="8"' in text
    data[f"points-{skate}"] = "2"
    client.post(vote_url(budget), {**data, "action": "confirm"})
    assert sorted(ballots().get().choices.values_list("points", flat=True)) == [2, 8]


def test_a_ranking_ballot_is_cast_from_select_boxes(client, make_budget, citizen):
    budget = make_budget(kind=Budget.BallotKind.RANKING, max_ranks=2)
    client.force_login(citizen)
    garden, skate = project_ids(budget, "Jardin partagé", "Skatepark")
    text = page(client.get(vote_url(budget)))
    assert f'<select name="rank-{garden}" id="rank-{garden}">' in text
    client.post(
        vote_url(budget), {f"rank-{garden}": "2", f"rank-{skate}": "1", "action": "confirm"}
    )
    assert sorted(ballots().get().choices.values_list("points", flat=True)) == [1, 2]


def test_anonymous_visitors_are_sent_to_sign_in_to_vote(client, budget):
    response = client.get(vote_url(budget))
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_published_results_show_a_chart_the_same_numbers_in_a_table_and_the_notice(
    client, budget, personas, organiser
):
    results = f"/demarches/{budget.process.slug}/budget/resultats/"
    assert "pas encore publiés" in page(client.get(results))
    vote_for(personas["citizen"], budget, "Jardin partagé", "Bancs et fontaines")
    vote_for(personas["expert"], budget, "Jardin partagé")
    services.count_budget(budget)
    services.publish_results(actor=organiser, budget=budget)
    text = page(client.get(results))
    assert '<svg role="img" aria-labelledby="chart-title-1"' in text
    # Greedy, as pabutools: a project without votes that still fits is funded (no threshold).
    assert text.count('class="bar-selected"') == 3
    assert (
        '<th scope="row" role="rowheader">Jardin partagé</th><td role="cell" data-label="Voix">2</td>'
        in text
    )
    assert 'class="bar-name">Jardin partagé</text>' in text  # each bar under its name
    assert "sélectionné : 2 voix" in plain(text).replace("Sélectionné", "sélectionné")
    assert "/transparence/algorithmes/budget-counting/" in text
    assert "Publiés le" in text and organiser.public_name in text
    assert client.get(f"/demarches/{budget.process.slug}/budget/vote.pb").status_code == 200


def test_the_export_is_for_staff_until_results_are_published(client, budget):
    assert client.get(f"/demarches/{budget.process.slug}/budget/vote.pb").status_code == 404


def test_an_organiser_sets_up_the_budget_and_cannot_change_the_rule_once_the_vote_opened(
    client, make_budget, organiser
):
    budget = make_budget()  # its vote phase has started
    login_staff(client, organiser)
    url = f"/demarches/{budget.process.slug}/budget/equipe/reglages/"
    form = {
        "total_amount": "100000",
        "eligibility": "signed_in",
        "ballot_kind": "knapsack",
        "min_projects": "1",
        "max_projects": "",
        "points": "10",
        "max_ranks": "3",
        "rule": "mes-cost",
        "min_score": "",
        "districts": "",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "la règle de décompte et le bulletin ne peuvent plus changer" in page(response)
    assert 'value="mes-cost" selected' in page(response)
    budget.refresh_from_db()
    assert budget.rule == "greedy"


def test_an_organiser_creates_a_budget_with_districts_from_the_setup_page(
    client, make_process, organiser
):
    process = make_process(open=SUBMITTING, slug="bp-2027")
    login_staff(client, organiser)
    url = f"/demarches/{process.slug}/budget/equipe/reglages/"
    form = {
        "total_amount": "150000",
        "eligibility": "signed_in",
        "ballot_kind": "approval",
        "min_projects": "1",
        "max_projects": "3",
        "points": "10",
        "max_ranks": "3",
        "rule": "mes-cost-completed",
        "min_score": "",
        "districts": "Nord = 50000\nSud = quarante",
    }
    text = page(client.post(url, form))
    assert "Ligne 2 : écrivez « nom du quartier = montant en euros »" in text
    assert "Sud = quarante" in text
    form["districts"] = "Nord = 50000\nSud = 40000"
    assert client.post(url, form).status_code == 302
    budget = Budget.objects.get(process=process)
    assert budget.rule == "mes-cost-completed"
    assert [(d.name, d.amount) for d in budget.districts.all()] == [
        ("Nord", Decimal(50000)),
        ("Sud", Decimal(40000)),
    ]


def test_staff_pages_review_count_and_publish(client, budget, organiser, personas):
    login_staff(client, organiser)
    base = f"/demarches/{budget.process.slug}/budget/equipe/"
    assert "Jardin partagé" in page(client.get(base))
    vote_for(personas["citizen"], budget, "Jardin partagé")
    services.count_budget(budget)
    response = client.post(base + "publier/", follow=True)
    assert "Résultats publiés." in page(response)
    assert "Jardin partagé" in page(response)
    assert client.get("/demarches/equipe/budgets/").status_code == 200


def test_a_citizen_submits_a_project_through_the_page(client, make_budget, citizen):
    budget = make_budget(open=SUBMITTING)
    client.force_login(citizen)
    url = f"/demarches/{budget.process.slug}/budget/deposer/"
    response = client.post(url, {"title": "Un verger", "description": "", "cost": "abc"})
    assert response.status_code == 400 and 'value="Un verger"' in page(response)
    response = client.post(
        url, {"title": "Un verger", "description": "Des pommiers.", "cost": "5000"}
    )
    assert response.status_code == 302
    assert budget.projects.filter(title="Un verger", feasibility="pending").exists()


def test_a_malformed_pabulib_upload_gets_a_french_message_with_its_line(client, budget, organiser):
    login_staff(client, organiser)
    url = f"/demarches/{budget.process.slug}/budget/equipe/import/"
    upload = SimpleUploadedFile(
        "vote.pb",
        b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\nA;cent\n",
    )
    response = client.post(url, {"file": upload, "rule": "greedy"})
    assert response.status_code == 400
    assert "Fichier illisible : ligne 7, colonne 2" in page(response)


@pytest.mark.django_db(transaction=True)
def test_the_count_button_queues_the_task_that_stores_the_count(
    client, budget, organiser, personas
):
    vote_for(personas["citizen"], budget, "Jardin partagé")
    login_staff(client, organiser)
    response = client.post(f"/demarches/{budget.process.slug}/budget/equipe/decompte/", follow=True)
    assert "Décompte demandé" in page(response)
    outcome = budget.outcomes.get()  # the test settings run tasks at once, after the commit
    assert outcome.ballots == 1 and "Dernier décompte" in page(response)


def test_the_demarche_page_shows_the_budget_and_its_call_to_vote(client, budget, citizen):
    client.force_login(citizen)
    text = page(client.get(budget.process.get_absolute_url()))
    assert "Budget participatif" in text
    assert f'href="/demarches/{budget.process.slug}/budget/voter/"' in text


def test_a_poll_officer_enters_paper_ballots_and_a_number_twice_is_refused(
    client, budget, mediator
):
    login_staff(client, mediator)
    url = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/"
    garden = project_ids(budget, "Jardin partagé")[0]
    assert "Numéro du bulletin papier" in page(client.get(url))
    missing = client.post(url, {"number": "", "choice": [garden], "action": "save"})
    assert missing.status_code == 400
    assert "Indiquez le numéro imprimé sur le bulletin papier." in page(missing)
    done = client.post(url, {"number": "7", "choice": [garden], "action": "save"}, follow=True)
    assert "Bulletin papier n° 7 enregistré. Il sera compté une fois vérifié" in page(done)
    again = client.post(url, {"number": "7", "choice": [garden], "action": "save"})
    assert again.status_code == 400
    assert "Le bulletin papier n° 7 a déjà été saisi" in page(again)
    assert 'name="number" id="id_number" value="7"' in page(again)
    assert PaperBallot.objects.get().number == "7" and ballots().count() == 0


def test_a_citizen_cannot_open_the_paper_ballot_page(client, budget, citizen):
    client.force_login(citizen)
    url = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/"
    assert client.get(url).status_code == 403


def test_a_resident_votes_with_their_identifier_and_a_wrong_one_keeps_what_was_typed(
    client, make_budget, organiser, citizen
):
    budget = make_budget(eligibility="census")
    from parlons.budgets.models import CensusEntry

    CensusEntry.objects.create(
        budget=budget, digest=services.census_digest(budget, "AB1234", "1980")
    )
    client.force_login(citizen)
    garden = project_ids(budget, "Jardin partagé")
    wrong = {"choice": garden, "identifier": "ZZ9", "birth_year": "1980", "action": "review"}
    response = client.post(vote_url(budget), wrong)
    assert response.status_code == 400
    assert "ne figurent pas sur la liste des résidents" in page(response)
    assert 'name="identifier" id="id_identifier" value="ZZ9"' in page(response)
    right = {**wrong, "identifier": "ab1234"}
    assert 'name="identifier" value="ab1234"' in page(client.post(vote_url(budget), right))
    client.post(vote_url(budget), {**right, "action": "confirm"})
    assert ballots().count() == 1


def test_an_organiser_imports_the_census_and_sees_how_many_matched(client, make_budget, organiser):
    budget = make_budget(open=SUBMITTING)
    login_staff(client, organiser)
    url = f"/demarches/{budget.process.slug}/budget/equipe/liste-des-residents/"
    bad = SimpleUploadedFile("liste.csv", b"identifiant;annee_naissance\nAB1;1890x\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "Ligne 2 : année de naissance" in page(response)
    good = SimpleUploadedFile("liste.csv", b"identifiant;annee_naissance\nAB1;1980\nCD2;1990\n")
    response = client.post(url, {"file": good}, follow=True)
    assert "Liste importée : 2 résidents." in page(response)
    text = page(response)
    assert "Résidents sur la liste\xa0: 2\xa0; parmi eux, ayant voté\xa0: 0." in text
