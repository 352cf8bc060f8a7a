from django.conf import settings


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "DEMO_MODE": settings.DEMO,
        "STAFF_TWO_FACTOR": settings.STAFF_TWO_FACTOR,
    }
