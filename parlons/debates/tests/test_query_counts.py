"""Pages cost a fixed number of queries whatever the number of contributions (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parlons.debates.models import Contribution, OfficialAnswer, Reaction
from parlons.privacy.publication import create_published, public_text

pytestmark = pytest.mark.django_db


def seed(process, people, expert, count: int) -> None:
    contributions = Contribution.objects.bulk_create(
        Contribution(process=process, author=people[n % len(people)], body=f"Idée {n}.")
        for n in range(count)
    )
    replies = Contribution.objects.bulk_create(
        Contribution(process=process, author=people[0], body="Réponse.", parent=c, root=c, depth=1)
        for c in contributions
    )
    Contribution.objects.bulk_create(
        Contribution(
            process=process, author=people[1], body="Et encore.", parent=r, root=r.root, depth=2
        )
        for r in replies[:10]
    )
    Reaction.objects.bulk_create(
        Reaction(contribution=c, user=person, value=Reaction.Value.values[n % 3])
        for c in contributions
        for n, person in enumerate(people)
    )
    OfficialAnswer.objects.bulk_create(
        OfficialAnswer(process=process, contribution=c, author=expert, body="Réponse.")
        for c in contributions[::3]
    )


@pytest.fixture(autouse=True)
def warm_publication_guard():
    """The guard re-reads the territory's public names once a minute: read them now."""
    public_text("chauffe")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/demarches/{slug}/",
        "/demarches/{slug}/contributions/",
        "/demarches/{slug}/contributions/?theme=emploi&commune=port-essai",
    ],
)
def test_pages_cost_the_same_queries_with_5_or_50_contributions(
    client, make_process, citizen, other_citizen, expert, url, django_assert_num_queries
):
    small = make_process(slug="petite")
    large = make_process(slug="grande")
    seed(small, [citizen, other_citizen], expert, 5)
    seed(large, [citizen, other_citizen], expert, 50)
    client.force_login(citizen)
    small_count = queries_for(client, url.format(slug="petite"))
    # A handful: session, person, roles, démarche with phases and themes, counts, one page,
    # and one or two for each app that adds a section or figures (budgets, follow-up,
    # synthesis; questionnaires and proposals only where a phase opens them). In
    # production the shared parts are kept until the next write (decision 0014).
    assert small_count <= 20
    with django_assert_num_queries(small_count):
        client.get(url.format(slug="grande"))


def test_a_thread_is_read_in_a_fixed_number_of_queries(
    client, process, citizen, other_citizen, expert, django_assert_max_num_queries
):
    seed(process, [citizen, other_citizen], expert, 3)
    root, other = Contribution.objects.filter(parent=None).order_by("pk")[:2]
    for _ in range(30):
        create_published(
            Contribution,
            process=process,
            author=other_citizen,
            body="Oui.",
            parent=root,
            root=root,
            depth=1,
        )
    client.force_login(citizen)
    small = queries_for(client, f"/demarches/{process.slug}/contributions/{other.pk}/")
    large = queries_for(client, f"/demarches/{process.slug}/contributions/{root.pk}/")
    assert small == large
