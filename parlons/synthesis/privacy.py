"""Personal data of the synthesis: none of its own about participants.

Analyses read the public layer only (masked texts, reactions by a
pseudonymous key that names no one); opinion groups keep who is in which
group nowhere. The staff members who start analyses, validate themes and
publish the synthesis act for the institution, and are audited.
"""

STAFF = "the staff member acting for the institution; audited in core.AuditEntry"
STAFF_TEXT = "written by staff for the institution"

NOT_PERSONAL = {
    "synthesis.Analysis.started_by": STAFF,
    "synthesis.Analysis.filters": "which texts were analysed (commune, phase, theme), no person",
    "synthesis.Analysis.result": (
        "themes' provenance, opinion groups as anonymous points, sizes and comment refs; "
        "participants only by a pseudonymous key in the state kept for the next run"
    ),
    "synthesis.Analysis.error": "a technical error of the analysis",
    "synthesis.Analysis.progress_label": "a step of the analysis",
    "synthesis.AnalysisTheme.label": STAFF_TEXT,
    "synthesis.AnalysisTheme.validated_by": STAFF,
    "synthesis.DuplicateGroup.marked_by": STAFF,
    "synthesis.AnalysedText.ref": "a reference to a published contribution",
    "synthesis.AnalysedText.commune": "the commune the contribution speaks of, as published",
    "synthesis.AnalysedText.place": "a public meeting's title",
    "synthesis.AnalysedText.url": "the public page of a contribution",
    "synthesis.AnalysedText.terms": (
        "the lemmas of the published text, already masked by the scrubber, for search"
    ),
    "synthesis.Report.title": STAFF_TEXT,
    "synthesis.Report.introduction": STAFF_TEXT,
    "synthesis.Report.signed_by": (
        "the name and office of the official who signs the synthesis, published on purpose"
    ),
    "synthesis.Report.published_by": STAFF,
    "synthesis.ReportSection.title": STAFF_TEXT,
    "synthesis.ReportSection.body": STAFF_TEXT,
    "synthesis.ReportSection.quotes": "references to published contributions, quoted masked",
}

NOT_PERSONAL.update(
    {
        "synthesis.SearchEntry.ref": "a reference to a published contribution or an answer",
        "synthesis.SearchEntry.text": (
            "the text as published, masked by the scrubber; answers are masked too and "
            "shown to staff only"
        ),
        "synthesis.SearchEntry.terms": (
            "the lemmas of the masked text, for search; gone when the text is hidden"
        ),
        "synthesis.SearchEntry.commune": "the commune the contribution speaks of, as published",
        "synthesis.SearchEntry.place": "a public meeting's title",
        "synthesis.SearchEntry.phase": "the title of a phase of the démarche",
        "synthesis.SearchEntry.theme": "the theme chosen, as published",
        "synthesis.SearchEntry.url": "the page of the text",
    }
)
