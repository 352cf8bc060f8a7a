"""The audit log's words for building, answering and entering questionnaires."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted

from .models import PaperAnswersImport, Question, Questionnaire, Response, Section


def _questionnaires(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Questionnaire.objects.filter(pk__in=list(ids)).select_related("process")
    return {str(item.pk): (quoted(item.title), item.get_absolute_url()) for item in found}


def _sections(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(item.pk): (quoted(item.title), "") for item in Section.objects.filter(pk__in=list(ids))
    }


def _questions(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Question.objects.filter(pk__in=list(ids)).select_related("current_version")
    return {str(item.pk): (quoted(item.wording), "") for item in found}


def _responses(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Response.objects.filter(pk__in=list(ids))
    return {str(item.pk): (str(_("n° %(id)s") % {"id": item.pk}), "") for item in found}


def _imports(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = PaperAnswersImport.objects.filter(pk__in=list(ids))
    return {str(item.pk): (quoted(item.file_name), "") for item in found}


LABELS = {
    "questionnaires.create": AuditLabel(
        _("Créer un questionnaire"), _("%(actor)s a créé le questionnaire %(target)s.")
    ),
    "questionnaires.update": AuditLabel(
        _("Modifier un questionnaire"), _("%(actor)s a modifié le questionnaire %(target)s.")
    ),
    "questionnaires.add_section": AuditLabel(
        _("Ajouter une partie à un questionnaire"), _("%(actor)s a ajouté la partie %(target)s.")
    ),
    "questionnaires.update_section": AuditLabel(
        _("Modifier une partie de questionnaire"), _("%(actor)s a modifié la partie %(target)s.")
    ),
    "questionnaires.move_section": AuditLabel(
        _("Déplacer une partie de questionnaire"), _("%(actor)s a déplacé la partie %(target)s.")
    ),
    "questionnaires.delete_section": AuditLabel(
        _("Supprimer une partie de questionnaire"),
        _("%(actor)s a supprimé la partie « %(title)s »."),
    ),
    "questionnaires.add_question": AuditLabel(
        _("Ajouter une question"), _("%(actor)s a ajouté la question %(target)s.")
    ),
    "questionnaires.update_question": AuditLabel(
        _("Modifier une question"),
        _("%(actor)s a modifié la question %(target)s (version %(version)s)."),
    ),
    "questionnaires.move_question": AuditLabel(
        _("Déplacer une question"), _("%(actor)s a déplacé la question %(target)s.")
    ),
    "questionnaires.delete_question": AuditLabel(
        _("Supprimer une question"), _("%(actor)s a supprimé la question « %(wording)s ».")
    ),
    "questionnaires.publish_results": AuditLabel(
        _("Publier les résultats d'un questionnaire"),
        _("%(actor)s a publié les résultats du questionnaire %(target)s."),
    ),
    "questionnaires.unpublish_results": AuditLabel(
        _("Retirer les résultats d'un questionnaire"),
        _("%(actor)s a retiré la page de résultats du questionnaire %(target)s."),
    ),
    "questionnaires.generate_codes": AuditLabel(
        _("Créer des codes à usage unique"),
        _("%(actor)s a créé %(count)s code(s) à usage unique pour le questionnaire %(target)s."),
    ),
    "questionnaires.start_response": AuditLabel(
        _("Commencer un questionnaire"), _("%(actor)s a commencé la réponse %(target)s.")
    ),
    "questionnaires.submit_response": AuditLabel(
        _("Envoyer ses réponses à un questionnaire"),
        _("%(actor)s a envoyé la réponse %(target)s."),
    ),
    "questionnaires.change_response": AuditLabel(
        _("Modifier ses réponses à un questionnaire"),
        _("%(actor)s a modifié la réponse %(target)s."),
    ),
    "questionnaires.enter_paper_answers": AuditLabel(
        _("Saisir une réponse papier"),
        _("%(actor)s a saisi la réponse papier %(target)s pour une autre personne."),
    ),
    "questionnaires.withdraw_on_request": AuditLabel(
        _("Retirer une réponse papier à la demande de la personne (reçu)"),
        _("%(actor)s a retiré la réponse papier %(target)s (demande %(request)s)."),
    ),
    "questionnaires.import_paper_answers": AuditLabel(
        _("Importer des réponses papier"),
        _("%(actor)s a importé %(rows)s réponse(s) papier du fichier %(target)s."),
    ),
    "questionnaires.print_copies": AuditLabel(
        _("Imprimer des formulaires papier numérotés"),
        _("%(actor)s a imprimé les exemplaires %(first)s à %(last)s du questionnaire %(target)s."),
    ),
    "questionnaires.correct_answer": AuditLabel(
        _("Corriger une réponse envoyée"),
        _("%(actor)s a corrigé la réponse %(target)s (question %(number)s)."),
    ),
    "questionnaires.download_file": AuditLabel(
        _("Télécharger un fichier joint à une réponse"),
        _("%(actor)s a téléchargé un fichier joint à la réponse %(target)s."),
    ),
    "questionnaires.export_answers": AuditLabel(
        _("Exporter les réponses à un questionnaire"),
        _("%(actor)s a exporté les réponses du questionnaire %(target)s (%(format)s)."),
    ),
}

TARGETS = {
    "questionnaires.questionnaire": Target(_("questionnaire"), _questionnaires),
    "questionnaires.section": Target(_("partie de questionnaire"), _sections),
    "questionnaires.question": Target(_("question"), _questions),
    "questionnaires.response": Target(_("réponse au questionnaire"), _responses),
    "questionnaires.paperanswersimport": Target(_("import de réponses papier"), _imports),
}
