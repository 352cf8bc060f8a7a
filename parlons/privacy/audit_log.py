"""The audit log in words: each entry told as a French sentence, its object linked.

The sentences come from each app's `audit_labels.py` (found through
parlons.core.registry), so this page knows no app's codes. What the viewer
may not see stays out: redacted details stay redacted, and a person is not
named again through an entry whose details were redacted.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parlons.core.audit_labels import AuditLabel, Target
from parlons.core.models import AuditEntry
from parlons.core.privacy import REDACTED
from parlons.core.registry import app_modules

# The unknown-code line, the actor of a task without a person, and an erased detail.
UNKNOWN = gettext_lazy("%(actor)s : action « %(action)s » sur %(target)s.")
AUTOMATIC = gettext_lazy("Parlons (tâche automatique)")
COMMAND = gettext_lazy("Parlons (commande « %(command)s »)")
UNLINKED = gettext_lazy("Une personne (lien effacé)")
ERASED = gettext_lazy("[effacé]")
NOTHING = gettext_lazy("aucun objet")


@dataclass(frozen=True)
class Kind:
    code: str
    name: str


@cache
def _declared() -> tuple[dict[str, AuditLabel], dict[str, Target], list[tuple[str, list[str]]]]:
    labels: dict[str, AuditLabel] = {}
    targets: dict[str, Target] = {}
    groups: list[tuple[str, list[str]]] = []
    for config, module in app_modules("audit_labels"):
        own = dict(getattr(module, "LABELS", {}))
        labels.update(own)
        targets.update(getattr(module, "TARGETS", {}))
        if own:
            groups.append((config.label, list(own)))
    return labels, targets, groups


def labels() -> dict[str, AuditLabel]:
    """Every declared action code and its words."""
    return _declared()[0]


def kinds_by_app() -> list[tuple[str, list[Kind]]]:
    """The filter list: each app's name and its kinds of action, sorted by name."""
    declared = labels()
    grouped = []
    for app_label, codes in _declared()[2]:
        name = str(apps.get_app_config(app_label).verbose_name)
        kinds = sorted(
            (Kind(code, str(declared[code].kind)) for code in codes), key=lambda k: k.name
        )
        grouped.append((name, kinds))
    return sorted(grouped, key=lambda group: group[0])


def _redacted(entry: AuditEntry) -> bool:
    return entry.data == REDACTED


def _actor(entry: AuditEntry, label: AuditLabel | None) -> str:
    if entry.actor is not None:
        return entry.actor.pseudonym
    data = entry.data if isinstance(entry.data, dict) else {}
    if data.get("command"):
        return str(COMMAND % {"command": data["command"]})
    if label is not None and label.automatic:
        return str(AUTOMATIC)
    # A person's link is cut after a year, or when their account is erased.
    return str(UNLINKED)


def _targets(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], tuple[str, str]]:
    """Every object the entries name, fetched once per type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    declared = _declared()[1]
    for entry in entries:
        target = declared.get(entry.target_type)
        if target is None or not entry.target_id:
            continue
        if target.personal and _redacted(entry):
            continue
        wanted[entry.target_type].add(entry.target_id)
    found = {}
    for target_type, ids in wanted.items():
        for target_id, named in declared[target_type].describe(sorted(ids)).items():
            found[(target_type, target_id)] = named
    return found


def _target(entry: AuditEntry, found: dict[tuple[str, str], tuple[str, str]]) -> SafeString:
    if not entry.target_type:
        return conditional_escape(NOTHING)
    named = found.get((entry.target_type, entry.target_id))
    if named is not None:
        text, url = named
        return format_html('<a href="{}">{}</a>', url, text) if url else conditional_escape(text)
    target = _declared()[1].get(entry.target_type)
    if target is None:
        return conditional_escape(f"{entry.target_type} n° {entry.target_id}")
    if target.personal and _redacted(entry):
        return conditional_escape(UNLINKED)
    return conditional_escape(target.missing % {"id": entry.target_id})


def _field_names(entry: AuditEntry, names: Any) -> str:
    """The changed fields, by the names the forms show rather than the code's."""
    if not isinstance(names, list):
        return str(names)
    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        model = None
    shown = []
    for name in names:
        try:
            shown.append(str(model._meta.get_field(name).verbose_name) if model else str(name))
        except FieldDoesNotExist:
            shown.append(str(name))
    return ", ".join(shown) if shown else _("aucun changement")


def _value(entry: AuditEntry, label: AuditLabel, key: str, value: Any) -> str:
    if key in label.values:
        return str(label.values[key](value))
    if key == "fields":
        return _field_names(entry, value)
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if value is None or value == "":
        return "—"
    return str(value)


class _Fields(dict):
    """A sentence's fields; one that the entry no longer has reads as erased."""

    def __missing__(self, key: str) -> SafeString:
        return conditional_escape(ERASED)


def sentence(entry: AuditEntry, found: dict[tuple[str, str], tuple[str, str]]) -> SafeString:
    """One entry as a sentence, escaped, with its object linked when it still exists."""
    label = labels().get(entry.action)
    actor = conditional_escape(_actor(entry, label))
    target = _target(entry, found)
    if label is None:
        return mark_safe(  # noqa: S308 - every piece is escaped above or here
            conditional_escape(str(UNKNOWN))
            % {"actor": actor, "action": conditional_escape(entry.action), "target": target}
        )
    fields = _Fields(actor=actor, target=target)
    data = entry.data if isinstance(entry.data, dict) and not _redacted(entry) else {}
    for key, value in data.items():
        fields[key] = conditional_escape(_value(entry, label, key, value))
    # The translated sentence is escaped too, then filled with escaped pieces.
    return mark_safe(conditional_escape(str(label.sentence)) % fields)  # noqa: S308


def told(entries: list[AuditEntry]) -> list[tuple[AuditEntry, SafeString]]:
    """The page's entries, each with its sentence."""
    found = _targets(entries)
    return [(entry, sentence(entry, found)) for entry in entries]
