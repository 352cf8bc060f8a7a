"""The audit log's words for the library of initiatives."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.initiatives.models import Category, Initiative, InventoryMapping


def _initiatives(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(i.pk): (quoted(i.title), reverse("initiatives:edit", kwargs={"initiative_id": i.pk}))
        for i in Initiative.objects.filter(pk__in=list(ids)).only("pk", "title")
    }


def _categories(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(c.pk): (
            quoted(c.name),
            reverse("initiatives:edit_category", kwargs={"category_id": c.pk}),
        )
        for c in Category.objects.filter(pk__in=list(ids))
    }


def _mappings(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(m.pk): (
            quoted(m.source_label),
            reverse("initiatives:inventory", kwargs={"source": m.source}),
        )
        for m in InventoryMapping.objects.filter(pk__in=list(ids))
    }


LABELS = {
    "initiatives.create": AuditLabel(
        _("Ajouter une initiative"), _("%(actor)s a ajouté l'initiative %(target)s.")
    ),
    "initiatives.update": AuditLabel(
        _("Modifier une initiative"),
        _("%(actor)s a modifié l'initiative %(target)s (%(fields)s)."),
    ),
    "initiatives.publish": AuditLabel(
        _("Publier une initiative"), _("%(actor)s a publié l'initiative %(target)s.")
    ),
    "initiatives.unpublish": AuditLabel(
        _("Retirer une initiative"),
        _("%(actor)s a retiré l'initiative %(target)s de la bibliothèque."),
    ),
    "initiatives.delete": AuditLabel(
        _("Supprimer une initiative"), _("%(actor)s a supprimé l'initiative « %(title)s ».")
    ),
    "initiatives.create_category": AuditLabel(
        _("Ajouter une catégorie d'initiatives"),
        _("%(actor)s a ajouté la catégorie %(target)s."),
    ),
    "initiatives.update_category": AuditLabel(
        _("Modifier une catégorie d'initiatives"),
        _("%(actor)s a modifié la catégorie %(target)s (%(fields)s)."),
    ),
    "initiatives.map_inventory": AuditLabel(
        _("Faire d'un questionnaire un inventaire"),
        _("%(actor)s a choisi les questions de l'inventaire %(target)s."),
    ),
    "initiatives.drafts_from_inventory": AuditLabel(
        _("Créer des brouillons depuis un inventaire"),
        _("%(actor)s a créé %(count)s brouillon(s) d'initiative depuis l'inventaire %(target)s."),
    ),
    "initiatives.import_places": AuditLabel(
        _("Importer des lieux de médiation numérique"),
        _(
            "%(actor)s a importé le fichier des lieux de médiation numérique « %(file)s » "
            "(%(created)s créé(s), %(updated)s mis à jour)."
        ),
    ),
}

TARGETS = {
    "initiatives.initiative": Target(_("initiative"), _initiatives),
    "initiatives.category": Target(_("catégorie d'initiatives"), _categories),
    "initiatives.inventorymapping": Target(_("inventaire"), _mappings),
}
