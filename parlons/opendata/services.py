"""Every write of the open-data app. Each one is audited."""

from django.db import transaction

from parlons.core import audit
from parlons.core.models import Territory
from parlons.opendata.models import OpenDataSettings
from parlons.opendata.rules import can_manage_open_data
from parlons.opendata.tasks import rebuild_now


@transaction.atomic
def update_open_data_settings(*, actor, territory: Territory, **fields) -> OpenDataSettings:
    """Administrators choose the licence the data package and the catalogue announce."""
    can_manage_open_data.require(actor, territory)
    # Locked so that two administrators saving at once do not both create the row.
    Territory.objects.select_for_update().filter(pk=territory.pk).first()
    chosen = OpenDataSettings.objects.filter(territory=territory).first()
    if chosen is None:
        chosen = OpenDataSettings(territory=territory)
    audit.save_changes(
        actor, chosen, fields, OpenDataSettings.EDITABLE_FIELDS, "opendata.update_settings"
    )
    return chosen


@transaction.atomic
def request_rebuild(*, actor, territory: Territory) -> None:
    """Put a rebuild of every file in the queue now, without waiting for the debounce."""
    can_manage_open_data.require(actor, territory)
    audit.record(actor, "opendata.rebuild", None)
    transaction.on_commit(lambda: rebuild_now.enqueue(reason="staff"))
