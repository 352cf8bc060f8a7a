"""Every write of the transparency pages. Each one is audited."""

from django.db import transaction

from parlons.core import audit
from parlons.core.models import Territory
from parlons.transparency.models import AccessibilityStatement
from parlons.transparency.rules import can_edit_accessibility_statement


@transaction.atomic
def update_accessibility_statement(
    *, actor, territory: Territory, **fields
) -> AccessibilityStatement:
    """Administrators write what only the territory knows: level, audit, findings, contact."""
    can_edit_accessibility_statement.require(actor, territory)
    # Locked so that two administrators saving at once do not both create the row.
    Territory.objects.select_for_update().filter(pk=territory.pk).first()
    statement = AccessibilityStatement.objects.filter(territory=territory).first()
    if statement is None:
        statement = AccessibilityStatement(territory=territory)
    audit.save_changes(
        actor,
        statement,
        fields,
        AccessibilityStatement.EDITABLE_FIELDS,
        "transparency.update_accessibility_statement",
    )
    return statement
