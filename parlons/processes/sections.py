"""Sections that other apps add to a démarche's page.

An app may define `process_sections(request, process) -> list[dict]` in a
module named `sections.py`; each dict has `order`, `template` and `context`.
The démarche page renders them in order. Each provider must run a fixed
number of queries, whatever the number of contributions (no N+1).
"""

from importlib import import_module

from django.apps import apps


def collect_sections(request, process) -> list[dict]:
    sections: list[dict] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("parlons.") or config.name == "parlons.processes":
            continue
        try:
            module = import_module(f"{config.name}.sections")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.sections":
                raise
            continue
        provider = getattr(module, "process_sections", None)
        if provider is not None:
            sections.extend(provider(request, process))
    return sorted(sections, key=lambda section: section["order"])
