"""Atom feeds of what a démarche publishes: new contributions, official answers, minutes.

Read through the same public queries as the pages and the files: masked texts,
visible items only, and no author (a pseudonym is for the files; the feed
needs none).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from parlons.core.public_url import absolute_url
from parlons.core.queries import current_territory
from parlons.debates.queries import public_contributions, public_official_answers
from parlons.meetings.queries import meetings_of
from parlons.processes.models import Process
from parlons.processes.queries import public_processes

LATEST = 30


@dataclass(frozen=True)
class Entry:
    title: str
    text: str
    url: str
    published: datetime
    key: str


def entries_of(process: Process, limit: int = LATEST) -> list[Entry]:
    """The latest things published in a démarche, newest first, in three queries."""
    found: list[Entry] = []
    for item in public_contributions(process)[:limit]:
        item.process = process  # for its address, without a query per item
        summary = Truncator(item.public_title or item.public_body).words(12)
        found.append(
            Entry(
                _("Contribution : %(summary)s") % {"summary": summary},
                item.public_body,
                item.get_absolute_url(),
                item.created_at,
                f"contribution-{item.pk}",
            )
        )
    answers = (
        public_official_answers(process)
        .select_related("contribution")
        .order_by("-created_at", "-id")
    )
    for answer in answers.defer("contribution__body", "contribution__title")[:limit]:
        found.append(
            Entry(
                _("Réponse officielle de %(signature)s") % {"signature": answer.signature},
                answer.public_body,
                reverse("debates:detail", args=[process.slug, answer.contribution_id]),
                answer.created_at,
                f"answer-{answer.pk}",
            )
        )
    minutes = (
        meetings_of(process)
        .filter(minutes_published_at__isnull=False)
        .defer("minutes")
        .order_by("-minutes_published_at")
    )
    for meeting in minutes[:limit]:
        meeting.process = process
        found.append(
            Entry(
                _("Compte rendu : %(title)s") % {"title": meeting.title},
                meeting.public_minutes,
                meeting.get_absolute_url(),
                meeting.minutes_published_at,
                f"minutes-{meeting.pk}",
            )
        )
    found.sort(key=lambda entry: entry.published, reverse=True)
    return found[:limit]


class ProcessFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        process = public_processes().filter(slug=slug).first()
        if process is None:
            raise Http404(slug)
        return process

    def title(self, process):
        return _("%(title)s : les nouveautés") % {"title": process.title}

    def subtitle(self, process):
        return process.summary

    def link(self, process):
        return process.get_absolute_url()

    def feed_url(self, process):
        return absolute_url(reverse("opendata:process_feed", args=[process.slug]))

    def items(self, process):
        return entries_of(process)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.text

    def item_link(self, entry):
        return entry.url

    def item_guid(self, entry):
        return absolute_url(entry.url) + f"#{entry.key}"

    def item_pubdate(self, entry):
        return entry.published


class TerritoryFeed(ProcessFeed):
    def get_object(self, request):
        return current_territory()

    def title(self, territory):
        name = territory.name if territory else "Parlons"
        return _("%(territory)s : les nouveautés de la participation") % {"territory": name}

    def subtitle(self, territory):
        return _("Contributions, réponses officielles et comptes rendus de toutes les démarches.")

    def link(self, territory):
        return reverse("processes:list")

    def feed_url(self, territory):
        return absolute_url(reverse("opendata:territory_feed"))

    def items(self, territory):
        found = [
            entry
            for process in public_processes().order_by("-created_at")[:20]
            for entry in entries_of(process, limit=10)
        ]
        found.sort(key=lambda entry: entry.published, reverse=True)
        return found[:LATEST]
