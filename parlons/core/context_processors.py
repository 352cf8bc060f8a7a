from django.conf import settings
from django.utils.functional import SimpleLazyObject

from parlons.core.queries import current_territory


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "DEMO_MODE": settings.DEMO,
        "STAFF_TWO_FACTOR": settings.STAFF_TWO_FACTOR,
        # Header and footer: read once per page, and only by pages that show them.
        "TERRITORY": SimpleLazyObject(current_territory),
    }
