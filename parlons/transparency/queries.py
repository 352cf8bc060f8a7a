from parlons.core.models import Territory
from parlons.transparency.models import AccessibilityStatement


def accessibility_statement(territory: Territory) -> AccessibilityStatement:
    """The territory's statement, or an unsaved one with the defaults until staff write it."""
    found = AccessibilityStatement.objects.filter(territory=territory).first()
    return found if found is not None else AccessibilityStatement(territory=territory)
