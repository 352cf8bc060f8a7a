"""What signed-in pages share with everyone is read once per write, and always equals a recount.

The démarche's key figures, its list count, its latest contributions and the
démarche itself (with phases and themes) are kept under the démarche's
generation numbers (parlons.processes.pagecache.kept). After every service
that changes them, what the pages show equals what a fresh count reads; in
between, a signed-in page reads none of them again.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parlons.debates import services
from parlons.debates.models import Contribution
from parlons.debates.queries import listed_count, process_summary
from parlons.privacy.services import erase_account, purge_expired
from parlons.processes import services as processes
from parlons.processes.queries import process_for
from parlons.processes.sections import collect_figures

pytestmark = pytest.mark.django_db(transaction=True)  # kept values are renewed once committed


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def shown(process) -> dict:
    summary = process_summary(process)
    return {
        "figures": [(f["order"], f["value"], f["label"]) for f in collect_figures(process)],
        "listed": listed_count(process),
        "count": summary["contribution_count"],
        "latest": [(c.pk, c.public_body, c.agree_count, c.reply_count) for c in summary["latest"]],
        "answers": [a.pk for a in summary["answers"]],
        "answer_count": summary["answer_count"],
    }


def recount(process, settings) -> dict:
    settings.PAGE_CACHE_SECONDS = 0  # nothing kept: counted now
    try:
        return shown(process)
    finally:
        settings.PAGE_CACHE_SECONDS = 300


def test_after_every_service_the_kept_figures_equal_a_recount(
    process, citizen, other_citizen, moderator, settings
):
    settings.SPAM_HOLD_THRESHOLD = 1.01  # nothing held here
    assert shown(process) == recount(process, settings)
    first = services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    after_create = shown(process)
    assert after_create == recount(process, settings)
    assert after_create["listed"] == 1 and after_create["figures"][0][1] == 1

    steps = [
        lambda: services.submit_contribution(
            actor=other_citizen, process=process, body="Une navette vers la gare."
        ),
        lambda: services.react(actor=other_citizen, contribution=first, value="agree"),
        lambda: services.react(actor=other_citizen, contribution=first, value="disagree"),
        lambda: services.react(actor=other_citizen, contribution=first, value=None),
        lambda: services.react(actor=citizen, contribution=first, value="agree"),
        lambda: services.reply(actor=other_citizen, parent=first, body="D'accord, le matin."),
        lambda: services.hide(
            actor=moderator, contribution=_newest(process), reason="Hors sujet pour la démarche."
        ),
        lambda: services.restore(actor=moderator, contribution=_newest(process)),
        lambda: services.withdraw(actor=other_citizen, contribution=_newest(process)),
        lambda: erase_account(actor=other_citizen, user=other_citizen),
        lambda: purge_expired(),
    ]
    for step in steps:
        shown(process)  # kept now: the write must renew it
        step()
        after = shown(process)
        assert after == recount(process, settings), step
    assert after != after_create  # the steps did change what is shown


def _unmasked_tokens(page: str) -> str:
    """The page without its CSRF tokens (masked anew on every request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _newest(process) -> Contribution:
    return Contribution.objects.filter(process=process, parent=None).order_by("-pk").first()


def test_a_held_post_counts_once_released(process, citizen, moderator, settings):
    settings.SPAM_HOLD_THRESHOLD = 0  # every post waits for a moderator
    held = services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    assert held.held_for_review
    assert shown(process)["listed"] == 0 == recount(process, settings)["listed"]
    services.release(actor=moderator, contribution=held)
    assert shown(process)["listed"] == 1 == recount(process, settings)["listed"]


def test_an_official_answer_counts_at_once(make_process, citizen, expert, settings):
    process = make_process(open=("contribute", "expert_answers"))
    asked = services.submit_contribution(actor=citizen, process=process, body="Et le car ?")
    assert shown(process)["answer_count"] == 0
    services.answer_officially(actor=expert, contribution=asked, body="Un car part à 8 h.")
    kept = shown(process)
    assert kept == recount(process, settings) and kept["answer_count"] == 1


def test_between_writes_a_signed_in_page_counts_nothing_again(client, process, citizen):
    services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    queries = [q["sql"] for q in first.captured_queries]
    # The reader's own words only: no count, no list of contributions or answers, no phases.
    assert [q for q in queries if "debates_" in q] == [
        q for q in queries if q.startswith('SELECT "debates_contribution"."id" AS "pk"')
    ]
    assert not any("processes_phase" in q for q in queries)
    services.submit_contribution(actor=citizen, process=process, body="Une navette le soir.")
    page = client.get(url).content.decode()
    assert "Une navette le soir." in page
    assert "2 contributions pour l'instant" in page


def test_a_contribution_keeps_the_demarche_a_phase_renews_it(client, process, citizen, organiser):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/"
    client.get(url)
    services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    with CaptureQueriesContext(connection) as after_contribution:
        assert "Un car le samedi." in client.get(url).content.decode()
    assert "processes_phase" not in " ".join(q["sql"] for q in after_contribution.captured_queries)
    phase = process.phases.order_by("starts_at").last()
    processes.update_phase(actor=organiser, phase=phase, title="Parole aux habitants")
    assert process_for(citizen, process.slug).phases.all()[1].title == "Parole aux habitants"
    processes.add_theme(actor=organiser, process=process, name="Culture")
    assert "Culture" in [t.name for t in process_for(citizen, process.slug).themes.all()]


def test_a_draft_stays_hidden_from_citizens_though_kept(make_process, citizen, organiser):
    from django.http import Http404

    process = make_process(status="draft", slug="brouillon")
    assert process_for(organiser, process.slug) == process
    with pytest.raises(Http404):
        process_for(citizen, process.slug)


def test_nothing_is_kept_inside_a_transaction_that_may_roll_back(process, citizen, settings):
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
        assert listed_count(process) == 1
        raise Undo
    assert listed_count(process) == 0


def test_each_language_keeps_its_own_labels(process):
    from django.utils import translation

    french = [f["label"] for f in collect_figures(process)]
    with translation.override("en"):
        english = [f["label"] for f in collect_figures(process)]
    assert french != english


def test_kept_cards_are_the_cards_rendered_anew_and_follow_every_write(
    client, process, citizen, other_citizen, settings
):
    """The list's cards: kept for readers other than the author, renewed by a reaction."""
    settings.SPAM_HOLD_THRESHOLD = 1.01
    mine = services.submit_contribution(
        actor=citizen, process=process, body="Appelez Jean Dupont au 06 12 34 56 78."
    )
    client.force_login(other_citizen)
    url = f"/demarches/{process.slug}/contributions/"
    kept_page = [client.get(url).content.decode() for _ in range(2)][1]
    settings.PAGE_CACHE_SECONDS = 0
    fresh_page = client.get(url).content.decode()
    settings.PAGE_CACHE_SECONDS = 300
    assert _unmasked_tokens(kept_page) == _unmasked_tokens(fresh_page)
    assert "06 12 34 56 78" not in kept_page  # the public copy, masked
    assert "0 d'accord" in kept_page
    services.react(actor=other_citizen, contribution=mine, value="agree")
    assert "1 d'accord" in client.get(url).content.decode()
    # The author reads their own words, unmasked, on the same list.
    client.force_login(citizen)
    assert "06 12 34 56 78" in client.get(url).content.decode()


def test_a_kept_thread_still_shows_held_replies_to_their_author_only(
    client, process, citizen, other_citizen, settings
):
    settings.SPAM_HOLD_THRESHOLD = 1.01
    top = services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    url = f"/demarches/{process.slug}/contributions/{top.pk}/"
    client.force_login(citizen)
    client.get(url)  # the thread is kept now
    settings.SPAM_HOLD_THRESHOLD = 0
    held = services.reply(actor=other_citizen, parent=top, body="Une navette le soir.")
    assert held.held_for_review
    for _ in range(2):  # read, then read from what was kept
        assert "Une navette le soir." not in client.get(url).content.decode()
    client.force_login(other_citizen)
    assert "Une navette le soir." in client.get(url).content.decode()
    # A reply's own address leads to its thread, as before.
    assert client.get(f"/demarches/{process.slug}/contributions/{held.pk}/").status_code == 302
    services.react(actor=other_citizen, contribution=top, value="agree")
    assert "D&#x27;accord (1)" in client.get(url).content.decode()


def test_a_new_description_or_title_shows_at_once_to_a_signed_in_reader(
    client, process, citizen, organiser
):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/"
    assert "pour tous" in client.get(url).content.decode()
    processes.update_process(
        actor=organiser, process=process, title="Le car du dimanche", description="Un **car**."
    )
    page = client.get(url).content.decode()
    assert "Le car du dimanche" in page and "<strong>car</strong>" in page
