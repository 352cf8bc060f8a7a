"""Find what each Parlons app provides, through Django's app registry.

An app brings its own pieces (the components a phase opens, sections of the
démarche page, staff links, personal-data declarations) in a module of a
known name; lower floors find them here instead of importing the apps.
"""

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps

# Found once per set of installed apps: looking again on every call (an audited write, a
# form's field) cost an import attempt per app, a failed one raising for each app without
# the module (about 0.4 ms a call on the posting paths, issue 11).
_FOUND: dict[tuple[str, tuple[AppConfig, ...]], list[tuple[AppConfig, ModuleType]]] = {}


def app_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """Each installed Parlons app's module `name` (e.g. "sections"), in INSTALLED_APPS order."""
    configs = tuple(c for c in apps.get_app_configs() if c.name.startswith("parlons."))
    key = (name, configs)
    known = _FOUND.get(key)
    if known is not None:
        return list(known)
    found = _find(name, configs)
    if apps.ready:
        _FOUND[key] = found
    return list(found)


def _find(name: str, configs: tuple[AppConfig, ...]) -> list[tuple[AppConfig, ModuleType]]:
    found = []
    for config in configs:
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
