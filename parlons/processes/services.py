"""Every write about démarches, their phases and themes. Each one is audited."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.dates import date_format
from parlons.core.files import deleted_on_failure
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


def create_process(*, actor, territory: Territory, title: str, summary: str, **fields) -> Process:
    """A draft démarche; `fields` may give its slug and any of Process.EDITABLE_FIELDS."""
    with deleted_on_failure() as written, transaction.atomic():
        can_create_process.require(actor, territory)
        slug = fields.pop("slug", "") or _unique_slug(Process, title)
        process = Process(
            territory=territory, title=title, summary=summary, slug=slug, created_by=actor
        )
        for name in Process.EDITABLE_FIELDS:
            if name in fields:
                setattr(process, name, fields[name])
        process.full_clean()
        with written.saving(process):
            process.save()
        audit.record(actor, "processes.create", process, title=title)
    return process


def update_process(*, actor, process: Process, **fields) -> Process:
    """A new image written by an update whose transaction fails is deleted again."""
    with deleted_on_failure() as written, transaction.atomic():
        can_manage_process.require(actor, process)
        audit.save_changes(
            actor,
            process,
            fields,
            Process.EDITABLE_FIELDS,
            "processes.update",
            written=written,
        )
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


def phase_deletion_effects(phase: Phase, at=None) -> list[str]:
    """What deleting `phase` changes for the public; empty when nothing uses it.

    A phase is in use once it has started (people saw it on the timeline and
    took part during it) or while it opens something: its dates and what it
    opens go away, but nothing written during it is deleted.
    """
    at = at or timezone.now()
    effects = []
    if phase.starts_at <= at:
        effects.append(
            _("Elle disparaîtra du calendrier public, où elle figure depuis le %(date)s.")
            % {"date": date_format(timezone.localtime(phase.starts_at), "j F Y")}
        )
    if phase.components:
        effects.append(
            _("Ce qu'elle ouvre ne sera plus ouvert à ces dates : %(what)s.")
            % {"what": ", ".join(str(label) for label in phase.open_components)}
        )
    if phase.process.is_published and phase.process.phases.count() == 1:
        effects.append(
            _("La démarche publiée n'aura plus aucune phase : son calendrier sera vide.")
        )
    if effects:
        effects.append(_("Rien de ce qui a été écrit pendant cette phase n'est supprimé."))
    return effects


@transaction.atomic
def delete_phase(*, actor, phase: Phase, confirmed: bool = False) -> None:
    """Deletes a phase; one in use (see phase_deletion_effects) only once confirmed."""
    can_manage_process.require(actor, phase.process)
    effects = phase_deletion_effects(phase)
    if effects and not confirmed:
        raise ValidationError(
            _("Cette phase est utilisée : confirmez sa suppression."), code="needs_confirmation"
        )
    audit.record(
        actor,
        "processes.delete_phase",
        phase,
        process=phase.process.slug,
        title=phase.title,
        effects=[str(effect) for effect in effects],
    )
    phase.delete()


def _check_theme_name(process: Process, name: str, theme: Theme | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Donnez un nom au thème.")})
    taken = process.themes.filter(name__iexact=name)
    if theme is not None:
        taken = taken.exclude(pk=theme.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Un thème « %(name)s » existe déjà dans cette démarche.") % {"name": name}}
        )
    return name


@transaction.atomic
def add_theme(*, actor, process: Process, name: str, description: str = "") -> Theme:
    """A theme whose name no other theme of the démarche has (whatever the case)."""
    can_manage_process.require(actor, process)
    name = _check_theme_name(process, name)
    slug = _unique_slug(Theme, name, process=process)
    position = process.themes.count()
    theme = Theme.objects.create(
        process=process, name=name, slug=slug, description=description, position=position
    )
    audit.record(actor, "processes.add_theme", theme, process=process.slug, name=name)
    return theme


@transaction.atomic
def rename_theme(*, actor, theme: Theme, name: str, description: str | None = None) -> Theme:
    """A new name (and description); the slug stays, so links and filters keep working."""
    can_manage_process.require(actor, theme.process)
    fields: dict = {"name": _check_theme_name(theme.process, name, theme)}
    if description is not None:
        fields["description"] = description
    audit.save_changes(
        actor,
        theme,
        fields,
        ("name", "description"),
        "processes.rename_theme",
        process=theme.process.slug,
    )
    return theme


def theme_deletion_effects(theme: Theme) -> list[str]:
    """What deleting `theme` does to what uses it, read from the models that point to it.

    Going through the relations Django knows keeps processes free of the apps
    that tag things with a theme (contributions today): one count per relation.
    """
    effects = []
    for relation in theme._meta.related_objects:
        if relation.one_to_many is False or relation.related_model is Theme:
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: theme}
        ).count()
        if not count:
            continue
        what = {
            "count": count,
            "things": capfirst(relation.related_model._meta.verbose_name_plural),
        }
        if relation.on_delete is models.SET_NULL:
            effects.append(
                _(
                    "%(things)s concernées : %(count)d. Le thème leur sera retiré ; rien n'est supprimé."
                )
                % what
            )
        else:
            effects.append(
                _("%(things)s concernées : %(count)d. Elles seront supprimées avec le thème.")
                % what
            )
    return effects


@transaction.atomic
def delete_theme(*, actor, theme: Theme, confirmed: bool = False) -> None:
    """Deletes a theme; one in use (see theme_deletion_effects) only once confirmed."""
    can_manage_process.require(actor, theme.process)
    effects = theme_deletion_effects(theme)
    if effects and not confirmed:
        raise ValidationError(
            _("Ce thème est utilisé : confirmez sa suppression."), code="needs_confirmation"
        )
    audit.record(
        actor,
        "processes.delete_theme",
        theme,
        process=theme.process.slug,
        name=theme.name,
        effects=[str(effect) for effect in effects],
    )
    theme.delete()


def update_territory(*, actor, territory: Territory, **fields) -> Territory:
    """Administrators set the territory's identity and the public figures kept in texts.

    A new logo written by an update whose transaction fails is deleted again.
    """
    with deleted_on_failure() as written, transaction.atomic():
        can_edit_territory.require(actor, territory)
        if fields.get("logo") is False:  # "remove the logo" ticked on the page (ClearableFileInput)
            fields["logo"] = ""
        changed = audit.save_changes(
            actor,
            territory,
            fields,
            Territory.EDITABLE_FIELDS,
            "core.update_territory",
            written=written,
        )
        if "public_names" in changed:
            public_names_changed()
    return territory
