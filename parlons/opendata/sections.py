"""The open-data link at the foot of a published démarche's page."""

from parlons.processes.models import Process

PUBLIC = (Process.Status.PUBLISHED, Process.Status.ARCHIVED)


def process_sections(request, process) -> list[dict]:
    if process.status not in PUBLIC:
        return []
    return [
        {
            "order": 95,
            "template": "opendata/_process_section.html",
            "context": {"process": process},
        }
    ]
