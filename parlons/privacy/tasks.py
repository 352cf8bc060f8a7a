"""Background work of the data charter."""

from django_tasks import task

from parlons.privacy.publication import refresh_public_texts


@task()
def refresh_public_texts_task() -> dict[str, int]:
    """Mask every stored text again, after the territory's list of public figures changed."""
    return refresh_public_texts()
