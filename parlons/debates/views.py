"""Pages of the debate: thin views that parse the request, call a service or a query, render.

Every form is a plain POST followed by a redirect, so everything works without
JavaScript; when htmx is there, reactions update in place with a partial.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.forms import add_service_errors, already_sent, form_page, render_form
from parlons.core.limits import client_address
from parlons.core.once import AlreadySent, once
from parlons.core.pagination import paginate
from parlons.core.queries import current_territory
from parlons.core.redirects import safe_next
from parlons.debates import queries, services
from parlons.debates.forms import (
    AnswerForm,
    ContributionForm,
    EditForm,
    FilterForm,
    HideForm,
    OnBehalfForm,
    PaperImportForm,
    ReplyForm,
    ReportForm,
)
from parlons.debates.models import Reaction
from parlons.debates.paper_forms import COLUMNS
from parlons.debates.privacy import WITHDRAWN_RETENTION_DAYS
from parlons.debates.rules import (
    can_answer_officially,
    can_contribute,
    can_contribute_on_behalf,
    can_edit_contribution,
    can_import_paper_forms,
    can_moderate,
    can_react,
    can_reply,
    can_report,
    can_withdraw_contribution,
)
from parlons.privacy.receipts import receipt_url, show_once
from parlons.processes.pagecache import kept
from parlons.processes.queries import process_for

PAGE_SIZE = 20
REACTION_SAVED = gettext_lazy("Votre réaction est enregistrée.")
REACTION_REMOVED = gettext_lazy("Votre réaction est retirée.")
HELD_MESSAGE = gettext_lazy(
    "Merci ! Votre message est enregistré. Il sera publié après une vérification par "
    "l'équipe de modération."
)


def contribution_list(request, slug):
    process = process_for(request.user, slug)
    filter_form = FilterForm(request.GET, process=process)
    filters = filter_form.filters()
    # The whole list, or filtered by a theme or a commune: counts kept by the services.
    count = queries.filtered_count(process, filters)
    listing = paginate(request, queries.contribution_list(process, filters), PAGE_SIZE, count=count)
    listing["page"].object_list = queries.for_reader(listing["page"].object_list, request.user)
    return render(
        request,
        "debates/list.html",
        {
            "process": process,
            **listing,
            "filter_form": filter_form,
            "filters": filters,
            "can_contribute": can_contribute(request.user, process),
            "can_contribute_on_behalf": can_contribute_on_behalf(request.user, process),
        },
    )


def _thread_items(items):
    for item in items:
        yield item.contribution
        yield from _thread_items(item.children)


def _detail_context(request, process, pk, **forms) -> dict:
    thread = queries.thread_of(process, pk, user=request.user)
    user = request.user
    # What each message offers its reader: asked here, where the reader is known.
    for c in (thread.contribution, *_thread_items(thread.replies)):
        c.can_edit = can_edit_contribution(user, c)
        c.can_withdraw = can_withdraw_contribution(user, c)
    return {
        "process": process,
        "thread": thread,
        "contribution": thread.contribution,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "reply_to": forms.get("reply_to"),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "hide_form": forms.get("hide_form") or HideForm(),
        "can_reply": can_reply(user, process),
        "can_react": can_react(user, process),
        "can_report": can_report(user, process),
        "can_answer": can_answer_officially(user, process),
        "can_moderate": can_moderate(user, process.territory),
        "reaction_values": Reaction.Value.choices,
    }


def contribution_detail(request, slug, pk):
    process = process_for(request.user, slug)
    try:
        context = _detail_context(request, process, pk)
    except Http404:
        contribution = queries.contribution_for(process, pk)  # 404 when not of this démarche
        if contribution.root_id is not None:  # a reply lives on its thread's page
            return redirect(contribution.get_absolute_url())
        raise
    return render(request, "debates/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribute(request, slug):
    process = process_for(request.user, slug)
    can_contribute.require(request.user, process)
    form = ContributionForm(request.POST or None, process=process)
    context = {"process": process}
    if not form.is_bound:
        # The empty form is the same for everyone (its choices are the démarche's themes and
        # its territory's communes): rendered once per change of the démarche's structure.
        # Django's widget templates cost about half of this page's processor time.
        context["form_fields"] = kept(
            process.slug, "debates:contribute-form", lambda: form.as_div(), structure=True
        )
    return form_page(
        request,
        form,
        "debates/contribute.html",
        context,
        # Masked and scored before the one-time token's transaction opens (decision 0019).
        prepare=lambda data: services.prepare_contribution(
            actor=request.user,
            process=process,
            title=data["title"],
            body=data["body"],
            theme=data["theme"],
            place=data["place"],
            address=client_address(request),
        ),
        save=services.save_contribution,
        success=lambda contribution: (
            HELD_MESSAGE
            if contribution.held_for_review
            else _("Merci ! Votre contribution est publiée.")
        ),
        done=lambda contribution: redirect(contribution.get_absolute_url()),
        result_url=lambda contribution: contribution.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def counter(request, slug):
    """The mediator's counter: enter the contribution of someone without an account."""
    process = process_for(request.user, slug)
    can_contribute_on_behalf.require(request.user, process)
    return form_page(
        request,
        OnBehalfForm(request.POST or None, process=process),
        "debates/counter.html",
        {"process": process},
        # Masked before the one-time token's transaction opens (decision 0019).
        prepare=lambda data: services.prepare_on_behalf(
            actor=request.user, process=process, **data
        ),
        save=services.save_on_behalf,
        success=lambda contribution: (
            _(
                "Contribution enregistrée et publiée (n° %(number)s). Vous pouvez en saisir une autre."
            )
            % {"number": contribution.pk}
        ),
        done=lambda contribution: _hand_over_receipt(request, contribution, process),
        # Sent twice, the form leads to the same receipt.
        result_url=lambda contribution: receipt_url(contribution.issued_receipt),
    )


def _hand_over_receipt(request, contribution, process):
    """The printed receipt for the person, right after the saving; the code is shown once."""
    issued = contribution.issued_receipt
    show_once(request, issued, back=reverse("debates:counter", args=[process.slug]))
    return redirect("privacy:receipt_print", pk=issued.receipt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def paper_import(request, slug):
    process = process_for(request.user, slug)
    can_import_paper_forms.require(request.user, process)
    form = PaperImportForm(request.POST or None, request.FILES or None)
    errors = []
    here = reverse("debates:paper_import", args=[process.slug])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            paper_import = once(
                request,
                lambda: services.import_paper_forms(
                    actor=request.user,
                    process=process,
                    file=upload,
                    file_name=upload.name,
                    import_anyway=form.cleaned_data["import_anyway"],
                ),
                url=lambda _paper_import: here,
            )
        except AlreadySent as sent:
            return already_sent(request, sent, here)
        except services.PaperImportRejected as rejected:
            errors = rejected.errors
        except ValidationError as error:  # this very file was imported already
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s contributions importées depuis « %(file)s ».")
                % {"count": paper_import.row_count, "file": paper_import.file_name},
            )
            return redirect("debates:paper_import", slug=process.slug)
    return render_form(
        request,
        "debates/paper_import.html",
        {
            "process": process,
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "imports": process.paper_imports.select_related("imported_by")[:10],
        },
        refused=bool(errors),
    )


@login_required
@require_POST
def reply(request, slug, pk):
    process = process_for(request.user, slug)
    parent = queries.contribution_for(process, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            # Masked and scored before the one-time token's transaction opens (decision 0019).
            post = services.prepare_reply(
                actor=request.user,
                parent=parent,
                body=form.cleaned_data["body"],
                address=client_address(request),
            )
            answer = once(
                request,
                lambda: services.save_reply(post),
                url=lambda answer: answer.get_absolute_url(),
            )
        except AlreadySent as sent:
            return already_sent(request, sent, parent.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, HELD_MESSAGE if answer.held_for_review else _("Votre réponse est publiée.")
            )
            return redirect(answer.get_absolute_url())
    context = _detail_context(
        request, process, parent.root_id or parent.pk, reply_form=form, reply_to=parent.pk
    )
    return _refused(request, context, form)


@login_required
@require_POST
def react(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    value = request.POST.get("value", "")
    # The pressed button sends "none": pressing it again takes the reaction back.
    removed = value == "none"
    try:
        services.react(
            actor=request.user, contribution=contribution, value=None if removed else value
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(contribution.get_absolute_url())
    said = REACTION_REMOVED if removed else REACTION_SAVED
    if request.headers.get("HX-Request"):
        return render(
            request,
            "debates/_reactions.html",
            {
                "process": process,
                "contribution": queries.reactions_of(process, contribution.pk, request.user),
                "can_react": True,
                "reaction_values": Reaction.Value.choices,
                "announce": said,
            },
        )
    messages.success(request, said)
    url = contribution.get_absolute_url().split("#")[0]
    return redirect(f"{url}#reactions-{contribution.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    """The author rewrites their contribution or reply; the earlier version is kept."""
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    can_edit_contribution.require(request.user, contribution)
    return form_page(
        request,
        EditForm(request.POST or None, contribution=contribution),
        "debates/edit.html",
        {"process": process, "contribution": contribution},
        save=lambda data: services.edit_contribution(
            actor=request.user,
            contribution=contribution,
            title=data.get("title", ""),
            body=data["body"],
        ),
        success=lambda revision: (
            _("Rien n'a changé : votre message est resté tel quel.")
            if revision is None
            else HELD_MESSAGE
            if contribution.held_for_review
            else _("Votre message est modifié. La version précédente est conservée.")
        ),
        done=lambda _revision: redirect(contribution.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, pk):
    """Ask first, then withdraw on POST: the text leaves the public pages, a trace stays."""
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    if contribution.is_withdrawn and contribution.author_id == request.user.pk:
        # Sent twice, or an old tab: it is done already.
        messages.info(request, _("Ce message est déjà retiré."))
        return redirect(contribution.get_absolute_url())
    can_withdraw_contribution.require(request.user, contribution)
    if request.method == "POST":
        services.withdraw(actor=request.user, contribution=contribution)
        messages.success(
            request,
            _(
                "Votre message est retiré : il n'est plus affiché. Une mention « retiré par son "
                "auteur·rice » reste à sa place dans la discussion."
            ),
        )
        return redirect(contribution.get_absolute_url())
    return render(
        request,
        "debates/withdraw.html",
        {
            "process": process,
            "contribution": contribution,
            "retention_days": WITHDRAWN_RETENTION_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    return form_page(
        request,
        ReportForm(request.POST or None),
        "debates/report.html",
        {"process": process, "contribution": contribution},
        save=lambda data: services.report(
            actor=request.user,
            contribution=contribution,
            reason=data["reason"],
            address=client_address(request),
        ),
        success=_("Merci. L'équipe de modération va examiner ce contenu."),
        done=lambda _report: redirect(contribution.get_absolute_url()),
        result_url=lambda _report: contribution.get_absolute_url(),
    )


@login_required
@require_POST
def answer(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            once(
                request,
                lambda: services.answer_officially(
                    actor=request.user, contribution=contribution, body=form.cleaned_data["body"]
                ),
                url=lambda _answer: f"{contribution.get_absolute_url()}#reponses-officielles",
            )
        except AlreadySent as sent:
            return already_sent(request, sent, contribution.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre réponse officielle est publiée."))
            return redirect(f"{contribution.get_absolute_url()}#reponses-officielles")
    else:
        can_answer_officially.require(request.user, process)
    context = _detail_context(request, process, contribution.pk, answer_form=form)
    return _refused(request, context, form)


def _refused(request, context: dict, form) -> HttpResponse:
    """The thread again with the refused form: 400, or 429 when a limit was reached."""
    return render_form(request, "debates/detail.html", {**context, "form": form}, refused=True)


@login_required
@require_POST
def hide(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    can_moderate.require(request.user, process.territory)
    try:
        services.hide(
            actor=request.user, contribution=contribution, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Contenu masqué. Le motif est affiché à sa place."))
    return redirect(safe_next(request, contribution.get_absolute_url()))


@login_required
@require_POST
def restore(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    services.restore(actor=request.user, contribution=contribution)
    messages.success(request, _("Contenu rétabli."))
    return redirect(safe_next(request, contribution.get_absolute_url()))


@login_required
@require_POST
def dismiss_reports(request, slug, pk):
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    services.dismiss_reports(actor=request.user, contribution=contribution)
    messages.success(request, _("Signalements classés : le contenu reste publié."))
    return redirect(safe_next(request, reverse("debates:moderation")))


@login_required
@require_POST
def release(request, slug, pk):
    """A moderator publishes a post that the spam score held."""
    process = process_for(request.user, slug)
    contribution = queries.contribution_for(process, pk)
    try:
        services.release(actor=request.user, contribution=contribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Contribution publiée."))
    return redirect(safe_next(request, reverse("debates:moderation")))


@login_required
def moderation(request):
    territory = current_territory()
    can_moderate.require(request.user, territory)
    return render(
        request,
        "debates/moderation.html",
        {
            "queue": list(queries.moderation_queue(territory)),
            "held": queries.held_posts(territory),
            "hidden": queries.hidden_contributions(territory),
            "can_moderate": True,
        },
    )
