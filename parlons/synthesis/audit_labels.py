"""The audit log's words for analyses, decisions on themes and the synthesis."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.synthesis.models import Analysis, AnalysisTheme, Report


def _analyses(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Analysis.objects.filter(pk__in=list(ids)).select_related("process")
    return {
        str(a.pk): (
            f"{a.get_kind_display()} n° {a.pk}",
            reverse("synthesis:analysis", kwargs={"slug": a.process.slug, "pk": a.pk}),
        )
        for a in found
    }


def _themes(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = AnalysisTheme.objects.filter(pk__in=list(ids)).select_related("analysis__process")
    return {
        str(t.pk): (
            quoted(t.name),
            reverse(
                "synthesis:analysis",
                kwargs={"slug": t.analysis.process.slug, "pk": t.analysis_id},
            )
            + f"#theme-{t.number}",
        )
        for t in found
    }


def _reports(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Report.objects.filter(pk__in=list(ids)).select_related("process")
    return {
        str(r.pk): (quoted(r.title), reverse("synthesis:public", kwargs={"slug": r.process.slug}))
        for r in found
    }


LABELS = {
    "synthesis.start_analysis": AuditLabel(
        _("Lancer une analyse"), _("%(actor)s a lancé l'analyse %(target)s.")
    ),
    "synthesis.rename_theme": AuditLabel(
        _("Renommer un thème"),
        _("%(actor)s a renommé le thème %(target)s (avant : « %(before)s »)."),
    ),
    "synthesis.validate_theme": AuditLabel(
        _("Valider un thème"), _("%(actor)s a validé le thème %(target)s.")
    ),
    "synthesis.merge_themes": AuditLabel(
        _("Fusionner deux thèmes"),
        _("%(actor)s a fusionné le thème « %(merged)s » dans le thème %(target)s."),
    ),
    "synthesis.split_theme": AuditLabel(
        _("Couper un thème en deux"),
        _(
            "%(actor)s a coupé le thème « %(theme)s » en deux : %(moved)s contributions "
            "forment le thème n° %(new_theme)s (%(target)s)."
        ),
    ),
    "synthesis.move_text": AuditLabel(
        _("Déplacer une contribution d'un thème à un autre"),
        _("%(actor)s a déplacé la contribution %(ref)s vers le thème « %(to)s » (%(target)s)."),
    ),
    "synthesis.mark_campaign": AuditLabel(
        _("Marquer une campagne"),
        _(
            "%(actor)s a marqué le groupe de quasi-doublons n° %(group)s (campagne : %(campaign)s) dans %(target)s."
        ),
    ),
    "synthesis.create_report": AuditLabel(
        _("Commencer une synthèse"), _("%(actor)s a commencé la synthèse %(target)s.")
    ),
    "synthesis.update_report": AuditLabel(
        _("Modifier une synthèse"), _("%(actor)s a modifié la synthèse %(target)s (%(fields)s).")
    ),
    "synthesis.add_section": AuditLabel(
        _("Ajouter une partie à une synthèse"),
        _("%(actor)s a ajouté la partie « %(section)s » à la synthèse %(target)s."),
    ),
    "synthesis.update_section": AuditLabel(
        _("Modifier une partie de synthèse"),
        _("%(actor)s a modifié une partie de synthèse (%(fields)s)."),
    ),
    "synthesis.delete_section": AuditLabel(
        _("Supprimer une partie de synthèse"),
        _("%(actor)s a supprimé la partie « %(section)s » de la synthèse %(target)s."),
    ),
    "synthesis.publish_report": AuditLabel(
        _("Publier une synthèse"),
        _("%(actor)s a publié la synthèse %(target)s, validée par %(signed_by)s."),
    ),
    "synthesis.unpublish_report": AuditLabel(
        _("Retirer une synthèse"), _("%(actor)s a retiré la publication de la synthèse %(target)s.")
    ),
}

TARGETS = {
    "synthesis.analysis": Target(_("analyse"), _analyses),
    "synthesis.analysistheme": Target(_("thème"), _themes),
    "synthesis.report": Target(_("synthèse"), _reports),
}
