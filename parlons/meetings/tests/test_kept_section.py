"""The démarche page's next meetings are read once per write, and equal a fresh query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.meetings import sections
from parlons.meetings.queries import upcoming_meetings
from parlons.processes.pagecache import forget_pages

pytestmark = pytest.mark.django_db(transaction=True)  # kept values are renewed once committed


def test_a_meeting_that_ended_since_it_was_kept_is_no_longer_shown(process, make_meeting, settings):
    settings.PAGE_CACHE_SECONDS = 300
    soon = make_meeting(days=1, hours=1, title="Bientôt")
    later = [make_meeting(days=day, title=f"Jour {day}") for day in (2, 3, 4)]
    first = soon.starts_at - timedelta(hours=1)
    shown = sections._next_meetings(process, first)
    assert [m.pk for m in shown] == [soon.pk, later[0].pk, later[1].pk]
    # Nothing was written, the kept list is read again: the ended meeting has left it.
    after = soon.ends_at + timedelta(minutes=1)
    shown = sections._next_meetings(process, after)
    fresh = list(upcoming_meetings(process, after)[: sections.SHOWN])
    assert [m.pk for m in shown] == [m.pk for m in fresh] == [m.pk for m in later]


def test_a_new_meeting_shows_at_once(process, make_meeting, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_meeting(days=5, title="Plus tard")
    assert len(sections._next_meetings(process, timezone.now())) == 1
    # Created through the model, not audited: forgotten as every unaudited write must be.
    make_meeting(days=1, title="Avant")
    forget_pages(process.slug)
    assert [m.title for m in sections._next_meetings(process, timezone.now())] == [
        "Avant",
        "Plus tard",
    ]
