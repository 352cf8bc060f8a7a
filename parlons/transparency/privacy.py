# The accessibility statement holds what the institution publishes about itself.
NOT_PERSONAL = {
    "transparency.AccessibilityStatement.entity_name": "the institution's name",
    "transparency.AccessibilityStatement.auditor": "the service or firm that ran the audit",
    "transparency.AccessibilityStatement.audit_environment": "browsers and tools, written by staff",
    "transparency.AccessibilityStatement.non_conformities": "defects of the site, written by staff",
    "transparency.AccessibilityStatement.derogations": "contents exempted, written by staff",
    "transparency.AccessibilityStatement.exempt_content": "contents exempted, written by staff",
    "transparency.AccessibilityStatement.contact_email": "the institution's functional address",
    "transparency.AccessibilityStatement.contact_address": "the institution's postal address",
    "transparency.AccessibilityStatement.contact_form_url": "the institution's contact form",
}
