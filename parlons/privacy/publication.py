"""What leaves the private side: free text is masked once, when it is written.

Each app declares its texts and their public copies in its `privacy.py`
(`PUBLIC_TEXTS`, see parlons.core.charter.PublicText). Services call
`publish(instance)` before saving a text someone wrote; the public copy is
stored, and every public surface (pages for non-authors, feeds, exports, the
API) reads it through the app's public queries. When the territory's list of
public figures changes, `public_names_changed()` queues a task that masks
every stored text again with the new list.

The masking itself is Parlons' scrubber (parlons.privacy.scrubber), which
keeps the names of the public figures and organisations the territory lists.
"""

import time
from collections import defaultdict

from django.apps import apps
from django.db import models, transaction

from parlons.core import audit
from parlons.core.charter import PublicText, public_texts
from parlons.core.queries import current_territory
from parlons.privacy.scrubber import Scrubber

# The territory's list changes rarely; re-reading it for every text would cost
# a query per text written. A minute of staleness is acceptable: a change of
# the list forgets the cache and masks every stored text again.
_TTL_SECONDS = 60.0
_cache: dict[str, object] = {"until": 0.0, "names": None, "scrubber": None}

BATCH_SIZE = 500


def _scrubber() -> Scrubber:
    now = time.monotonic()
    if now >= _cache["until"]:
        territory = current_territory()
        names = tuple(territory.public_name_list) if territory else ()
        if names != _cache["names"] or _cache["scrubber"] is None:
            _cache["scrubber"] = Scrubber(allowlist=names) if names else Scrubber()
            _cache["names"] = names
        _cache["until"] = now + _TTL_SECONDS
    return _cache["scrubber"]  # type: ignore[return-value]


def forget_cached_scrubber() -> None:
    """Called after the territory's public names change, and by tests."""
    _cache["until"] = 0.0


def public_text(text: str) -> str:
    """`text` with personal data masked, ready to be shown to anyone."""
    if not text:
        return ""
    return _scrubber().scrub(text).text


def _declared_for(model: type[models.Model]) -> list[PublicText]:
    label = model._meta.label
    return [declared for declared in public_texts() if declared.model == label]


def publish(instance: models.Model) -> models.Model:
    """Fill the public copies of `instance`'s declared texts (before it is saved)."""
    for declared in _declared_for(type(instance)):
        setattr(instance, declared.public, public_text(getattr(instance, declared.source) or ""))
    return instance


def create_published(model: type[models.Model], **fields) -> models.Model:
    """`model.objects.create(**fields)` with the public copies of its texts filled in."""
    instance = publish(model(**fields))
    instance.save(force_insert=True)
    return instance


def refresh_public_texts(batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Mask every stored text again (the list of public figures changed); counts per text."""
    forget_cached_scrubber()
    by_model: dict[str, list[PublicText]] = defaultdict(list)
    for declared in public_texts():
        by_model[declared.model].append(declared)
    report: dict[str, int] = {}
    for label, declared in by_model.items():
        model = apps.get_model(label)
        sources = [d.source for d in declared]
        publics = [d.public for d in declared]
        changed = 0
        rows = model._default_manager.order_by("pk").only("pk", *sources, *publics)
        batch: list[models.Model] = []
        for row in rows.iterator(chunk_size=batch_size):
            before = [getattr(row, name) for name in publics]
            publish(row)
            if [getattr(row, name) for name in publics] != before:
                batch.append(row)
            if len(batch) >= batch_size:
                changed += _save(model, batch, publics)
        changed += _save(model, batch, publics)
        report[label] = changed
    with transaction.atomic():
        # Audited like any write: the cached public pages are renewed too.
        audit.record(None, "privacy.refresh_public_texts", None, report=report)
    return report


def _save(model, batch: list, fields: list[str]) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        model._default_manager.bulk_update(batch, fields)
    count = len(batch)
    batch.clear()
    return count


def public_names_changed() -> None:
    """Call inside the transaction that changed the list: once saved, mask every text again."""
    from parlons.privacy.tasks import refresh_public_texts_task

    def after_commit() -> None:
        forget_cached_scrubber()
        refresh_public_texts_task.enqueue()

    transaction.on_commit(after_commit)
