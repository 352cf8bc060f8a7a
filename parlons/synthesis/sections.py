"""The synthesis on a démarche's page: a link to it once published (one query)."""

from parlons.synthesis.queries import published_report
from parlons.synthesis.rules import can_analyse


def process_sections(request, process) -> list[dict]:
    report = published_report(process)
    may_analyse = can_analyse(request.user, process)
    if report is None and not may_analyse:
        return []
    return [
        {
            "order": 15,
            "template": "synthesis/_process_section.html",
            "context": {"process": process, "report": report, "may_analyse": may_analyse},
        }
    ]
