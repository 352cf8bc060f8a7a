NOT_PERSONAL = {
    "processes.Process.title": "written by staff for the institution",
    "processes.Process.summary": "written by staff for the institution",
    "processes.Process.description": "written by staff for the institution",
    "processes.Process.image_alt": "written by staff for the institution",
    "processes.Process.created_by": "the staff member acting for the institution; audited in core.AuditEntry",
    "processes.Phase.title": "written by staff for the institution",
    "processes.Phase.description": "written by staff for the institution",
    "processes.Theme.name": "written by staff for the institution",
    "processes.Theme.description": "written by staff for the institution",
    "processes.Occasion.title": "a public meeting's title, written by staff",
}
