"""What the analysis tools read of the debate (parlons.processes.analysis): public layer only.

Visible top-level contributions as published (masked `public_body`), and the
reactions to them by a pseudonymous key that names no one.
"""

import hashlib
import hmac
from bisect import bisect_right
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from parlons.debates.models import Contribution, PaperImport, Reaction
from parlons.debates.queries import public_contributions
from parlons.processes.analysis import (
    AGREE,
    DISAGREE,
    PASS,
    AnalysableReaction,
    AnalysableText,
    TextFilters,
)

REF_PREFIX = "debates.contribution:"
VOTES = {Reaction.Value.AGREE: AGREE, Reaction.Value.DISAGREE: DISAGREE, Reaction.Value.PASS: PASS}


def _filtered(process, filters: TextFilters):
    items = public_contributions(process).order_by("pk")
    if filters.question is not None:  # a questionnaire question: not the debate's texts
        return items.none()
    if filters.commune:
        items = items.filter(place__slug=filters.commune)
    if filters.theme:
        items = items.filter(theme__slug=filters.theme)
    if filters.way:
        items = items.filter(source=filters.way)
    if filters.phase is not None:
        phase = process.phases.filter(pk=filters.phase).first()
        if phase is None:
            return items.none()
        items = items.filter(created_at__gte=phase.starts_at, created_at__lt=phase.ends_at)
    if filters.refs:
        ids = [
            int(ref.removeprefix(REF_PREFIX)) for ref in filters.refs if ref.startswith(REF_PREFIX)
        ]
        items = items.filter(pk__in=ids)
    return items


def analysable_texts(process, filters: TextFilters) -> Iterator[AnalysableText]:
    if filters.refs and not any(ref.startswith(REF_PREFIX) for ref in filters.refs):
        return  # other apps' texts only (the search index after their write): nothing to read
    phases = list(process.phases.order_by("starts_at").values_list("starts_at", "ends_at", "title"))
    starts = [start for start, _end, _title in phases]
    rows = _filtered(process, filters).values_list(
        "pk",
        "public_body",
        "created_at",
        "place__name",
        "occasion__title",
        "theme__name",
        "source",
    )
    detail = reverse("debates:detail", kwargs={"slug": process.slug, "pk": 0})
    # A few texts named by a write (the search index, inside the write's transaction): one
    # plain query; a whole démarche: a server-side cursor, 2,000 rows at a time.
    found = rows if filters.refs else rows.iterator(chunk_size=2000)
    for pk, text, created_at, commune, place, theme, source in found:
        position = bisect_right(starts, created_at) - 1
        phase = ""
        if position >= 0 and created_at < phases[position][1]:
            phase = phases[position][2]
        yield AnalysableText(
            ref=f"{REF_PREFIX}{pk}",
            text=text,
            created_at=created_at,
            commune=commune or "",
            place=place or "",
            phase=phase,
            theme=theme or "",
            way=source,
            url=detail.replace("/0/", f"/{pk}/"),
        )


def participant_key(process_id: int, user_id: int) -> str:
    """The same person gets the same key within a démarche, and no way back to who they are."""
    message = f"{process_id}:{user_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return "p" + digest[:16]


def analysable_reactions(process) -> Iterator[AnalysableReaction]:
    visible = public_contributions(process).values("pk")
    rows = (
        Reaction.objects.filter(contribution__in=visible, user__isnull=False)
        .order_by("created_at", "pk")
        .values_list("user_id", "contribution_id", "value")
    )
    # One HMAC per person, not per reaction: 1,000,000 reactions come from a few thousand.
    keys: dict[int, str] = {}
    for user_id, contribution_id, value in rows.iterator(chunk_size=5000):
        key = keys.get(user_id)
        if key is None:
            key = keys[user_id] = participant_key(process.pk, user_id)
        yield AnalysableReaction(
            participant=key,
            ref=f"{REF_PREFIX}{contribution_id}",
            vote=VOTES[value],
        )


def contributor_ids(process) -> Iterator[int]:
    rows = (
        public_contributions(process)
        .filter(author__isnull=False)
        .order_by()
        .values_list("author_id", flat=True)
        .distinct()
    )
    yield from rows.iterator()


# Audited writes that change no text nor its visibility: the index has nothing to do.
UNCHANGED = {"debates.react", "debates.react_remove", "debates.report", "debates.answer"}


def search_refs(action: str, target) -> tuple | None:
    """The contribution an audited write touched (parlons.processes.analysis)."""
    if action in UNCHANGED:
        return None
    if isinstance(target, Contribution) and target.parent_id is None:
        return target.process, [f"{REF_PREFIX}{target.pk}"]
    if isinstance(target, PaperImport):
        refs = target.contributions.filter(parent__isnull=True).values_list("pk", flat=True)
        return target.process, [f"{REF_PREFIX}{pk}" for pk in refs]
    return None
