"""Background work of the data charter."""

from django_tasks import task

from parlons.privacy.publication import refresh_public_texts
from parlons.privacy.services import purge_expired


@task()
def refresh_public_texts_task() -> dict[str, int]:
    """Mask every stored text again, after the territory's list of public figures changed."""
    return refresh_public_texts()


@task()
def purge_personal_data_task() -> dict[str, int]:
    """The daily purge: what has passed its retention is deleted or anonymised."""
    return purge_expired()
