from django.apps import AppConfig


class ExampleJobsConfig(AppConfig):
    """A tiny app that brings its own periodic jobs, installed by the scheduler's tests."""

    name = "parlons.core.tests.example_jobs"
    label = "example_jobs"
