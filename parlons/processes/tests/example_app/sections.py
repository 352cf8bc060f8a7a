"""The app's section of the démarche page, found by processes through the registry."""

from .queries import public_opinions
from .rules import can_give_opinion


def process_sections(request, process) -> list[dict]:
    return [
        {
            "order": 60,
            "template": "example_app/_opinions.html",
            "context": {
                "opinions": list(public_opinions(process)[:5]),
                "can_give_opinion": can_give_opinion(request.user, process),
            },
        }
    ]
