"""A second poll officer checks each paper ballot against the paper before it is counted;
ballots are written out in shuffled batches, so their order says nothing of who voted when."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from parlons.accounts.models import User
from parlons.budgets import services
from parlons.budgets.models import Ballot, BallotBox, PaperBallot
from parlons.conftest import login_staff
from parlons.core.models import AuditEntry

from .conftest import ballots, project_ids

pytestmark = pytest.mark.django_db

KNAPSACK_RULE_SKATE = "le projet Skatepark est coché sur le papier"


def test_the_officer_who_entered_a_paper_ballot_cannot_check_it(budget, mediator, organiser):
    garden = project_ids(budget, "Jardin partagé")[0]
    services.enter_paper_ballot(actor=mediator, budget=budget, number="C-1", choices={garden: 1})
    paper = PaperBallot.objects.get()
    assert (paper.status, paper.entered_by, paper.choices) == (
        "to_check",
        mediator,
        {str(garden): 1},
    )
    with pytest.raises(ValidationError) as refused:
        services.confirm_paper_ballot(actor=mediator, budget=budget, number="C-1")
    assert refused.value.messages == [
        "Vous avez saisi le bulletin papier n° C-1 : un·e autre membre du bureau de vote doit "
        "le vérifier avec le papier."
    ]
    with pytest.raises(ValidationError, match="Vous avez saisi"):
        services.flag_paper_ballot(actor=mediator, budget=budget, number="C-1", reason="x")
    assert ballots().count() == 0  # not counted before the check

    services.confirm_paper_ballot(actor=organiser, budget=budget, number="C-1")
    paper.refresh_from_db()
    # The check names both officers; the number leads to no content any more.
    assert (paper.status, paper.checked_by, paper.choices) == ("checked", organiser, {})
    assert [c.project_id for c in ballots().get().choices.all()] == [garden]
    entry = AuditEntry.objects.get(action="budgets.check_paper_ballot")
    assert entry.actor == organiser and entry.data["number"] == "C-1"
    with pytest.raises(ValidationError, match="déjà vérifié"):
        services.confirm_paper_ballot(actor=organiser, budget=budget, number="C-1")


def test_a_mismatch_goes_back_for_correction_by_someone_else_then_is_checked_again(
    budget, mediator, organiser, administrator
):
    garden, skate = project_ids(budget, "Jardin partagé", "Skatepark")
    services.enter_paper_ballot(actor=mediator, budget=budget, number="C-2", choices={garden: 1})
    with pytest.raises(ValidationError, match="Décrivez l'écart"):
        services.flag_paper_ballot(actor=organiser, budget=budget, number="C-2", reason="  ")
    services.flag_paper_ballot(
        actor=organiser, budget=budget, number="C-2", reason=KNAPSACK_RULE_SKATE
    )
    paper = PaperBallot.objects.get()
    assert (paper.status, paper.flagged_by, paper.mismatch_reason) == (
        "to_correct",
        organiser,
        KNAPSACK_RULE_SKATE,
    )
    with pytest.raises(ValidationError, match="doit d'abord être corrigé"):
        services.confirm_paper_ballot(actor=administrator, budget=budget, number="C-2")
    # The officer who found the gap does not correct it.
    with pytest.raises(ValidationError, match="Vous avez signalé l'écart"):
        services.correct_paper_ballot(
            actor=organiser, budget=budget, number="C-2", choices={garden: 1, skate: 1}
        )
    # A correction is a ballot like any other: over budget is refused.
    with pytest.raises(ValidationError, match="plus que le budget"):
        services.correct_paper_ballot(
            actor=mediator,
            budget=budget,
            number="C-2",
            choices=dict.fromkeys(project_ids(budget, "Pistes cyclables", "Skatepark"), 1),
        )
    services.correct_paper_ballot(
        actor=mediator, budget=budget, number="C-2", choices={garden: 1, skate: 1}
    )
    paper.refresh_from_db()
    assert (paper.status, paper.entered_by) == ("to_check", mediator)
    with pytest.raises(ValidationError, match="Vous avez saisi"):
        services.confirm_paper_ballot(actor=mediator, budget=budget, number="C-2")
    services.confirm_paper_ballot(actor=organiser, budget=budget, number="C-2")
    assert sorted(c.project_id for c in ballots().get().choices.all()) == sorted([garden, skate])
    actions = list(
        AuditEntry.objects.filter(action__contains="paper_ballot")
        .order_by("pk")
        .values_list("action", "actor__pseudonym")
    )
    assert actions == [
        ("budgets.enter_paper_ballot", mediator.pseudonym),
        ("budgets.flag_paper_ballot", organiser.pseudonym),
        ("budgets.correct_paper_ballot", mediator.pseudonym),
        ("budgets.check_paper_ballot", organiser.pseudonym),
    ]


def test_counting_waits_until_every_paper_ballot_is_checked(client, budget, mediator, organiser):
    garden = project_ids(budget, "Jardin partagé")[0]
    for number in ("D-1", "D-2"):
        services.enter_paper_ballot(
            actor=mediator, budget=budget, number=number, choices={garden: 1}
        )
    with pytest.raises(ValidationError) as refused:
        services.request_count(actor=organiser, budget=budget)
    assert refused.value.messages[0].startswith(
        "2 bulletins papier ne sont pas encore vérifiés par un second membre du bureau de vote"
    )
    login_staff(client, organiser)
    staff_url = f"/demarches/{budget.process.slug}/budget/equipe/"
    shown = client.post(staff_url + "decompte/", follow=True).content.decode()
    assert "2 bulletins papier ne sont pas encore vérifiés" in shown
    assert not AuditEntry.objects.filter(action="budgets.request_count").exists()

    services.confirm_paper_ballot(actor=organiser, budget=budget, number="D-1")
    with pytest.raises(ValidationError, match="1 bulletin papier n'est pas encore vérifié"):
        services.request_count(actor=organiser, budget=budget)
    services.confirm_paper_ballot(actor=organiser, budget=budget, number="D-2")
    services.request_count(actor=organiser, budget=budget)
    assert "pas encore vérifié" not in client.get(staff_url).content.decode()


def test_the_check_pages_without_javascript(client, budget, mediator, organiser):
    garden = project_ids(budget, "Jardin partagé")[0]
    services.enter_paper_ballot(actor=mediator, budget=budget, number="E-1", choices={garden: 1})
    paper = PaperBallot.objects.get()
    base = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/verification/"
    login_staff(client, mediator)
    listed = client.get(base).content.decode()
    assert "à vérifier par une autre personne" in listed
    own = client.post(f"{base}{paper.pk}/", {"action": "confirm"})
    assert own.status_code == 400 and "un·e autre membre du bureau" in own.content.decode()
    client.logout()
    login_staff(client, organiser)
    assert "Vérifier le n° E-1" in client.get(base).content.decode()
    empty = client.post(f"{base}{paper.pk}/", {"action": "flag", "reason": ""})
    assert empty.status_code == 400 and "Décrivez l&#x27;écart" in empty.content.decode()
    flagged = client.post(f"{base}{paper.pk}/", {"action": "flag", "reason": "rien de coché"})
    assert flagged.status_code == 302
    # The one who flagged sees the correction form with a warning; another corrects.
    assert "la correction revient à un·e autre" in client.get(f"{base}{paper.pk}/").content.decode()
    client.logout()
    login_staff(client, mediator)
    form = client.get(f"{base}{paper.pk}/").content.decode()
    assert "Corriger le bulletin papier n° E-1" in form and "rien de coché" in form
    done = client.post(f"{base}{paper.pk}/", {"choice": [], "action": "save"})
    assert done.status_code == 400  # an empty knapsack ballot is refused, as online
    done = client.post(f"{base}{paper.pk}/", {"choice": [garden], "action": "save"})
    assert done.status_code == 302
    assert PaperBallot.objects.get().status == "to_check"


def test_the_check_page_pages_the_waiting_ballots_and_keeps_the_filter(
    client, budget, mediator, organiser, administrator
):
    from django.test.utils import CaptureQueriesContext

    from parlons.budgets.views import PAPER_CHECKS_PAGE_SIZE

    garden = project_ids(budget, "Jardin partagé")[0]
    total = PAPER_CHECKS_PAGE_SIZE + 4
    for number in range(1, total + 1):
        services.enter_paper_ballot(
            actor=mediator, budget=budget, number=f"P-{number:03}", choices={garden: 1}
        )
    services.confirm_paper_ballot(actor=organiser, budget=budget, number="P-001")
    for number in ("P-002", "P-052"):
        services.flag_paper_ballot(
            actor=organiser, budget=budget, number=number, reason="rien de coché"
        )
    base = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/verification/"
    login_staff(client, administrator)

    def rows(page: str) -> list[str]:
        return re.findall(r"<tr>\s*<td>(P-\d+)</td>", page)

    with CaptureQueriesContext(connection) as first_page:
        page = client.get(base).content.decode()
    assert f"{total - 3} bulletins à vérifier" in page  # 51: one more than a page
    assert "2 bulletins à corriger" in page and "1 bulletin vérifié" in page
    listed = rows(page)
    assert len(listed) == PAPER_CHECKS_PAGE_SIZE
    assert listed[:2] == ["P-002", "P-003"], "by number; the checked one is not listed"
    assert "page 1 sur 2" in page and 'href="?page=2"' in page
    with CaptureQueriesContext(connection) as second_page:
        later = client.get(base + "?page=2").content.decode()
    assert rows(later) == ["P-052", "P-053", "P-054"]
    assert set(listed).isdisjoint(rows(later))
    assert len(second_page) == len(first_page), "the reads do not grow with the rows"
    assert client.get(base + "?page=999").status_code == 200, "the nearest page, not an error"

    to_check = client.get(base + "?etat=to_check").content.decode()
    assert "P-002" not in rows(to_check) and len(rows(to_check)) == PAPER_CHECKS_PAGE_SIZE
    assert 'href="?etat=to_check&amp;page=2"' in to_check, "the pages keep the filter"
    assert rows(client.get(base + "?etat=to_check&page=2").content.decode()) == ["P-054"]
    to_correct = client.get(base + "?etat=to_correct").content.decode()
    assert rows(to_correct) == ["P-002", "P-052"] and "page 1 sur" not in to_correct
    assert len(rows(client.get(base + "?etat=nimporte").content.decode())) == (
        PAPER_CHECKS_PAGE_SIZE
    ), "an unknown filter shows every waiting ballot"


def test_a_citizen_cannot_check_paper_ballots(client, budget, citizen, mediator):
    services.enter_paper_ballot(
        actor=mediator,
        budget=budget,
        number="F-1",
        choices=dict.fromkeys(project_ids(budget, "Jardin partagé"), 1),
    )
    client.force_login(citizen)
    base = f"/demarches/{budget.process.slug}/budget/equipe/bulletins-papier/verification/"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}{PaperBallot.objects.get().pk}/").status_code == 403
    with pytest.raises(Exception, match="bureau de vote"):
        services.confirm_paper_ballot(actor=citizen, budget=budget, number="F-1")


def _storage_order() -> list[str]:
    """The ballots as the database holds them (SQLite's rowid, PostgreSQL's ctid)."""
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM budgets_ballot ORDER BY {physical}")  # noqa: S608
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


def test_stored_ballots_and_their_ids_carry_no_voting_order(make_budget):
    """Voter n gives n points to the first project: each ballot says when it was cast."""
    budget = make_budget(kind="cumulative", points=100)
    first = project_ids(budget, "Jardin partagé")[0]
    now = timezone.now()
    cast = services.BALLOT_BATCH * 2 + 5
    for n in range(1, cast + 1):
        voter = User.objects.create(
            email=f"ordre{n}@exemple.test", pseudonym=f"ordre{n}", email_confirmed_at=now
        )
        services.cast_ballot(actor=voter, budget=budget, choices={first: n})
    # Whole batches only are written out; the rest waits in the box, and is counted.
    assert Ballot.objects.count() == services.BALLOT_BATCH * 2
    assert len(BallotBox.objects.get(budget=budget).pending) == 5
    assert services.election_of(budget).num_voters == cast

    points = {str(b.pk).replace("-", ""): b.choices.get().points for b in Ballot.objects.all()}
    stored = [points[pk] for pk in _storage_order()]
    batch = services.BALLOT_BATCH
    for start in (0, batch):
        # Each batch holds the ballots of its voters, in an order drawn at random: the
        # chance of it being the voting order, or its reverse, is 2 in 20! (none).
        chunk = stored[start : start + batch]
        assert sorted(chunk) == list(range(start + 1, start + batch + 1))
        assert chunk not in (sorted(chunk), sorted(chunk, reverse=True))
    # Ids are random: their order is not the voting order either.
    by_id = [b.choices.get().points for b in Ballot.objects.order_by("pk")]
    assert by_id != sorted(by_id)
    # The count and the pabulib export take ballots in the order of their content (here
    # the points, 1 to 45), never in the order of storage or of the box.
    voted = services.election_of(budget)
    assert [voted.ballots.ballot_points(v) for v in range(cast)] == [
        [n] for n in range(1, cast + 1)
    ]
    services.empty_ballot_box(budget)
    assert Ballot.objects.count() == cast and BallotBox.objects.get(budget=budget).pending == []
