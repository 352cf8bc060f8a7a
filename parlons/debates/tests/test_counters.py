"""The debate's counters kept by the services equal a recount after every kind of write."""

import io
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.debates import counters, services
from parlons.debates.models import Contribution, DebateCount
from parlons.debates.queries import Filters, filtered_count, listed_count
from parlons.debates.sections import process_figures
from parlons.privacy.services import erase_account, purge_expired
from parlons.processes.models import Theme

pytestmark = pytest.mark.django_db


def kept_equals_recount(process_ids=None) -> dict:
    kept = counters.snapshot(process_ids)
    counters.recount(process_ids)
    assert kept == counters.snapshot(process_ids)
    return kept


def _paper_csv(process) -> bytes:
    return (
        "texte;consentement;signature\n"
        "Plus de bancs sur la place.;oui;Une habitante\n"
        "Un abri pour les vélos.;oui;\n"
    ).encode()


def test_each_kind_of_write_keeps_the_counters_equal_to_a_recount(
    process, citizen, other_citizen, moderator, mediator, organiser, expert, settings
):
    settings.SPAM_HOLD_THRESHOLD = 1.01  # nothing held by the score here
    theme = Theme.objects.create(process=process, name="Mobilités")
    first = services.submit_contribution(
        actor=citizen, process=process, body="Un car le samedi.", theme=theme
    )
    kept = kept_equals_recount()
    assert kept == {
        (process.pk, "listed", 0): 1,
        (process.pk, "contributions", 0): 1,
        (process.pk, "authors", 0): 1,
        (process.pk, "author", citizen.pk): 1,
        (process.pk, "theme", theme.pk): 1,
    }
    second = services.submit_contribution(
        actor=citizen, process=process, body="Une navette vers la gare."
    )
    kept_equals_recount()
    answer = services.reply(actor=other_citizen, parent=first, body="D'accord, le matin.")
    kept = kept_equals_recount()
    assert kept[(process.pk, "authors", 0)] == 2
    assert kept[(process.pk, "author", citizen.pk)] == 2
    services.submit_on_behalf(
        actor=mediator, process=process, body="Des horaires plus tard.", consent=True
    )
    kept_equals_recount()
    services.answer_officially(actor=expert, contribution=first, body="Un car part à 8 h.")
    services.answer_officially(actor=expert, contribution=second, body="À l'étude.")
    kept = kept_equals_recount()
    assert kept[(process.pk, "answers", 0)] == 2
    services.hide(actor=moderator, contribution=answer, reason="Hors sujet pour la démarche.")
    kept = kept_equals_recount()
    assert (process.pk, "author", other_citizen.pk) not in kept
    assert not DebateCount.objects.filter(kind="author", key=other_citizen.pk).exists()
    assert kept[(process.pk, "authors", 0)] == 1
    services.restore(actor=moderator, contribution=answer)
    kept_equals_recount()
    services.hide(actor=moderator, contribution=first, reason="Propos injurieux.")
    kept = kept_equals_recount()
    assert kept[(process.pk, "listed", 0)] == 3  # a hidden post stays listed as a trace
    assert kept[(process.pk, "theme", theme.pk)] == 1
    assert kept[(process.pk, "answers", 0)] == 1  # the hidden one's answer is not public
    services.withdraw(actor=citizen, contribution=second)
    kept = kept_equals_recount()
    assert kept[(process.pk, "listed", 0)] == 2
    assert (process.pk, "answers", 0) not in kept
    services.import_paper_forms(actor=mediator, process=process, file=_paper_csv(process))
    kept_equals_recount()
    services.import_contributions(
        actor=organiser,
        process=process,
        items=[
            services.ImportedContribution(
                body="Venu d'ailleurs.", created_at=timezone.now(), author=other_citizen
            )
        ],
        origin="decidim",
    )
    kept_equals_recount()
    erase_account(actor=other_citizen, user=other_citizen)
    kept = kept_equals_recount()
    assert (process.pk, "author", other_citizen.pk) not in kept
    assert not DebateCount.objects.filter(kind="author", key=other_citizen.pk).exists()
    # At the counter 1, on paper 2, and the erased person's reply and imported post: 2.
    assert kept[(process.pk, "without_account", 0)] == 5
    purge_expired(now=timezone.now() + timedelta(days=400))
    kept_equals_recount()


def test_held_posts_count_once_published(process, citizen, moderator, settings):
    settings.SPAM_HOLD_THRESHOLD = 0.0  # every post held
    held = services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    assert held.held_for_review
    kept = kept_equals_recount()
    assert kept == {}
    services.release(actor=moderator, contribution=held)
    kept = kept_equals_recount()
    assert kept[(process.pk, "contributions", 0)] == 1


def test_pages_read_the_counters(process, citizen, other_citizen, mediator, settings):
    settings.SPAM_HOLD_THRESHOLD = 1.01
    theme = Theme.objects.create(process=process, name="Mobilités")
    first = services.submit_contribution(
        actor=citizen, process=process, body="Un car le samedi.", theme=theme
    )
    services.reply(actor=citizen, parent=first, body="Et le dimanche.")
    services.submit_on_behalf(actor=mediator, process=process, body="Des bancs.", consent=True)
    figures = {figure["order"]: figure["value"] for figure in process_figures(process)}
    assert figures[10] == 2 and figures[20] == 2  # one account, one person at the counter
    assert listed_count(process) == 2
    assert filtered_count(process, Filters(theme=theme)) == 1
    assert filtered_count(process, Filters(answered=True)) is None
    assert filtered_count(process, Filters()) == listed_count(process)
    # Written behind the services' back: the counters do not see it until a recount.
    Contribution.objects.create(process=process, author=other_citizen, body="En douce.")
    assert listed_count(process) == 2
    counters.recount([process.pk])
    assert listed_count(process) == 3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_sequence_of_writes_keeps_the_counters_equal_to_a_recount(
    seed, process, citizen, other_citizen, moderator, mediator, expert, settings
):
    rng = random.Random(seed)
    settings.SPAM_HOLD_THRESHOLD = 1.01
    people = [citizen, other_citizen]
    written: list[Contribution] = []

    def post():
        settings.SPAM_HOLD_THRESHOLD = rng.choice([1.01, 1.01, 0.0])
        written.append(
            services.submit_contribution(
                actor=rng.choice(people), process=process, body=f"Idée {len(written)}."
            )
        )

    def answer():
        parents = [c for c in written if c.accepts_replies and not c.held_for_review]
        if parents:
            written.append(
                services.reply(
                    actor=rng.choice(people), parent=rng.choice(parents), body="Bien vu."
                )
            )

    def counter():
        written.append(
            services.submit_on_behalf(
                actor=mediator, process=process, body="Au guichet.", consent=True
            )
        )

    def moderate():
        if written:
            item = rng.choice(written)
            item.refresh_from_db()
            if item.held_for_review:
                services.release(actor=moderator, contribution=item)
            elif item.is_hidden:
                services.restore(actor=moderator, contribution=item)
            else:
                services.hide(actor=moderator, contribution=item, reason="Hors sujet.")

    def take_back():
        mine = [c for c in written if c.author_id and c.withdrawn_at is None]
        if mine:
            item = rng.choice(mine)
            item.refresh_from_db()
            services.withdraw(actor=item.author, contribution=item)

    def official():
        visible = [c for c in written if not c.is_reply]
        if visible:
            item = rng.choice(visible)
            item.refresh_from_db()
            if not (item.is_hidden or item.held_for_review or item.withdrawn_at):
                services.answer_officially(actor=expert, contribution=item, body="Vu.")

    def paper():
        services.import_paper_forms(
            actor=mediator, process=process, file=_paper_csv(process), import_anyway=True
        )

    steps = [post, post, post, answer, answer, counter, moderate, moderate, take_back, paper]
    steps += [official, official]
    for _ in range(25):
        rng.choice(steps)()
        kept_equals_recount([process.pk])
    erase_account(actor=citizen, user=citizen)
    kept_equals_recount()


def test_recount_command_rebuilds_the_counters(process, citizen, settings):
    from django.core.management import call_command

    settings.SPAM_HOLD_THRESHOLD = 1.01
    services.submit_contribution(actor=citizen, process=process, body="Un car le samedi.")
    kept = counters.snapshot()
    DebateCount.objects.all().delete()
    out = io.StringIO()
    call_command("recount_debates", stdout=out)
    assert counters.snapshot() == kept != {}
    assert "(1 démarche(s)" in out.getvalue()

    DebateCount.objects.all().delete()
    call_command("recount_debates", "--process", process.slug, stdout=io.StringIO())
    assert counters.snapshot() == kept
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Aucune démarche « inconnue »"):
        call_command("recount_debates", "--process", "inconnue")


def test_an_import_touching_more_people_than_one_statement_takes(process, organiser, monkeypatch):
    from parlons.accounts.models import User

    monkeypatch.setattr(counters, "UPSERT_BATCH", 3)
    people = [
        User.objects.create_user(email=f"p{n}@exemple.fr", pseudonym=f"personne-{n}")
        for n in range(7)
    ]
    items = [
        services.ImportedContribution(body=f"Idée {n}.", created_at=timezone.now(), author=person)
        for n, person in enumerate(people + people[:2])
    ]
    services.import_contributions(actor=organiser, process=process, items=items, origin="decidim")
    kept = kept_equals_recount()
    assert kept[(process.pk, "authors", 0)] == 7
    assert kept[(process.pk, "listed", 0)] == 9
