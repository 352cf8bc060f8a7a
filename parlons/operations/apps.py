from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "parlons.operations"
    label = "operations"
    # No page, no model: only commands, whose messages are French plain strings like
    # the other commands'; hence no catalogue either.
    verbose_name = "Exploitation"
