"""The audit log's words for contributions, their moderation and official answers."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.debates.models import Contribution, OfficialAnswer, PaperImport, Report
from parlons.debates.templatetags.debates import excerpt


def _named(contribution: Contribution) -> tuple[str, str]:
    # The published copy: personal data in the text stays masked here as on the public page.
    text = excerpt(contribution.public_title or contribution.public_body, 80)
    shown = quoted(text) if text else str(_("n° %(id)s") % {"id": contribution.pk})
    return shown, contribution.get_absolute_url()


def _contributions(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Contribution.objects.filter(pk__in=list(ids)).select_related("process")
    return {str(c.pk): _named(c) for c in found}


def _of_contribution(model) -> object:
    def describe(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        found = model.objects.filter(pk__in=list(ids)).select_related("contribution__process")
        return {str(item.pk): _named(item.contribution) for item in found}

    return describe


def _paper_imports(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = PaperImport.objects.filter(pk__in=list(ids))
    return {str(item.pk): (quoted(item.file_name), "") for item in found}


LABELS = {
    "debates.submit": AuditLabel(
        _("Déposer une contribution"), _("%(actor)s a déposé la contribution %(target)s.")
    ),
    "debates.submit_on_behalf": AuditLabel(
        _("Saisir une contribution pour quelqu'un"),
        _("%(actor)s a saisi la contribution %(target)s pour une autre personne."),
    ),
    "debates.reply": AuditLabel(
        _("Répondre à une contribution"), _("%(actor)s a répondu : %(target)s.")
    ),
    "debates.release": AuditLabel(
        _("Publier une contribution mise de côté"),
        _("%(actor)s a publié la contribution mise de côté %(target)s."),
    ),
    "debates.edit": AuditLabel(
        _("Modifier une contribution"), _("%(actor)s a modifié la contribution %(target)s.")
    ),
    "debates.withdraw": AuditLabel(
        _("Retirer une contribution"), _("%(actor)s a retiré sa contribution %(target)s.")
    ),
    "debates.withdraw_on_request": AuditLabel(
        _("Retirer une contribution à la demande de la personne (reçu)"),
        _("%(actor)s a retiré la contribution %(target)s (demande %(request)s)."),
    ),
    "debates.react": AuditLabel(
        _("Réagir à une contribution"), _("%(actor)s a réagi à la contribution %(target)s.")
    ),
    "debates.react_remove": AuditLabel(
        _("Retirer sa réaction"),
        _("%(actor)s a retiré sa réaction à la contribution %(target)s."),
    ),
    "debates.report": AuditLabel(
        _("Signaler une contribution"), _("%(actor)s a signalé la contribution %(target)s.")
    ),
    "debates.hide": AuditLabel(
        _("Masquer une contribution"),
        _("%(actor)s a masqué la contribution %(target)s (motif : %(reason)s)."),
    ),
    "debates.restore": AuditLabel(
        _("Rétablir une contribution masquée"),
        _("%(actor)s a rétabli la contribution %(target)s."),
    ),
    "debates.dismiss_reports": AuditLabel(
        _("Classer les signalements"),
        _("%(actor)s a classé %(reports_closed)s signalement(s) de la contribution %(target)s."),
    ),
    "debates.answer": AuditLabel(
        _("Répondre officiellement"),
        _("%(actor)s a répondu officiellement à la contribution %(target)s."),
    ),
    "debates.import": AuditLabel(
        _("Importer des contributions d'une autre plateforme"),
        _(
            "%(actor)s a importé %(rows)s contribution(s) ou réponse(s) de %(origin)s dans %(target)s."
        ),
    ),
    "debates.import_paper_forms": AuditLabel(
        _("Importer des formulaires papier"),
        _("%(actor)s a importé %(rows)s formulaire(s) papier du fichier %(target)s."),
    ),
}

TARGETS = {
    "debates.contribution": Target(_("contribution"), _contributions),
    "debates.report": Target(_("signalement"), _of_contribution(Report)),
    "debates.officialanswer": Target(_("réponse officielle"), _of_contribution(OfficialAnswer)),
    "debates.paperimport": Target(_("import papier"), _paper_imports),
}
