from django.apps import AppConfig


class ExampleAppConfig(AppConfig):
    """'Avis express': the tiny participation app of docs/architecture.md, installed by a test."""

    name = "parlons.processes.tests.example_app"
    label = "example_app"
    verbose_name = "Avis express"
