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


@task()
def inactive_accounts_task() -> dict[str, int]:
    """Warn the people whose account has been unused too long, anonymise those warned in vain."""
    from parlons.privacy.inactive import handle_inactive_accounts

    return handle_inactive_accounts()
