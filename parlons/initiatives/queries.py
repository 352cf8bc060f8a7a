"""What the library shows: published initiatives for everyone, every one for the team."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from parlons.core.maps import MapPoint
from parlons.core.models import Commune, Territory
from parlons.initiatives.models import Category, Initiative, MediationPlace
from parlons.initiatives.search import matching

PAGE_SIZE = 20


def categories_of(territory: Territory) -> QuerySet:
    return Category.objects.filter(territory=territory).order_by("position", "name")


def _listed(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("commune").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("position", "name"))
    )


def published_initiatives(territory: Territory) -> QuerySet:
    """The public library: published only; the contact person's consent date stays private."""
    return _listed(
        Initiative.objects.filter(territory=territory, published_at__isnull=False).defer(
            "contact_consent_at", "source_key", "search_text", "created_by"
        )
    )


def managed_initiatives(territory: Territory) -> QuerySet:
    return _listed(Initiative.objects.filter(territory=territory))


@dataclass(frozen=True)
class Filters:
    query: str = ""
    category: Category | None = None
    commune: Commune | None = None
    status: str = ""

    @property
    def any(self) -> bool:
        return bool(self.query or self.category or self.commune or self.status)


def filtered(queryset: QuerySet, filters: Filters) -> QuerySet:
    if filters.query:
        queryset = matching(queryset, filters.query)
    if filters.category is not None:
        queryset = queryset.filter(categories=filters.category)
    if filters.commune is not None:
        queryset = queryset.filter(commune=filters.commune)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("title", "pk")


def map_points(initiatives) -> list[MapPoint]:
    """The initiatives that have coordinates, as points of the territory map."""
    return [
        MapPoint(
            label=initiative.title,
            latitude=float(initiative.latitude),
            longitude=float(initiative.longitude),
            url=initiative.get_absolute_url(),
            detail=initiative.commune.name if initiative.commune_id else "",
        )
        for initiative in initiatives
        if initiative.has_coordinates
    ]


def published_places(territory: Territory) -> QuerySet:
    """The published places of digital mediation, for the standard's file."""
    return (
        MediationPlace.objects.filter(
            initiative__territory=territory, initiative__published_at__isnull=False
        )
        .select_related("initiative__commune")
        .order_by("standard_id")
    )
