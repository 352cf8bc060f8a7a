"""What the next purge would remove, and what each past purge removed, by category.

Counts only, never the data: the DPO sees how many rows of which category of
personal data go (identity, contact, free text...), the same figures the daily
purge (`parlons.privacy.services.purge_expired`) writes in its report.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, cast

from django.apps import apps
from django.utils import timezone

from parlons.core.charter import DELETE, Expiry, PersonalData, declarations
from parlons.privacy.services import _group_key


def dry_run(*, now: datetime | None = None) -> dict[str, int]:
    """The report the purge would write now (a count per declaration), without writing."""
    now = now or timezone.now()
    groups: dict[tuple[Any, ...], list[PersonalData]] = defaultdict(list)
    for item in declarations():
        if item.expiry is not None:
            groups[_group_key(item)].append(item)
    report: dict[str, int] = {}
    for items in groups.values():
        model, expiry = apps.get_model(items[0].model), cast(Expiry, items[0].expiry)
        expired = model._default_manager.filter(
            **{f"{expiry.after}__lt": now - timedelta(days=expiry.days)}, **(expiry.only or {})
        )
        if expiry.action != DELETE:
            expired = expired.exclude(
                **{item.field: cast(Expiry, item.expiry).value for item in items}
            )
        count = expired.count()
        for item in items:
            report[item.key] = count
    return report


def by_category(report: dict[str, int]) -> list[tuple[str, int]]:
    """A purge report as rows removed or anonymised per category of personal data.

    Declarations of one model purged by the same rule count their rows once per
    category (a deleted report row is not three rows because three fields go).
    """
    declared = {item.key: item for item in declarations()}
    per_group: dict[tuple[str, tuple[Any, ...]], int] = {}
    for key, count in report.items():
        item = declared.get(key)
        if item is None or item.expiry is None or not count:
            continue
        group = (str(item.category), _group_key(item))
        per_group[group] = max(per_group.get(group, 0), count)
    totals: dict[str, int] = defaultdict(int)
    for (category, _group), count in per_group.items():
        totals[category] += count
    return sorted(totals.items())
