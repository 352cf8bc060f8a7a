"""Demo only: give the rows the services just wrote the dates of the demo's story.

The services stamp "now" on what they create, as they should. The demo tells
a story over the past weeks, so once every service has run (each with its
audit entry), the loader moves the story's timestamps back in one step. The
audit entries keep the real time of the load: the log says when the demo was
written, the rows say when the story happened. Nothing outside `parlons.demo`
may use this.
"""

from collections import defaultdict

from django.db import models


class Backdating:
    """Collects the story's dates as the services return rows, then writes them at once."""

    def __init__(self):
        self._pending: dict[tuple[type[models.Model], tuple[str, ...]], list] = defaultdict(list)

    def set(self, instance: models.Model, **dates) -> models.Model:
        """Give `instance` its story dates now in memory (later steps read them), in the database on `apply`."""
        for name, value in dates.items():
            setattr(instance, name, value)
        self._pending[type(instance), tuple(sorted(dates))].append(instance)
        return instance

    def apply(self) -> int:
        """Write every collected date with one `bulk_update` per model and set of fields."""
        updated = 0
        for (model, fields), instances in self._pending.items():
            updated += model.objects.bulk_update(instances, list(fields), batch_size=500)
        self._pending.clear()
        return updated
