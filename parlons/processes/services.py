"""Every write about démarches, their phases and themes. Each one is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.core import audit
from parlons.privacy.publication import forget_cached_scrubber
from parlons.processes.models import Phase, Process, Theme
from parlons.processes.rules import can_create_process, can_manage_process

PROCESS_FIELDS = ("title", "slug", "summary", "description", "image", "image_alt", "status")
PHASE_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "allows_contribute",
    "allows_reply",
    "allows_react",
    "allows_meetings",
    "allows_expert_answers",
)


def _unique_slug(model, base: str, **scope) -> str:
    base = slugify(base)[:70] or "demarche"
    slug, counter = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _require_manage(actor, process):
    if not can_manage_process(actor, process):
        raise PermissionDenied(_("Seule l'équipe d'organisation peut modifier cette démarche."))


@transaction.atomic
def create_process(*, actor, territory, title: str, summary: str, **fields) -> Process:
    if not can_create_process(actor, territory):
        raise PermissionDenied(_("Seule l'équipe d'organisation peut créer une démarche."))
    slug = fields.pop("slug", "") or _unique_slug(Process, title)
    process = Process(
        territory=territory, title=title, summary=summary, slug=slug, created_by=actor
    )
    for name in PROCESS_FIELDS:
        if name in fields:
            setattr(process, name, fields[name])
    if process.image and not process.image_alt:
        raise ValidationError(
            {"image_alt": _("Décrivez l'image pour les personnes qui ne la voient pas.")}
        )
    process.full_clean()
    process.save()
    audit.record(actor, "processes.create", process, title=title)
    return process


@transaction.atomic
def update_process(*, actor, process: Process, **fields) -> Process:
    _require_manage(actor, process)
    changed = []
    for name in PROCESS_FIELDS:
        if name in fields and getattr(process, name) != fields[name]:
            setattr(process, name, fields[name])
            changed.append(name)
    if process.image and not process.image_alt:
        raise ValidationError(
            {"image_alt": _("Décrivez l'image pour les personnes qui ne la voient pas.")}
        )
    process.full_clean()
    process.save()
    audit.record(actor, "processes.update", process, fields=changed)
    return process


@transaction.atomic
def set_process_status(*, actor, process: Process, status: str) -> Process:
    _require_manage(actor, process)
    if status == Process.Status.PUBLISHED and not process.phases.exists():
        raise ValidationError(_("Ajoutez au moins une phase datée avant de publier la démarche."))
    previous, process.status = process.status, status
    process.save(update_fields=["status", "updated_at"])
    audit.record(actor, "processes.set_status", process, previous=previous, status=status)
    return process


def _check_phase_dates(process: Process, phase: Phase) -> None:
    if phase.starts_at and phase.ends_at and phase.ends_at <= phase.starts_at:
        raise ValidationError({"ends_at": _("La fin doit être après le début.")})
    overlapping = process.phases.exclude(pk=phase.pk).filter(
        starts_at__lt=phase.ends_at, ends_at__gt=phase.starts_at
    )
    if overlapping.exists():
        raise ValidationError(
            {
                "starts_at": _(
                    "Cette phase chevauche « %(title)s ». Les phases se suivent sans se superposer."
                )
                % {"title": overlapping.first().title}
            }
        )


@transaction.atomic
def add_phase(*, actor, process: Process, **fields) -> Phase:
    _require_manage(actor, process)
    phase = Phase(process=process, **{k: v for k, v in fields.items() if k in PHASE_FIELDS})
    _check_phase_dates(process, phase)
    phase.full_clean()
    phase.save()
    audit.record(actor, "processes.add_phase", phase, process=process.slug, title=phase.title)
    return phase


@transaction.atomic
def update_phase(*, actor, phase: Phase, **fields) -> Phase:
    _require_manage(actor, phase.process)
    for name in PHASE_FIELDS:
        if name in fields:
            setattr(phase, name, fields[name])
    _check_phase_dates(phase.process, phase)
    phase.full_clean()
    phase.save()
    audit.record(actor, "processes.update_phase", phase, process=phase.process.slug)
    return phase


@transaction.atomic
def delete_phase(*, actor, phase: Phase) -> None:
    _require_manage(actor, phase.process)
    audit.record(
        actor, "processes.delete_phase", phase, process=phase.process.slug, title=phase.title
    )
    phase.delete()


@transaction.atomic
def add_theme(*, actor, process: Process, name: str, description: str = "") -> Theme:
    _require_manage(actor, process)
    slug = _unique_slug(Theme, name, process=process)
    position = process.themes.count()
    theme = Theme.objects.create(
        process=process, name=name, slug=slug, description=description, position=position
    )
    audit.record(actor, "processes.add_theme", theme, process=process.slug, name=name)
    return theme


@transaction.atomic
def delete_theme(*, actor, theme: Theme) -> None:
    _require_manage(actor, theme.process)
    audit.record(
        actor, "processes.delete_theme", theme, process=theme.process.slug, name=theme.name
    )
    theme.delete()


TERRITORY_FIELDS = ("name", "description", "contact_email", "dpo_email", "public_names")


@transaction.atomic
def update_territory(*, actor, territory, **fields):
    """Administrators set the territory's identity and the public figures kept in texts."""
    if not has_role(actor, territory, Role.ADMINISTRATOR):
        raise PermissionDenied(_("Seuls les administrateurs modifient les réglages du territoire."))
    changed = [
        name
        for name in TERRITORY_FIELDS
        if name in fields and getattr(territory, name) != fields[name]
    ]
    for name in changed:
        setattr(territory, name, fields[name])
    territory.full_clean()
    territory.save()
    audit.record(actor, "core.update_territory", territory, fields=changed)
    if "public_names" in changed:
        transaction.on_commit(forget_cached_scrubber)
    return territory
