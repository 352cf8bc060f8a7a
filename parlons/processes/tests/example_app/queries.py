"""Step 5, public queries: what anyone may read, masked, without the private text."""

from django.db.models import QuerySet

from .models import QuickOpinion


def public_opinions(process) -> QuerySet:
    return (
        QuickOpinion.objects.filter(process=process)
        .defer("text")
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
