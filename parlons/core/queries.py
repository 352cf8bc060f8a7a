from parlons.core.models import Territory


def current_territory() -> Territory | None:
    """The territory this installation serves (the first one created)."""
    return Territory.objects.order_by("pk").first()
