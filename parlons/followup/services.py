"""Every write of the follow-up of decisions. Each one is checked and audited in one transaction.

A decision announced by another app (parlons.processes.decisions) becomes a
tracked result in the deciding app's own transaction; told twice about the
same decision, the follow-up updates what it tracks, it never duplicates.
"""

from datetime import datetime
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.files import WrittenFiles, deleted_on_failure, saving
from parlons.followup.models import MANUAL, ResultUpdate, TrackedResult
from parlons.followup.rules import can_manage_followup
from parlons.privacy.publication import publish
from parlons.processes.decisions import Decision, collect_decisions
from parlons.processes.models import Process
from parlons.processes.pagecache import forget_pages

# Set from a decision: what the deciding app knows best. Status, progress and
# spending stay the team's.
FROM_DECISION = ("title", "summary", "source_url", "decided_at", "decided_by", "planned_amount")
# A change of these on the result's form leaves a dated line in its history.
TRACED_FIELDS = ("status", "progress", "spent_amount")


def _decision_fields(decision: Decision) -> dict[str, Any]:
    """What the follow-up keeps of a decision, made to fit its fields.

    A receiver that refused would roll the deciding app's own write back: an
    odd value (no title, a negative amount, a long text) is adjusted, not refused.
    """
    amount = decision.amount if decision.amount is not None and decision.amount >= 0 else None
    return {
        "title": (decision.title or "").strip()[:200] or _("Décision sans titre"),
        "summary": decision.summary or "",
        "source_url": (decision.url or "")[:300],
        "decided_at": decision.decided_at,
        "decided_by": (decision.decided_by or "")[:200],
        "planned_amount": amount,
    }


def _forget_territory_pages() -> None:
    # The territory-wide page (/suivi/) lives outside the démarche's pages.
    forget_pages()


@transaction.atomic
def track_decision(decision: Decision) -> TrackedResult:
    """Create, or bring up to date, the tracked result of an announced decision."""
    fields = _decision_fields(decision)
    result = (
        TrackedResult.objects.select_for_update()
        .filter(process_id=decision.process_id, source_kind=decision.kind, source_key=decision.key)
        .first()
    )
    created = result is None
    if result is None:
        result = TrackedResult(
            process_id=decision.process_id,
            source_kind=decision.kind,
            source_key=decision.key,
            **fields,
        )
        changed = list(FROM_DECISION)
    else:
        changed = [name for name in FROM_DECISION if getattr(result, name) != fields[name]]
        for name in changed:
            setattr(result, name, fields[name])
    if created or changed:
        result.full_clean()
        result.save()
    if created:
        _trace(result, None, decision.decided_at)
    audit.record(
        None,
        "followup.track_decision",
        result,
        kind=decision.kind,
        key=decision.key,
        created=created,
        fields=[] if created else changed,
    )
    _forget_territory_pages()
    return result


@transaction.atomic
def synchronise(*, actor, process: Process) -> list[TrackedResult]:
    """Track the decisions the apps hold that are not followed yet (taken before this app)."""
    can_manage_followup.require(actor, process)
    known = set(
        TrackedResult.objects.filter(process=process).values_list("source_kind", "source_key")
    )
    created = []
    decisions = collect_decisions(process)
    for decision in decisions:
        if (decision.kind, decision.key) in known:
            continue
        result = TrackedResult(
            process=process,
            source_kind=decision.kind,
            source_key=decision.key,
            **_decision_fields(decision),
        )
        result.full_clean()
        result.save()
        _trace(result, None, decision.decided_at)
        known.add((decision.kind, decision.key))
        created.append(result)
    audit.record(
        actor,
        "followup.synchronise",
        process,
        found=len(decisions),
        created=len(created),
    )
    _forget_territory_pages()
    return created


@transaction.atomic
def create_result(
    *, actor, process: Process, decided_at: datetime | None = None, **fields
) -> TrackedResult:
    """A decision taken elsewhere (a council meeting, a vote in another body), entered by staff.

    `decided_at` (today if not given) dates the first line of its history.
    """
    can_manage_followup.require(actor, process)
    if decided_at is not None and decided_at > timezone.now():
        raise ValidationError(
            {"decided_on": _("Une décision se saisit une fois prise : la date est à venir.")}
        )
    result = TrackedResult(
        process=process,
        source_kind=MANUAL,
        source_key=uuid4().hex,
        decided_at=decided_at or timezone.now(),
        **{k: v for k, v in fields.items() if k in TrackedResult.EDITABLE_FIELDS},
    )
    result.full_clean()
    result.save()
    _trace(result, actor, result.decided_at)
    audit.record(actor, "followup.create", result, process=process.slug, title=result.title)
    _forget_territory_pages()
    return result


def _trace(
    result: TrackedResult,
    actor,
    at: datetime | None = None,
    written: WrittenFiles | None = None,
    **fields,
) -> ResultUpdate:
    """A line of the result's history: its state now, with an optional text and photo
    (which joins `written`, to be deleted if the transaction fails)."""
    update = ResultUpdate(
        result=result,
        published_at=at or timezone.now(),
        status=result.status,
        progress=result.progress,
        spent_amount=result.spent_amount,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    update.full_clean()
    publish(update)
    with saving(written, update):
        update.save()
    return update


@transaction.atomic
def update_result(*, actor, result: TrackedResult, **fields) -> TrackedResult:
    """Change a tracked result; a new status, progress or spending joins its dated history."""
    can_manage_followup.require(actor, result.process)
    result = _locked(result)
    changed = audit.save_changes(
        actor, result, fields, TrackedResult.EDITABLE_FIELDS, "followup.update"
    )
    if any(name in TRACED_FIELDS for name in changed):
        _trace(result, actor)
    _forget_territory_pages()
    return result


def post_update(
    *,
    actor,
    result: TrackedResult,
    text: str,
    photo=None,
    photo_alt: str = "",
    at: datetime | None = None,
    **state,
) -> ResultUpdate:
    """Publish a dated update (text, optional photo) and the state it leaves the result in.

    `state` may give a new `status`, `status_reason`, `progress` and
    `spent_amount`; they are checked by the result's own rules. If the
    transaction fails after the photo was written, the file is deleted.
    """
    with deleted_on_failure() as written, transaction.atomic():
        can_manage_followup.require(actor, result.process)
        result = _locked(result)
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": _("Écrivez ce qui a avancé avant de publier.")})
        wanted = {
            name: value
            for name, value in state.items()
            if name in ("status", "status_reason", "progress", "spent_amount") and value is not None
        }
        changed = [name for name, value in wanted.items() if getattr(result, name) != value]
        for name, value in wanted.items():
            setattr(result, name, value)
        result.full_clean()
        result.save()
        # Checked with the result: a refused photo rolls the whole update back.
        update = _trace(
            result, actor, at, written, text=text, photo=photo or "", photo_alt=photo_alt or ""
        )
        audit.record(
            actor,
            "followup.post_update",
            update,
            result=result.pk,
            fields=changed,
            status=result.status,
            progress=result.progress,
            photo=bool(update.photo),
        )
        _forget_territory_pages()
    return update


def _locked(result: TrackedResult) -> TrackedResult:
    """The same result with its row locked until the transaction ends."""
    TrackedResult.objects.select_for_update().filter(pk=result.pk).first()
    return result
