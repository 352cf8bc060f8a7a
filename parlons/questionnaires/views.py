"""Pages of the questionnaires: answering (one page per part), the staff's builder, paper
entry and import, results and exports. Plain forms, POST then redirect; no JavaScript needed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.forms import add_service_errors, already_sent, form_page, render_form
from parlons.core.markdown import render_markdown
from parlons.core.once import AlreadySent, once
from parlons.core.pagination import paginate
from parlons.privacy.receipts import receipt_url, show_once
from parlons.processes.queries import process_for
from parlons.processes.rules import component_open

from . import files as stored_files
from . import queries, services
from .answering import NO, YES, FormData, accepted_kinds, as_form_data, display
from .components import ANSWER_QUESTIONNAIRE
from .consent import CONSENT_TEXT
from .exports import csv_rows, public_results_rows, xlsx_file
from .forms import CodesForm, ImportForm, QuestionForm, QuestionnaireForm, SectionForm
from .models import OTHER, AnswerFile, Question, Questionnaire, Response, Section
from .printing import copy_id
from .rules import (
    can_answer,
    can_change_response,
    can_correct_response,
    can_enter_paper_answers,
    can_manage_questionnaires,
    can_read_results,
)

SESSION_KEY = "questionnaire_responses"


def _questionnaire(request, slug, pk) -> Questionnaire:
    process = process_for(request.user, slug)
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("process"), pk=pk, process=process
    )
    questionnaire.process = process
    return questionnaire


def _managed(request, slug, pk) -> Questionnaire:
    questionnaire = _questionnaire(request, slug, pk)
    can_manage_questionnaires.require(request.user, questionnaire.process)
    return questionnaire


# Answering ------------------------------------------------------------------------------


def for_process(request, slug):
    """The démarche's call to action: its questionnaire, or the list when there are several."""
    process = process_for(request.user, slug)
    found = list(queries.questionnaires_of(process))
    if len(found) == 1:
        return redirect("questionnaires:start", slug=slug, pk=found[0].pk)
    return render(
        request, "questionnaires/list.html", {"process": process, "questionnaires": found}
    )


def _session_response(request, questionnaire: Questionnaire) -> Response | None:
    """The response this visitor continues: their own when signed in, or the one in the session."""
    if request.user.is_authenticated:
        found = Response.objects.filter(
            questionnaire=questionnaire, respondent=request.user
        ).first()
        if found is not None:
            return found
    pk = request.session.get(SESSION_KEY, {}).get(str(questionnaire.pk))
    if pk is None:
        return None
    return Response.objects.filter(
        pk=pk, questionnaire=questionnaire, respondent__isnull=True
    ).first()


def _remember(request, response: Response) -> None:
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[str(response.questionnaire_id)] = response.pk
    request.session[SESSION_KEY] = kept


def _sections(questionnaire: Questionnaire) -> list[Section]:
    return list(questionnaire.sections.order_by("position", "pk"))


@require_http_methods(["GET", "POST"])
def start(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    response = _session_response(request, questionnaire)
    needs_code = questionnaire.access == Questionnaire.Access.CODE
    error = ""
    code = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip()
        try:
            response = services.start_response(
                actor=request.user,
                questionnaire=questionnaire,
                code=code if needs_code else "",
                resume_token=response.resume_token if response else "",
            )
        except ValidationError as refused:
            error = refused.message_dict.get("code", refused.messages)[0]
        except PermissionDenied as refused:
            error = str(refused)
        else:
            _remember(request, response)
            return redirect("questionnaires:section", slug=slug, pk=pk, number=1)
    sections = _sections(questionnaire)
    return render(
        request,
        "questionnaires/start.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "sections": sections,
            "introduction_html": render_markdown(questionnaire.introduction),
            "response": response,
            "needs_code": needs_code,
            "code": code,
            "error": error,
            "open": component_open(questionnaire.process, ANSWER_QUESTIONNAIRE),
            "needs_account": questionnaire.access == Questionnaire.Access.ACCOUNT
            and not can_answer(request.user, questionnaire),
            "can_read_results": can_read_results(request.user, questionnaire),
            "can_change": response is not None and can_change_response(request.user, response),
        },
        status=400 if error else 200,
    )


class _Field:
    """A question as the page shows it: its words, what was typed, its error."""

    def __init__(self, question: Question, data, errors: dict, numbers: dict[int, int]):
        number = numbers[question.pk]
        self.question = question
        self.version = question.current_version
        self.number = number
        name = question.field_name
        self.name = name
        self.error = (errors.get(name) or [""])[0]
        self.value = data.get(name) or ""
        self.values = data.getlist(name)
        self.other = data.get(f"{name}_other") or ""
        self.ranks = [
            (option, data.get(f"{name}_{option['key']}") or "") for option in self.version.choices
        ]
        self.matrix = [(row, data.getlist(f"{name}_{row['key']}")) for row in self.version.rows]
        self.rank_numbers = [str(n) for n in range(1, len(self.version.choices) + 1)]
        self.scale = [str(n) for n in range(1, (question.scale_max or 5) + 1)]
        self.yes_no = [(YES, _("Oui")), (NO, _("Non"))]
        self.OTHER = OTHER
        self.condition_number = numbers.get(question.condition_question_id)
        # A file question: what it accepts; the file kept from earlier (set by the view).
        if question.kind == Question.Kind.FILE:
            self.accept = ",".join(
                sorted(f".{extension}" for extension in _accepted_extensions(question))
            )
            self.kinds = accepted_kinds(question)
            self.max_mb = question.max_file_mb
        self.current_file: AnswerFile | None = None
        self.corrected_at = None


def _accepted_extensions(question: Question) -> set[str]:
    found = stored_files.allowed_extensions(question.file_kinds)
    return found | ({"jpeg"} if "jpg" in found else set())


def _with_answers(fields: list[_Field], response: Response | None) -> list[_Field]:
    """Name the file each question keeps, and the answers the team corrected."""
    if response is None or response.pk is None:
        return fields
    stored = {
        answer.question_id: answer
        for answer in response.answers.select_related("file").only(
            "question_id", "corrected_at", "file__name", "file__size", "file__answer_id"
        )
    }
    for field in fields:
        answer = stored.get(field.question.pk)
        if answer is None:
            continue
        field.corrected_at = answer.corrected_at
        field.current_file = getattr(answer, "file", None)
    return fields


def _fields(questions: list[Question], data, errors: dict, numbers: dict[int, int]) -> list[_Field]:
    return [_Field(question, data, errors, numbers) for question in questions]


def _saved_data(response: Response) -> FormData:
    data = FormData()
    for answer in response.answers.select_related("question"):
        data.update(as_form_data(answer.question, answer.value, answer.text))
    return data


def _next_number(sections: list[Section], shown: list[Question], after: int) -> int | None:
    """The number of the next part with a question to ask, after part `after`."""
    for number, later in enumerate(sections[after:], start=after + 1):
        if any(question.section_id == later.pk for question in shown):
            return number
    return None


@require_http_methods(["GET", "POST"])
def section(request, slug, pk, number):
    questionnaire = _questionnaire(request, slug, pk)
    response = _session_response(request, questionnaire)
    if response is None:
        return redirect("questionnaires:start", slug=slug, pk=pk)
    sections = _sections(questionnaire)
    if not 1 <= number <= len(sections):
        raise Http404(number)
    current = sections[number - 1]
    if not can_change_response(request.user, response):
        messages.info(request, can_change_response.refusal_for(request.user, response))
        return redirect("questionnaires:start", slug=slug, pk=pk)
    questions = services.questions_for(questionnaire)
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    shown = services.visible_questions(questions, services.answers_of(response))
    page = [question for question in shown if question.section_id == current.pk]
    errors: dict = {}
    data = _saved_data(response)
    if request.method == "POST":
        data = request.POST
        try:
            services.save_section(
                actor=request.user,
                response=response,
                section=current,
                data=request.POST,
                files=request.FILES,
            )
        except services.SectionErrors as refused:
            errors = refused.message_dict
        else:
            if "previous" in request.POST and number > 1:
                return redirect("questionnaires:section", slug=slug, pk=pk, number=number - 1)
            shown = services.visible_questions(questions, services.answers_of(response))
            following = _next_number(sections, shown, number)
            if following is None:
                return redirect("questionnaires:review", slug=slug, pk=pk)
            return redirect("questionnaires:section", slug=slug, pk=pk, number=following)
    return render(
        request,
        "questionnaires/section.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "section": current,
            "number": number,
            "count": len(sections),
            "fields": _with_answers(_fields(page, data, errors, numbers), response),
            "errors": errors,
            "response": response,
            "multipart": any(question.kind == Question.Kind.FILE for question in page),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def review(request, slug, pk):
    """Every answer before sending (and after, while they may still be changed)."""
    questionnaire = _questionnaire(request, slug, pk)
    response = _session_response(request, questionnaire)
    if response is None:
        return redirect("questionnaires:start", slug=slug, pk=pk)
    if request.method == "POST":
        try:
            services.submit_response(actor=request.user, response=response)
        except ValidationError as refused:
            sections = _sections(questionnaire)
            target = next(
                (
                    n
                    for n, s in enumerate(sections, 1)
                    if s.pk == (refused.params or {}).get("section")
                ),
                1,
            )
            messages.error(request, refused.messages[0])
            return redirect("questionnaires:section", slug=slug, pk=pk, number=target)
        return redirect("questionnaires:thanks", slug=slug, pk=pk)
    questions = services.questions_for(questionnaire)
    answers = services.answers_of(response)
    shown = services.visible_questions(questions, answers)
    sections = _sections(questionnaire)
    numbers = {s.pk: n for n, s in enumerate(sections, start=1)}
    summary = [
        {
            "question": question,
            "section_number": numbers[question.section_id],
            "answer": display(
                question,
                answers[question.pk].version,
                answers[question.pk].value,
                answers[question.pk].text,
            )
            if question.pk in answers
            else "",
            "corrected": question.pk in answers and answers[question.pk].corrected_at is not None,
        }
        for question in shown
    ]
    return render(
        request,
        "questionnaires/review.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "response": response,
            "summary": summary,
            "can_change": can_change_response(request.user, response),
        },
    )


def thanks(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    response = _session_response(request, questionnaire)
    if response is None or not response.is_submitted:
        return redirect("questionnaires:start", slug=slug, pk=pk)
    return render(
        request,
        "questionnaires/thanks.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "can_change": can_change_response(request.user, response),
        },
    )


def public_results(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    if not questionnaire.results_published:
        raise Http404(pk)
    found = queries.results(questionnaire, public=True)
    return render(
        request,
        "questionnaires/results.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "results": found,
            "total": queries.public_response_count(questionnaire, found),
            "public": True,
        },
    )


def public_results_csv(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    if not questionnaire.results_published:
        raise Http404(pk)
    response = StreamingHttpResponse(
        public_results_rows(questionnaire), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="resultats-{questionnaire.pk}.csv"'
    return response


# Staff: building ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request, slug):
    process = process_for(request.user, slug)
    can_manage_questionnaires.require(request.user, process)
    return form_page(
        request,
        QuestionnaireForm(request.POST or None),
        "questionnaires/staff_list.html",
        {"process": process, "questionnaires": queries.questionnaires_of(process)},
        save=lambda data: services.create_questionnaire(
            actor=request.user, process=process, **data
        ),
        success=_("Questionnaire créé. Ajoutez-lui une première partie."),
        done=lambda questionnaire: redirect("questionnaires:build", slug=slug, pk=questionnaire.pk),
        result_url=lambda questionnaire: reverse(
            "questionnaires:build", args=[slug, questionnaire.pk]
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def build(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    questions = services.questions_for(questionnaire)
    by_section: dict[int, list] = {}
    for number, question in enumerate(questions, start=1):
        by_section.setdefault(question.section_id, []).append((number, question))
    sections = [(s, by_section.get(s.pk, [])) for s in _sections(questionnaire)]
    return form_page(
        request,
        QuestionnaireForm(request.POST or None, instance=questionnaire),
        "questionnaires/build.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "sections": sections,
            "section_form": SectionForm(auto_id="new-section-%s"),
        },
        save=lambda data: services.update_questionnaire(
            actor=request.user, questionnaire=questionnaire, **data
        ),
        success=_("Questionnaire enregistré."),
        done=lambda _changed: redirect("questionnaires:build", slug=slug, pk=pk),
    )


@login_required
@require_POST
def add_section(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.add_section(actor=request.user, questionnaire=questionnaire, **form.cleaned_data)
        messages.success(request, _("Partie ajoutée."))
    else:
        messages.error(request, _("Donnez un titre à la partie."))
    return redirect("questionnaires:build", slug=slug, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, slug, pk, section_id):
    questionnaire = _managed(request, slug, pk)
    current = get_object_or_404(Section, pk=section_id, questionnaire=questionnaire)
    here = redirect("questionnaires:build", slug=slug, pk=pk)
    if request.method == "POST" and request.POST.get("action") in {"up", "down", "delete"}:
        try:
            if request.POST["action"] == "delete":
                services.delete_section(actor=request.user, section=current)
                messages.success(request, _("Partie supprimée."))
            else:
                direction = -1 if request.POST["action"] == "up" else 1
                services.move_section(actor=request.user, section=current, direction=direction)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        return here
    return form_page(
        request,
        SectionForm(request.POST or None, instance=current),
        "questionnaires/section_form.html",
        {"process": questionnaire.process, "questionnaire": questionnaire, "section": current},
        save=lambda data: services.update_section(actor=request.user, section=current, **data),
        success=_("Partie enregistrée."),
        done=lambda _changed: here,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_question(request, slug, pk, section_id, question_id=None):
    questionnaire = _managed(request, slug, pk)
    current = get_object_or_404(Section, pk=section_id, questionnaire=questionnaire)
    question = None
    if question_id is not None:
        question = get_object_or_404(
            Question.objects.select_related("current_version"), pk=question_id, section=current
        )
    if (
        request.method == "POST"
        and question
        and request.POST.get("action") in {"up", "down", "delete"}
    ):
        try:
            if request.POST["action"] == "delete":
                services.delete_question(actor=request.user, question=question)
                messages.success(request, _("Question supprimée."))
            else:
                direction = -1 if request.POST["action"] == "up" else 1
                services.move_question(actor=request.user, question=question, direction=direction)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        return redirect("questionnaires:build", slug=slug, pk=pk)

    def save(data):
        if question is None:
            return services.add_question(actor=request.user, section=current, **data)
        return services.update_question(actor=request.user, question=question, **data)

    return form_page(
        request,
        QuestionForm(request.POST or None, section=current, question=question),
        "questionnaires/question_form.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "section": current,
            "question": question,
            "answered": question is not None and question.answers.exists(),
        },
        save=save,
        success=_("Question enregistrée."),
        done=lambda _question: redirect("questionnaires:build", slug=slug, pk=pk),
    )


@login_required
def preview(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    questions = services.questions_for(questionnaire)
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    parts = [
        (s, _fields([q for q in questions if q.section_id == s.pk], FormData(), {}, numbers))
        for s in _sections(questionnaire)
    ]
    return render(
        request,
        "questionnaires/preview.html",
        {"process": questionnaire.process, "questionnaire": questionnaire, "parts": parts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def codes(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    form = CodesForm(request.POST or None)
    created: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.generate_codes(
                actor=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
    return render_form(
        request,
        "questionnaires/codes.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "form": form,
            "created": created,
            "existing": questionnaire.access_codes.count(),
            "used": questionnaire.responses.filter(access_code__isnull=False).count(),
        },
    )


# Staff: results and exports ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_results(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    if request.method == "POST":
        if request.POST.get("action") == "publish":
            services.publish_results(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Les résultats sont publiés."))
        else:
            services.unpublish_results(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("La page de résultats n'est plus publique."))
        return redirect("questionnaires:staff_results", slug=slug, pk=pk)
    questions = queries.questions_of(questionnaire)
    crossable = [q for q in questions if q.kind in queries.CROSSABLE]
    crossing = None
    first = _pick(crossable, request.GET.get("ligne"))
    second = _pick(crossable, request.GET.get("colonne"))
    if first and second and first != second:
        crossing = queries.cross_tabulation(first, second)
    return render(
        request,
        "questionnaires/staff_results.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "results": queries.results(questionnaire, public=False),
            "crossable": crossable,
            "first": first,
            "second": second,
            "crossing": crossing,
            "public": False,
        },
    )


def _pick(questions: list[Question], raw: str | None) -> Question | None:
    return next((q for q in questions if str(q.pk) == (raw or "")), None)


@login_required
def free_texts(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    questions = [
        q
        for q in queries.questions_of(questionnaire)
        if q.kind in Question.TEXT_KINDS or q.allow_other
    ]
    chosen = _pick(questions, request.GET.get("question"))
    contains = request.GET.get("contient", "").strip()[:100]
    source = request.GET.get("origine", "")
    if source not in Response.Source.values:
        source = ""
    answers = queries.free_text_answers(
        questionnaire, question=chosen, contains=contains, source=source
    )
    return render(
        request,
        "questionnaires/free_texts.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "questions": questions,
            "chosen": chosen,
            "contains": contains,
            "source": source,
            "sources": Response.Source.choices,
            **paginate(request, answers, 50),
        },
    )


@login_required
def export_csv(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    services.record_export(actor=request.user, questionnaire=questionnaire, format="csv")
    response = StreamingHttpResponse(
        csv_rows(questionnaire), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{questionnaire.pk}.csv"'
    return response


@login_required
def export_xlsx(request, slug, pk):
    questionnaire = _managed(request, slug, pk)
    services.record_export(actor=request.user, questionnaire=questionnaire, format="xlsx")
    response = HttpResponse(
        xlsx_file(questionnaire),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="questionnaire-{questionnaire.pk}.xlsx"'
    )
    return response


# Paper and counter ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    can_enter_paper_answers.require(request.user, questionnaire.process)
    questions = services.questions_for(questionnaire)
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    occasions = list(questionnaire.process.occasions.all())
    errors: dict = {}
    data = request.POST if request.method == "POST" else FormData()
    if request.method == "POST":
        occasion = next((o for o in occasions if str(o.pk) == request.POST.get("occasion")), None)
        source = request.POST.get("source")
        if source not in {Response.Source.PAPER, Response.Source.COUNTER}:
            source = Response.Source.PAPER
        here = reverse("questionnaires:paper_entry", args=[slug, pk])
        try:
            response = once(
                request,
                lambda: services.enter_paper_answers(
                    actor=request.user,
                    questionnaire=questionnaire,
                    data=request.POST,
                    consent=request.POST.get("consent") == "on",
                    occasion=occasion,
                    source=source,
                    paper_copy=request.POST.get("paper_copy", ""),
                    files=request.FILES,
                ),
                url=lambda response: receipt_url(response.issued_receipt),
            )
        except AlreadySent as sent:
            return already_sent(request, sent, here)
        except services.SectionErrors as refused:
            errors = refused.message_dict
        else:
            messages.success(
                request,
                _("Réponse papier n° %(number)s enregistrée. Vous pouvez saisir la suivante.")
                % {"number": response.pk},
            )
            issued = getattr(response, "issued_receipt", None)
            if issued is not None:  # the receipt for the person, printed now; code shown once
                show_once(request, issued, back=here)
                return redirect("privacy:receipt_print", pk=issued.receipt.pk)
            return redirect("questionnaires:paper_entry", slug=slug, pk=pk)
    return render(
        request,
        "questionnaires/paper_entry.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "fields": _fields(questions, data, errors, numbers),
            "errors": errors,
            "consent_text": CONSENT_TEXT,
            "consent_error": (errors.get("consent") or [""])[0],
            "occasions": occasions,
            "chosen_occasion": data.get("occasion") or "",
            "chosen_source": data.get("source") or Response.Source.PAPER,
            "consent_checked": data.get("consent") == "on",
            "paper_copy": data.get("paper_copy") or "",
            "paper_copy_error": (errors.get("paper_copy") or [""])[0],
            "example_copy": copy_id(questionnaire.pk, 1),
            "multipart": any(question.kind == Question.Kind.FILE for question in questions),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_import(request, slug, pk):
    questionnaire = _questionnaire(request, slug, pk)
    can_enter_paper_answers.require(request.user, questionnaire.process)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        here = reverse("questionnaires:paper_import", args=[slug, pk])
        try:
            imported = once(
                request,
                lambda: services.import_paper_answers(
                    actor=request.user,
                    questionnaire=questionnaire,
                    file=upload,
                    file_name=upload.name,
                ),
                url=lambda _imported: here,
            )
        except AlreadySent as sent:
            return already_sent(request, sent, here)
        except services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("%(count)s réponses importées depuis « %(file)s ».")
                % {"count": imported.row_count, "file": imported.file_name},
            )
            return redirect("questionnaires:paper_import", slug=slug, pk=pk)
    questions = services.questions_for(questionnaire)
    return render_form(
        request,
        "questionnaires/paper_import.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "form": form,
            "errors": errors,
            "columns": services.import_column_specs(questions),
            "imports": questionnaire.paper_imports.select_related("imported_by")[:10],
        },
        refused=bool(errors),
    )


# Staff: answers one by one, corrections, files ------------------------------------------


def _staff_response(request, slug, pk, response_id) -> tuple[Questionnaire, Response]:
    questionnaire = _questionnaire(request, slug, pk)
    response = get_object_or_404(
        Response.objects.select_related("occasion", "entered_by"),
        pk=response_id,
        questionnaire=questionnaire,
    )
    response.questionnaire = questionnaire
    can_correct_response.require(request.user, response)
    return questionnaire, response


@login_required
def staff_responses(request, slug, pk):
    """The sent responses, newest first: the ones this person may correct."""
    questionnaire = _questionnaire(request, slug, pk)
    process = questionnaire.process
    if not (
        can_manage_questionnaires(request.user, process)
        or can_enter_paper_answers(request.user, process)
    ):
        raise PermissionDenied(can_manage_questionnaires.refusal_for(request.user, process))
    found = queries.correctable_responses(
        questionnaire, all_sources=can_manage_questionnaires(request.user, process)
    )
    source = request.GET.get("origine", "")
    if source in Response.Source.values:
        found = found.filter(source=source)
    else:
        source = ""
    number = request.GET.get("numero", "").strip()
    if number.isdigit():
        found = found.filter(pk=int(number))
    else:
        number = ""
    return render(
        request,
        "questionnaires/staff_responses.html",
        {
            "process": process,
            "questionnaire": questionnaire,
            **paginate(request, found, 50),
            "source": source,
            "number": number,
            "sources": Response.Source.choices,
            "can_manage": can_manage_questionnaires(request.user, process),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct_response(request, slug, pk, response_id):
    """One sent response, every answer in a form the team corrects; the history below."""
    questionnaire, response = _staff_response(request, slug, pk, response_id)
    questions = services.questions_for(questionnaire)
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    errors: dict = {}
    data = _saved_data(response)
    reason = ""
    if request.method == "POST":
        data = request.POST
        reason = request.POST.get("reason", "")
        try:
            changed = services.correct_response(
                actor=request.user,
                response=response,
                data=request.POST,
                files=request.FILES,
                reason=reason,
            )
        except services.SectionErrors as refused:
            errors = refused.message_dict
        else:
            if changed:
                messages.success(
                    request,
                    _("Réponse n° %(number)s corrigée : %(questions)s.")
                    % {
                        "number": response.pk,
                        "questions": ", ".join(f"Q{numbers[q.pk]}" for q in changed),
                    },
                )
            else:
                messages.info(request, _("Rien n'a changé : la réponse est telle quelle."))
            return redirect(
                "questionnaires:correct_response", slug=slug, pk=pk, response_id=response.pk
            )
    return render(
        request,
        "questionnaires/correct_response.html",
        {
            "process": questionnaire.process,
            "questionnaire": questionnaire,
            "response": response,
            "fields": _with_answers(_fields(questions, data, errors, numbers), response),
            "errors": errors,
            "reason": reason,
            "reason_error": (errors.get("reason") or [""])[0],
            "reason_max": services.CORRECTION_REASON_MAX_LENGTH,
            "corrections": queries.corrections_of(response),
            "can_download": can_manage_questionnaires(request.user, questionnaire.process),
            "multipart": any(question.kind == Question.Kind.FILE for question in questions),
        },
        status=400 if errors else 200,
    )


@login_required
def download_file(request, slug, pk, file_id):
    """A file joined to an answer, for the team only: always an attachment, never rendered."""
    questionnaire = _managed(request, slug, pk)
    joined = get_object_or_404(
        AnswerFile.objects.select_related("answer__response"),
        pk=file_id,
        answer__response__questionnaire=questionnaire,
    )
    try:
        handle = open(stored_files.path_of(joined.stored_name), "rb")  # noqa: SIM115  # FileResponse closes it
    except (OSError, ValueError):
        raise Http404(file_id) from None
    services.record_download(actor=request.user, joined=joined)
    response = FileResponse(
        handle, as_attachment=True, filename=joined.name, content_type=joined.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
