"""Signed-in pages and posts, as served in production: a small fixed number of queries.

With the page cache on (as in production), what every reader shares is read
once per write (docs/decisions/0014): between two writes a signed-in page reads
only the person (session, account, roles) and the territory, plus its own
per-person rows. These budgets hold whatever the number of contributions, so a
query added per item, or a shared read no longer kept, fails here. Issue 11's
goal (p99 under 300 ms at 20 clients) rests on them; see bench/signed_in.py.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parlons.accounts.models import User
from parlons.core.spam import learnt_model
from parlons.debates.models import Contribution
from parlons.debates.tests.test_query_counts import seed
from parlons.privacy.publication import public_text

pytestmark = pytest.mark.django_db(transaction=True)  # kept values are renewed once committed

# Statements of a signed-in request once the shared values are kept (transaction
# control, savepoints included, is left out: it differs between engines).
BUDGETS = {
    # session, person, roles, the reader's own contributions, territory
    "page": 5,
    # session, person, one page of contributions, the reader's own, roles, territory
    "list": 6,
    # session, person, roles, the reader's own, the reader's reactions, territory
    "thread": 6,
    # session, person, the contribution, the reader's reaction, its insert or update, audit
    "react": 6,
    # session, person, the duplicate check, insert, audit, the debate's counters (one upsert),
    # the search index entry once committed (phases, the public text, known refs, insert), and
    # the number of people when it is the person's first visible message in the démarche
    # (debates.counters: what lets the pages read counts instead of counting a million rows)
    "contribute": 11,
}
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SPAM_HOLD_THRESHOLD = 1.01  # nothing held: every post is published
    # Read once a minute, once per moderation decision: not on every request.
    public_text("chauffe")
    learnt_model()


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len([q for q in context.captured_queries if not q["sql"].startswith(CONTROL)])


def _costs(client, process, size: int) -> dict[str, int]:
    top = Contribution.objects.filter(process=process, parent=None).order_by("-pk").first().pk
    base = f"/demarches/{process.slug}/"
    reads = {
        "page": base,
        "list": f"{base}contributions/",
        "thread": f"{base}contributions/{top}/",
    }
    costs = {}
    for name, url in reads.items():
        client.get(url)  # the first read after a write computes what is kept
        costs[name] = _count(client, "get", url)
    react = f"{base}contributions/{top}/reagir/"
    costs["react"] = max(
        _count(client, "post", react, {"value": value}) for value in ("agree", "disagree")
    )
    body = f"Un car le dimanche, à {size} contributions."
    costs["contribute"] = _count(client, "post", f"{base}contributions/nouvelle/", {"body": body})
    assert Contribution.objects.filter(process=process, body=body).exists()
    return costs


def test_signed_in_pages_and_posts_cost_the_same_few_queries_with_5_or_60_contributions(
    client, make_process, citizen, other_citizen, expert
):
    small = make_process(slug="petite")
    large = make_process(slug="grande")
    seed(small, [citizen, other_citizen], expert, 5)
    seed(large, [citizen, other_citizen], expert, 60)
    client.force_login(other_citizen)  # has contributions of their own in both
    small_costs = _costs(client, small, 5)
    large_costs = _costs(client, large, 60)
    assert small_costs == large_costs
    over = {name: cost for name, cost in large_costs.items() if cost > BUDGETS[name]}
    assert not over, (over, BUDGETS)


def test_the_demarche_page_reads_no_section_again_between_writes(
    client, make_process, citizen, other_citizen, expert
):
    """Meetings, budget, synthesis and follow-up sections are kept like the figures."""
    process = make_process(slug="sections")
    seed(process, [citizen, other_citizen], expert, 3)
    # A reader with no contribution of their own (their own words are read for them alone).
    client.force_login(User.objects.create_user(email="lectrice@exemple.fr", pseudonym="lectrice"))
    url = f"/demarches/{process.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    tables = " ".join(q["sql"] for q in context.captured_queries)
    for table in ("meetings_", "budgets_", "synthesis_", "followup_", "debates_", "processes_"):
        assert table not in tables, table
