"""Every write to the library of initiatives: checked, in one transaction, audited."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from parlons.core import audit
from parlons.core.csv_import import ImportRejected, normalise
from parlons.core.models import Territory
from parlons.initiatives.models import (
    LINKS_MAX,
    SUMMARY_MAX_LENGTH,
    Category,
    Initiative,
    InventoryMapping,
    MediationPlace,
)
from parlons.initiatives.places import initiative_fields, read_places
from parlons.initiatives.rules import can_manage_initiatives
from parlons.initiatives.search import search_text_of
from parlons.processes import inventories

# The categories a new library starts with; staff rename, reorder or add to them.
DEFAULT_CATEGORIES = (
    "Intelligence artificielle",
    "Médiation numérique",
    "Données ouvertes",
    "Tiers-lieu",
    "Mobilité",
    "Éducation",
    "Santé",
    "Environnement",
)
MEDIATION_CATEGORY = "Médiation numérique"


def refresh_search_text(initiative: Initiative) -> None:
    names = list(initiative.categories.values_list("name", flat=True))
    text = search_text_of(initiative, names)
    if text != initiative.search_text:
        initiative.search_text = text
        Initiative.objects.filter(pk=initiative.pk).update(search_text=text)


def _consent(initiative: Initiative, consent: bool | None, name: str | None = None) -> None:
    """The contact person's name is published only with their recorded consent."""
    name = initiative.contact_name if name is None else name
    if not name.strip():
        initiative.contact_consent_at = None
    elif consent and initiative.contact_consent_at is None:
        initiative.contact_consent_at = timezone.now()
    elif consent is False:
        initiative.contact_consent_at = None


@transaction.atomic
def create_initiative(
    *,
    actor,
    territory: Territory,
    categories: Iterable[Category] = (),
    contact_consent: bool = False,
    publish: bool = False,
    source: str = "direct",  # Initiative.Source.DIRECT
    source_key: str = "",
    by_command: bool = False,
    **fields: Any,
) -> Initiative:
    """A new initiative, a draft unless `publish`. `by_command`: the server's command line."""
    if not by_command:
        can_manage_initiatives.require(actor, territory)
    initiative = Initiative(
        territory=territory,
        source=source,
        source_key=source_key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: value for name, value in fields.items() if name in Initiative.EDITABLE_FIELDS},
    )
    _consent(initiative, contact_consent)
    if publish:
        initiative.published_at = timezone.now()
    initiative.full_clean(exclude=["categories"])
    initiative.save()
    initiative.categories.set(list(categories))
    refresh_search_text(initiative)
    audit.record(
        actor,
        "initiatives.create",
        initiative,
        title=initiative.title,
        published=publish,
        source=source,
    )
    return initiative


@transaction.atomic
def update_initiative(
    *,
    actor,
    initiative: Initiative,
    categories: Iterable[Category] | None = None,
    contact_consent: bool | None = None,
    by_command: bool = False,
    **fields: Any,
) -> list[str]:
    if not by_command:
        can_manage_initiatives.require(actor, initiative.territory)
    before = set(initiative.categories.values_list("pk", flat=True))
    wanted = None if categories is None else {category.pk for category in categories}

    _consent(initiative, contact_consent, fields.get("contact_name"))
    changed = audit.save_changes(
        actor,
        initiative,
        fields,
        Initiative.EDITABLE_FIELDS,
        "initiatives.update",
        audit_unchanged=False,
    )
    if wanted is not None and wanted != before:
        initiative.categories.set(list(wanted))
        changed.append("categories")
        audit.record(actor, "initiatives.update", initiative, fields=["categories"])
    refresh_search_text(initiative)
    return changed


@transaction.atomic
def publish_initiative(*, actor, initiative: Initiative) -> None:
    can_manage_initiatives.require(actor, initiative.territory)
    if initiative.published_at is None:
        initiative.published_at = timezone.now()
        initiative.save(update_fields=["published_at", "updated_at"])
        audit.record(actor, "initiatives.publish", initiative)


@transaction.atomic
def unpublish_initiative(*, actor, initiative: Initiative) -> None:
    can_manage_initiatives.require(actor, initiative.territory)
    if initiative.published_at is not None:
        initiative.published_at = None
        initiative.save(update_fields=["published_at", "updated_at"])
        audit.record(actor, "initiatives.unpublish", initiative)


@transaction.atomic
def delete_initiative(*, actor, initiative: Initiative) -> None:
    can_manage_initiatives.require(actor, initiative.territory)
    audit.record(actor, "initiatives.delete", initiative, title=initiative.title)
    initiative.delete()


def ensure_default_categories(territory: Territory) -> list[Category]:
    """The starting list, created once (no audit: an installation step, like the communes)."""
    existing = {category.slug: category for category in territory.initiative_categories.all()}
    made = []
    for position, name in enumerate(DEFAULT_CATEGORIES):
        slug = slugify(name)
        if slug not in existing:
            existing[slug] = Category.objects.create(
                territory=territory, name=name, slug=slug, position=position
            )
            made.append(existing[slug])
    return made


@transaction.atomic
def create_category(*, actor, territory: Territory, name: str, position: int = 0) -> Category:
    can_manage_initiatives.require(actor, territory)
    category = Category(territory=territory, name=name.strip(), position=position)
    category.slug = slugify(category.name)[:100] or "categorie"
    category.full_clean()
    category.save()
    audit.record(actor, "initiatives.create_category", category, name=category.name)
    return category


@transaction.atomic
def update_category(*, actor, category: Category, **fields: Any) -> list[str]:
    can_manage_initiatives.require(actor, category.territory)
    changed = audit.save_changes(
        actor, category, fields, Category.EDITABLE_FIELDS, "initiatives.update_category"
    )
    if "name" in changed:
        for initiative in category.initiatives.all():
            refresh_search_text(initiative)
    return changed


def mediation_category(territory: Territory) -> Category:
    """The category of places of digital mediation (created when missing)."""
    slug = slugify(MEDIATION_CATEGORY)
    category, _created = Category.objects.get_or_create(
        territory=territory, slug=slug, defaults={"name": MEDIATION_CATEGORY, "position": 1}
    )
    return category


# Questionnaires used as inventories (parlons.processes.inventories).

TO_COMPLETE = "À compléter"


@transaction.atomic
def map_inventory(
    *, actor, territory: Territory, source, fields: dict[str, str], category: Category | None
) -> InventoryMapping:
    """Mark a questionnaire as an inventory, and say which question fills which field."""
    can_manage_initiatives.require(actor, territory)
    mapping, created = InventoryMapping.objects.update_or_create(
        territory=territory,
        source=source.key,
        defaults={"source_label": source.title, "fields": fields, "category": category},
    )
    audit.record(
        actor,
        "initiatives.map_inventory",
        mapping,
        source=source.title,
        fields=sorted(fields),
        created=created,
    )
    return mapping


def _choice(answer: str, choices, default: str) -> str:
    said = normalise(answer)
    if not said:
        return default
    for value, label in choices:
        if normalise(str(label)).startswith(said) or said.startswith(normalise(str(label))):
            return value
        if normalise(value) == said:
            return value
    return default


def _organisation_kind(answer: str) -> str:
    said = normalise(answer)
    if "assoc" in said:
        return str(Initiative.OrganisationKind.ASSOCIATION)
    if "entreprise" in said or "societe" in said:
        return str(Initiative.OrganisationKind.COMPANY)
    return str(Initiative.OrganisationKind.PUBLIC)


def fields_from_answer(
    mapping: InventoryMapping, values: dict[str, str], communes: dict, categories: dict
) -> tuple[dict[str, Any], list[Category]]:
    """An answer in words, as the fields of a draft initiative; what does not fit is left out."""

    def said(name: str) -> str:
        return (values.get(mapping.fields.get(name, ""), "") or "").strip()

    fields: dict[str, Any] = {
        "title": said("title")[: Initiative._meta.get_field("title").max_length] or TO_COMPLETE,
        "summary": said("summary")[:SUMMARY_MAX_LENGTH] or TO_COMPLETE,
        "description": said("description"),
        "organisation": said("organisation")[:200] or TO_COMPLETE,
        # Without a question on it, the organisation's name often says it ("Association …").
        "organisation_kind": _organisation_kind(said("organisation_kind") or said("organisation")),
        "status": _choice(said("status"), Initiative.Status.choices, str(Initiative.Status.IDEA)),
        "commune": communes.get(normalise(said("commune"))),
        "contact_phone": said("contact_phone")[:30],
    }
    email = said("contact_email")
    try:
        validate_email(email)
        fields["contact_email"] = email
    except ValidationError:
        pass
    links = [word for word in said("links").replace("|", " ").split() if word.startswith("http")]
    fields["links"] = "\n".join(links[:LINKS_MAX])
    chosen = [
        categories[normalise(part)]
        for part in said("categories").split("|")
        if normalise(part) in categories
    ]
    if mapping.category is not None and mapping.category not in chosen:
        chosen.append(mapping.category)
    return fields, chosen


@transaction.atomic
def drafts_from_inventory(*, actor, mapping: InventoryMapping) -> int:
    """A draft initiative for each answer not turned into one yet; staff review and publish."""
    territory = mapping.territory
    can_manage_initiatives.require(actor, territory)
    done = set(
        Initiative.objects.filter(territory=territory)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    communes = {normalise(commune.name): commune for commune in territory.communes.all()}
    categories = {normalise(c.name): c for c in Category.objects.filter(territory=territory)}
    created = 0
    for answer in inventories.answers_of(mapping.source):
        if answer.key in done:
            continue
        fields, chosen = fields_from_answer(mapping, answer.values, communes, categories)
        initiative = Initiative(
            territory=territory,
            source=Initiative.Source.INVENTORY,
            source_key=answer.key,
            created_by=actor,
            **fields,
        )
        try:
            initiative.full_clean()
        except ValidationError as error:
            # A bad cell (a link, a date) is left for staff to fill, not a lost answer.
            for name in error.message_dict:
                if name in ("title", "summary", "organisation"):
                    setattr(initiative, name, TO_COMPLETE)
                elif name in Initiative.EDITABLE_FIELDS:
                    default = Initiative._meta.get_field(name).get_default()
                    setattr(initiative, name, default)
            initiative.full_clean()
        initiative.save()
        initiative.categories.set(chosen)
        refresh_search_text(initiative)
        created += 1
    audit.record(
        actor,
        "initiatives.drafts_from_inventory",
        mapping,
        source=mapping.source_label,
        count=created,
    )
    return created


# Places of digital mediation (parlons.initiatives.places).


@dataclass
class PlacesImport:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # rows left out (with --valid-rows-only)


@transaction.atomic
def import_places(
    *,
    actor,
    territory: Territory,
    content: bytes,
    file_name: str = "",
    valid_rows_only: bool = False,
    draft: bool = False,
    by_command: bool = False,
) -> PlacesImport:
    """Import a file of the national standard; with any bad cell, nothing unless `valid_rows_only`.

    New places are published at once (the file is the territory's own data) unless
    `draft`; a place already imported (same `id`) is updated and keeps its publication.
    """
    if not by_command:
        can_manage_initiatives.require(actor, territory)
    read = read_places(content)
    if read.errors and not valid_rows_only:
        raise ImportRejected(read.errors)
    category = mediation_category(territory)
    communes: dict = {}
    for commune in territory.communes.all():
        communes[normalise(commune.name)] = commune
        if commune.insee_code:
            communes[commune.insee_code] = commune
    existing = {
        place.standard_id: place
        for place in MediationPlace.objects.filter(
            initiative__territory=territory,
            standard_id__in=[row.values["id"] for row in read.rows],
        ).select_related("initiative")
    }
    report = PlacesImport(errors=read.errors)
    now = timezone.now()
    for row in read.rows:
        fields = initiative_fields(row.values, communes)
        columns = {name: value for name, value in row.values.items() if name != "id" and value}
        place = existing.get(row.values["id"])
        if place is None:
            initiative = Initiative(
                territory=territory,
                source=Initiative.Source.PLACES_FILE,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                published_at=None if draft else now,
                **fields,
            )
            initiative.full_clean()
            initiative.save()
            initiative.categories.add(category)
            place = MediationPlace.objects.create(
                initiative=initiative,
                standard_id=row.values["id"],
                columns=columns,
                imported_at=now,
            )
            report.created += 1
        else:
            initiative = place.initiative
            for name, value in fields.items():
                setattr(initiative, name, value)
            initiative.full_clean()
            initiative.save()
            initiative.categories.add(category)
            place.columns = columns
            place.imported_at = now
            place.save(update_fields=["columns", "imported_at"])
            report.updated += 1
        refresh_search_text(initiative)
    audit.record(
        actor,
        "initiatives.import_places",
        territory,
        file=file_name,
        created=report.created,
        updated=report.updated,
        left_out=len({error.line for error in report.errors}),
    )
    return report
