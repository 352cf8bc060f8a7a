"""Find what each Parlons app provides, through Django's app registry.

An app brings its own pieces (the components a phase opens, sections of the
démarche page, staff links, personal-data declarations) in a module of a
known name; lower floors find them here instead of importing the apps.
"""

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """Each installed Parlons app's module `name` (e.g. "sections"), in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("parlons."):
            continue
        module_name = f"{config.name}.{name}"
        try:
            found.append((config, import_module(module_name)))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return found


def provided(name: str, attribute: str) -> list:
    """The `attribute` of each app's module `name` that defines it (functions, lists...)."""
    return [
        getattr(module, attribute)
        for _config, module in app_modules(name)
        if hasattr(module, attribute)
    ]
