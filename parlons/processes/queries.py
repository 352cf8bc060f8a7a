"""Which démarches a person may see, defined once for pages, API and exports."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from parlons.core.models import Territory
from parlons.processes.models import Phase, Process, Theme
from parlons.processes.pagecache import kept
from parlons.processes.rules import can_view_process


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("territory").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at")),
        Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
    )


def published_processes() -> QuerySet:
    return _with_details(Process.objects.filter(status=Process.Status.PUBLISHED))


def public_processes() -> QuerySet:
    """Published and archived démarches: what anyone may read."""
    return _with_details(
        Process.objects.filter(status__in=[Process.Status.PUBLISHED, Process.Status.ARCHIVED])
    )


def processes_managed_by(user, territory: Territory) -> QuerySet:
    return _with_details(Process.objects.filter(territory=territory))


def process_for(user, slug: str) -> Process:
    """The démarche at `slug` if `user` may see it; 404 otherwise (drafts stay hidden)."""
    # The démarche with its territory, phases and themes: read once per change of
    # them (pagecache.kept), since every page of the démarche starts here.
    process = kept(
        slug,
        "process",
        lambda: _with_details(Process.objects.filter(slug=slug)).first(),
        structure=True,
    )
    if process is None or not can_view_process(user, process):
        raise Http404(slug)
    return process
