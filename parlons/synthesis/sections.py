"""The synthesis on a démarche's page: a link to it once published (one query, once per write)."""

from parlons.processes.pagecache import kept
from parlons.synthesis.queries import published_report
from parlons.synthesis.rules import can_analyse


def process_sections(request, process) -> list[dict]:
    # Publishing is audited: the published report is read once per write of the démarche.
    report = kept(process.slug, "synthesis:report", lambda: published_report(process))
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
