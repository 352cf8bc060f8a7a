"""The démarche page tells its story at a glance: what one can do now, key figures,
and the phases as a timeline (past, current, to come)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parlons.conftest import PASSWORD
from parlons.debates import services as debates
from parlons.meetings import services as meetings
from parlons.processes.models import Phase

URL = "/demarches/transition-numerique/"
CONTRIBUTE_URL = "/demarches/transition-numerique/contributions/nouvelle/"


@pytest.mark.django_db
def test_the_timeline_marks_past_current_and_coming_phases_in_order(client, make_process):
    process = make_process()
    now = timezone.now()
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.SYNTHESIS,
        title="Synthèse",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=40),
    )
    response = client.get(URL)
    steps = [(s["phase"].title, s["state"]) for s in response.context["timeline"]]
    assert steps == [("Information", "past"), ("Contributions", "current"), ("Synthèse", "future")]
    html = response.content.decode()
    # The state is written out, so it does not rest on the dot's colour.
    assert html.count('class="step-state"') == 3
    assert html.index("Terminée") < html.index("En cours") < html.index("À venir")
    assert html.count('aria-current="step"') == 1
    assert '<li class="step step-current" aria-current="step">' in html


@pytest.mark.django_db
def test_the_key_figures_count_contributions_people_meetings_and_answers(
    client, citizen, other_citizen, expert, organiser, territory, make_process
):
    process = make_process()
    first = debates.submit_contribution(actor=citizen, process=process, body="Un car le soir.")
    debates.submit_contribution(actor=citizen, process=process, body="Un car le dimanche.")
    debates.reply(actor=other_citizen, parent=first, body="Oui, et le samedi.")
    debates.answer_officially(actor=expert, contribution=first, body="Une ligne est à l'étude.")
    place = meetings.create_place(
        actor=organiser, territory=territory, name="Mairie", kind="town_hall", address="Place"
    )
    meetings.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title="Atelier",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    response = client.get(URL)
    figures = [(f["value"], str(f["label"])) for f in response.context["figures"]]
    assert figures == [
        (2, "contributions"),
        (2, "participants"),
        (1, "réunion publique"),
        (1, "réponse officielle"),
    ]
    assert '<span class="figure-value">2</span> <span class="figure-label">participants</span>' in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_process_page_runs_as_many_queries_whatever_the_figures(
    client, citizen, other_citizen, make_process
):
    process = make_process()
    with CaptureQueriesContext(connection) as empty:
        client.get(URL)
    for person in (citizen, other_citizen):
        debates.submit_contribution(actor=person, process=process, body="Un car le soir.")
    with CaptureQueriesContext(connection) as filled:
        client.get(URL)
    assert len(filled) == len(empty)


@pytest.mark.django_db
def test_anonymous_visitors_are_invited_to_contribute_through_sign_in_and_back(
    client, citizen, make_process
):
    make_process(open=("contribute", "meetings"))
    response = client.get(URL)
    calls = response.context["calls_to_action"]
    sign_in = (
        "/compte/connexion/?next=%2Fdemarches%2Ftransition-numerique%2Fcontributions%2Fnouvelle%2F"
    )
    assert [(str(c["label"]), c["url"]) for c in calls] == [
        ("Contribuer", sign_in),
        # Reading the meetings needs no account.
        ("Voir les réunions publiques", "/demarches/transition-numerique/reunions/"),
    ]
    assert f'<a class="button call" href="{sign_in.replace("&", "&amp;")}">Contribuer</a>' in (
        response.content.decode()
    )
    signed_in = client.post(
        sign_in, {"username": citizen.email, "password": PASSWORD}, follow=False
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == CONTRIBUTE_URL


@pytest.mark.django_db
def test_signed_in_residents_go_straight_to_the_form(client, citizen, make_process):
    make_process(open=("contribute",))
    client.force_login(citizen)
    response = client.get(URL)
    assert [(str(c["label"]), c["url"]) for c in response.context["calls_to_action"]] == [
        ("Contribuer", CONTRIBUTE_URL)
    ]
    assert "connectez-vous ou créez un compte" not in response.content.decode()
    assert client.get(CONTRIBUTE_URL).status_code == 200


@pytest.mark.django_db
def test_a_phase_that_opens_nothing_to_do_offers_no_button(client, make_process):
    make_process(open=("expert_answers",))
    response = client.get(URL)
    assert response.context["calls_to_action"] == []
    assert "suivez la démarche" in response.content.decode()


@pytest.mark.django_db
def test_between_phases_the_page_says_what_comes_next(client, make_process):
    process = make_process()
    now = timezone.now()
    process.phases.filter(title="Contributions").update(
        starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=20)
    )
    response = client.get(URL)
    assert response.context["calls_to_action"] == []
    assert "Prochaine étape\u00a0: <strong>Contributions</strong>" in response.content.decode()


@pytest.mark.django_db
def test_once_every_phase_is_over_the_page_says_so(client, make_process):
    process = make_process()
    now = timezone.now()
    process.phases.filter(title="Contributions").update(
        starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=1)
    )
    response = client.get(URL)
    assert response.context["calls_to_action"] == []
    assert "Toutes les phases de cette démarche sont terminées." in response.content.decode()
