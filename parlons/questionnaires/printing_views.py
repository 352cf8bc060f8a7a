"""The page that prints numbered paper copies of a questionnaire (parlons.questionnaires.printing)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from parlons.core.forms import add_service_errors, render_form

from . import printing, services
from .rules import can_enter_paper_answers
from .views import _questionnaire

DEFAULT_COPIES = 20


class PrintForm(forms.Form):
    copies = forms.IntegerField(
        label=_("Nombre d'exemplaires"),
        min_value=1,
        max_value=printing.MAX_COPIES,
        help_text=_("Chaque exemplaire porte son propre numéro sur chaque page."),
    )
    first = forms.IntegerField(
        label=_("Numéroter à partir de (facultatif)"),
        required=False,
        min_value=1,
        max_value=printing.MAX_COPY_NUMBER,
    )


@login_required
@require_http_methods(["GET", "POST"])
def print_form(request, slug, pk):
    """A form for the number of copies; its answer is the PDF, one numbered copy after another."""
    questionnaire = _questionnaire(request, slug, pk)
    can_enter_paper_answers.require(request.user, questionnaire.process)
    form = PrintForm(request.POST or None, initial={"copies": DEFAULT_COPIES})
    form.fields["first"].help_text = _(
        "Laissez vide pour continuer après le dernier exemplaire imprimé (%(last)s). "
        "Indiquez un numéro pour réimprimer des exemplaires perdus."
    ) % {
        "last": printing.copy_id(questionnaire.pk, questionnaire.paper_copies_printed)
        if questionnaire.paper_copies_printed
        else _("aucun pour l'instant")
    }
    if request.method == "POST" and form.is_valid():
        count = form.cleaned_data["copies"]
        try:
            first, document = printing.print_copies(
                actor=request.user,
                questionnaire=questionnaire,
                count=count,
                first=form.cleaned_data["first"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = HttpResponse(document, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="questionnaire-{questionnaire.pk}-exemplaires-'
                f'{first:04d}-{first + count - 1:04d}.pdf"'
            )
            return response
    return render_form(
        request,
        "questionnaires/print.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "form": form,
            "question_count": len(services.questions_for(questionnaire)),
            "next_copy": printing.copy_id(questionnaire.pk, questionnaire.paper_copies_printed + 1),
        },
    )
