"""The Atom feed of a démarche's follow-up: each dated update, with absolute public links."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from parlons.core.markdown import render_markdown
from parlons.core.public_url import absolute_url
from parlons.followup.queries import feed_updates
from parlons.processes.queries import process_for


class FollowupFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        self.request = request
        return process_for(request.user, slug)

    def title(self, process):
        return _("Suivi des décisions · %(title)s") % {"title": process.title}

    def subtitle(self, process):
        return _("Ce qui avance, date par date, après les décisions de la démarche.")

    def link(self, process):
        return absolute_url(reverse("followup:list", kwargs={"slug": process.slug}), self.request)

    def feed_url(self, process):
        return absolute_url(reverse("followup:feed", kwargs={"slug": process.slug}), self.request)

    def items(self, process):
        return feed_updates(process)

    def item_title(self, update):
        return f"{update.result.title} — {update.get_status_display()}, {update.progress} %"

    def item_description(self, update):
        return str(render_markdown(update.public_text))

    def item_link(self, update):
        return absolute_url(update.get_absolute_url(), self.request)

    def item_guid(self, update):
        return absolute_url(update.get_absolute_url(), self.request)

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update.published_at


def followup_feed(request, slug):
    """One feed object per request: its links read this request's address."""
    return FollowupFeed()(request, slug=slug)
