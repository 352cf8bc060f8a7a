"""What a phase may open: the components that participation apps declare.

Each app lists the components it provides in its own `components.py`:

    COMPONENTS = [Component("contribute", _("contribuer"), order=10)]

A phase stores the names of the components it opens; the staff page that
edits a phase offers every registered component. Adding an app with a new
component means writing that app alone.
"""

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from parlons.core.registry import provided


@dataclass(frozen=True)
class Component:
    """One thing a phase opens (contributing, registering to meetings...)."""

    name: str
    label: str | Promise  # what the phase opens, in a few words ("contribuer")
    help_text: str | Promise = ""
    order: int = 100  # where it stands in lists, smaller first
    # The démarche page's call to action while a phase opens the component: a
    # short verb ("Contribuer") and the route it leads to, which takes the
    # démarche's `slug`. Anonymous visitors go through sign-in first when
    # `action_needs_account`.
    action: str | Promise = ""
    action_url: str = ""
    action_needs_account: bool = True


@cache
def _registered() -> tuple[Component, ...]:
    found: dict[str, Component] = {}
    for declared in provided("components", "COMPONENTS"):
        for component in declared:
            if component.name in found:
                raise ImproperlyConfigured(f"component {component.name!r} is declared twice")
            found[component.name] = component
    return tuple(sorted(found.values(), key=lambda c: (c.order, c.name)))


@receiver(setting_changed)
def _forget_registered(*, setting: str, **kwargs) -> None:
    """Tests that install an app (modify_settings) see its components at once."""
    if setting == "INSTALLED_APPS":
        _registered.cache_clear()


def registered_components() -> tuple[Component, ...]:
    """Every component of the installed apps, in display order."""
    return _registered()


def component_choices() -> list[tuple[str, str | Promise]]:
    return [(c.name, c.label) for c in registered_components()]


def in_display_order(names) -> list[str]:
    """`names` sorted as the registry lists them; unknown names are dropped."""
    chosen = set(names)
    return [c.name for c in registered_components() if c.name in chosen]


def labels_of(names) -> list[str | Promise]:
    chosen = set(names)
    return [c.label for c in registered_components() if c.name in chosen]


def validate_components(value) -> None:
    """A phase's components: a list of registered names, each once."""
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValidationError(_("Choisissez ce que la phase ouvre dans la liste."))
    known = {c.name for c in registered_components()}
    unknown = [name for name in value if name not in known]
    if unknown:
        raise ValidationError(
            _("Composant inconnu : %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Chaque composant n'est ouvert qu'une fois."))


def actions_of(names) -> list[Component]:
    """The components among `names` that offer a call to action, in display order."""
    chosen = set(names)
    return [c for c in registered_components() if c.name in chosen and c.action and c.action_url]
