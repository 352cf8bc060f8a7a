"""The audit log's words for participatory budgets."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.budgets.models import Budget, Project
from parlons.core.audit_labels import AuditLabel, Target, quoted


def _budgets(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Budget.objects.filter(pk__in=list(ids)).select_related("process")
    return {
        str(b.pk): (quoted(b.process.title), reverse("budgets:projects", args=[b.process.slug]))
        for b in found
    }


def _projects(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Project.objects.filter(pk__in=list(ids)).select_related("budget__process")
    return {
        str(p.pk): (quoted(str(p)), reverse("budgets:projects", args=[p.budget.process.slug]))
        for p in found
    }


LABELS = {
    "budgets.create": AuditLabel(
        _("Créer un budget participatif"),
        _("%(actor)s a créé le budget participatif de la démarche %(target)s."),
    ),
    "budgets.update": AuditLabel(
        _("Modifier un budget participatif"),
        _("%(actor)s a modifié le budget participatif de la démarche %(target)s (%(fields)s)."),
    ),
    "budgets.set_districts": AuditLabel(
        _("Fixer les quartiers d'un budget"),
        _("%(actor)s a fixé les quartiers du budget participatif de la démarche %(target)s."),
    ),
    "budgets.submit_project": AuditLabel(
        _("Déposer un projet"), _("%(actor)s a déposé le projet %(target)s.")
    ),
    "budgets.add_project": AuditLabel(
        _("Ajouter un projet"), _("%(actor)s a ajouté le projet %(target)s.")
    ),
    "budgets.review_project": AuditLabel(
        _("Étudier la faisabilité d'un projet"),
        _("%(actor)s a donné l'avis de faisabilité du projet %(target)s."),
    ),
    "budgets.convert_proposals": AuditLabel(
        _("Convertir des propositions en projets"),
        _(
            "%(actor)s a converti %(created)s proposition(s) acceptée(s) en projets du budget "
            "de la démarche %(target)s."
        ),
    ),
    "budgets.vote": AuditLabel(
        _("Voter au budget participatif"),
        _("%(actor)s a voté au budget participatif de la démarche %(target)s."),
    ),
    "budgets.enter_paper_ballot": AuditLabel(
        _("Saisir un bulletin papier"),
        _(
            "%(actor)s a saisi le bulletin papier n° %(number)s du budget participatif de la "
            "démarche %(target)s."
        ),
    ),
    "budgets.check_paper_ballot": AuditLabel(
        _("Vérifier un bulletin papier"),
        _(
            "%(actor)s a vérifié sur le papier le bulletin papier n° %(number)s du budget "
            "participatif de la démarche %(target)s."
        ),
    ),
    "budgets.flag_paper_ballot": AuditLabel(
        _("Signaler un écart sur un bulletin papier"),
        _(
            "%(actor)s a signalé un écart entre la saisie et le bulletin papier n° %(number)s "
            "du budget participatif de la démarche %(target)s : %(reason)s"
        ),
    ),
    "budgets.correct_paper_ballot": AuditLabel(
        _("Corriger la saisie d'un bulletin papier"),
        _(
            "%(actor)s a corrigé la saisie du bulletin papier n° %(number)s du budget "
            "participatif de la démarche %(target)s."
        ),
    ),
    "budgets.import_census": AuditLabel(
        _("Importer la liste des résidents"),
        _(
            "%(actor)s a importé une liste de %(residents)s résident(s) pour le budget "
            "participatif de la démarche %(target)s."
        ),
    ),
    "budgets.request_count": AuditLabel(
        _("Demander le décompte d'un budget"),
        _("%(actor)s a demandé le décompte du budget participatif de la démarche %(target)s."),
    ),
    "budgets.count": AuditLabel(
        _("Décompter un budget"),
        _(
            "%(actor)s a décompté %(ballots)s bulletin(s) du budget participatif de la "
            "démarche %(target)s."
        ),
        automatic=True,
    ),
    "budgets.publish_results": AuditLabel(
        _("Publier les résultats d'un budget"),
        _("%(actor)s a publié les résultats du budget participatif de la démarche %(target)s."),
    ),
    "budgets.import_pabulib": AuditLabel(
        _("Importer un fichier pabulib"),
        _(
            "%(actor)s a importé un fichier pabulib de %(ballots)s bulletin(s) dans la "
            "démarche %(target)s."
        ),
    ),
}

TARGETS = {
    "budgets.budget": Target(_("budget participatif"), _budgets),
    "budgets.project": Target(_("projet"), _projects),
}
