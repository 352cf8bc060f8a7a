"""Every write about démarches, their phases and themes. Each one is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.models import Territory
from parlons.privacy.publication import public_names_changed
from parlons.processes.models import Phase, Process, Theme
from parlons.processes.rules import can_create_process, can_edit_territory, can_manage_process


def _unique_slug(model, base: str, **scope) -> str:
    base = slugify(base)[:70] or "demarche"
    slug, counter = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def create_process(*, actor, territory: Territory, title: str, summary: str, **fields) -> Process:
    """A draft démarche; `fields` may give its slug and any of Process.EDITABLE_FIELDS."""
    can_create_process.require(actor, territory)
    slug = fields.pop("slug", "") or _unique_slug(Process, title)
    process = Process(
        territory=territory, title=title, summary=summary, slug=slug, created_by=actor
    )
    for name in Process.EDITABLE_FIELDS:
        if name in fields:
            setattr(process, name, fields[name])
    process.full_clean()
    process.save()
    audit.record(actor, "processes.create", process, title=title)
    return process


@transaction.atomic
def update_process(*, actor, process: Process, **fields) -> Process:
    can_manage_process.require(actor, process)
    audit.save_changes(actor, process, fields, Process.EDITABLE_FIELDS, "processes.update")
    return process


@transaction.atomic
def set_process_status(*, actor, process: Process, status: str) -> Process:
    can_manage_process.require(actor, process)
    if status == Process.Status.PUBLISHED and not process.phases.exists():
        raise ValidationError(_("Ajoutez au moins une phase datée avant de publier la démarche."))
    previous, process.status = process.status, status
    process.save(update_fields=["status", "updated_at"])
    audit.record(actor, "processes.set_status", process, previous=previous, status=status)
    return process


@transaction.atomic
def add_phase(*, actor, process: Process, **fields) -> Phase:
    """A dated phase; the model refuses an end before the start and overlapping phases."""
    can_manage_process.require(actor, process)
    phase = Phase(
        process=process, **{k: v for k, v in fields.items() if k in Phase.EDITABLE_FIELDS}
    )
    phase.full_clean()
    phase.save()
    audit.record(actor, "processes.add_phase", phase, process=process.slug, title=phase.title)
    return phase


@transaction.atomic
def update_phase(*, actor, phase: Phase, **fields) -> Phase:
    can_manage_process.require(actor, phase.process)
    audit.save_changes(
        actor,
        phase,
        fields,
        Phase.EDITABLE_FIELDS,
        "processes.update_phase",
        process=phase.process.slug,
    )
    return phase


@transaction.atomic
def delete_phase(*, actor, phase: Phase) -> None:
    can_manage_process.require(actor, phase.process)
    audit.record(
        actor, "processes.delete_phase", phase, process=phase.process.slug, title=phase.title
    )
    phase.delete()


@transaction.atomic
def add_theme(*, actor, process: Process, name: str, description: str = "") -> Theme:
    can_manage_process.require(actor, process)
    slug = _unique_slug(Theme, name, process=process)
    position = process.themes.count()
    theme = Theme.objects.create(
        process=process, name=name, slug=slug, description=description, position=position
    )
    audit.record(actor, "processes.add_theme", theme, process=process.slug, name=name)
    return theme


@transaction.atomic
def delete_theme(*, actor, theme: Theme) -> None:
    can_manage_process.require(actor, theme.process)
    audit.record(
        actor, "processes.delete_theme", theme, process=theme.process.slug, name=theme.name
    )
    theme.delete()


@transaction.atomic
def update_territory(*, actor, territory: Territory, **fields) -> Territory:
    """Administrators set the territory's identity and the public figures kept in texts."""
    can_edit_territory.require(actor, territory)
    if fields.get("logo") is False:  # "remove the logo" ticked on the page (ClearableFileInput)
        fields["logo"] = ""
    changed = audit.save_changes(
        actor, territory, fields, Territory.EDITABLE_FIELDS, "core.update_territory"
    )
    if "public_names" in changed:
        public_names_changed()
    return territory
