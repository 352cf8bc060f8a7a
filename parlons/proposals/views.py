"""Pages of the proposals: thin views that parse the request, call a service or a query, render.

Every form is a plain POST followed by a redirect, so everything works without
JavaScript; with htmx, the filing form shows look-alike proposals as one types.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parlons.core.forms import add_service_errors, already_sent, form_page, render_form
from parlons.core.limits import client_address
from parlons.core.once import AlreadySent, once
from parlons.core.pagination import paginate
from parlons.core.redirects import safe_next
from parlons.privacy.receipts import receipt_url, show_once
from parlons.processes.queries import process_for
from parlons.proposals import queries, services
from parlons.proposals.forms import (
    AnswerForm,
    EditForm,
    FilterForm,
    OnBehalfForm,
    ProposalForm,
    SupportOnBehalfForm,
    ThresholdForm,
)
from parlons.proposals.models import ProposalSettings
from parlons.proposals.privacy import WITHDRAWN_RETENTION_DAYS
from parlons.proposals.rules import (
    can_answer_proposal,
    can_edit_proposal,
    can_propose,
    can_propose_on_behalf,
    can_set_up_proposals,
    can_support,
    can_support_on_behalf,
    can_withdraw_proposal,
)
from parlons.proposals.similar import look_alikes

PAGE_SIZE = 20
HELD_MESSAGE = gettext_lazy(
    "Merci ! Votre proposition est enregistrée. Elle sera publiée après une vérification par "
    "l'équipe de la démarche."
)


def proposal_list(request, slug):
    process = process_for(request.user, slug)
    filter_form = FilterForm(request.GET, process=process)
    filters = filter_form.filters()
    listing = paginate(request, queries.proposal_list(process, filters), PAGE_SIZE)
    return render(
        request,
        "proposals/list.html",
        {
            "process": process,
            **listing,
            "supported": queries.supported_by(request.user, listing["page"].object_list),
            "filter_form": filter_form,
            "filtered": any(key in request.GET for key in ("theme", "commune", "etat", "tri")),
            "can_propose": can_propose(request.user, process),
            "can_propose_on_behalf": can_propose_on_behalf(request.user, process),
        },
    )


def _detail_context(request, process, proposal, **forms) -> dict:
    user = request.user
    can_answer = can_answer_proposal(user, process)
    is_author = user.is_authenticated and proposal.author_id == user.pk
    return {
        "process": process,
        "proposal": proposal,
        "answers": queries.answers_of(proposal),
        # Earlier versions: for the author and the team only, never published.
        "revisions": queries.revisions_of(proposal) if (is_author or can_answer) else [],
        "can_edit": can_edit_proposal(user, proposal),
        "can_withdraw": can_withdraw_proposal(user, proposal),
        "supported": proposal.pk in queries.supported_by(user, [proposal]),
        "open_to_support": proposal.state in services.OPEN_TO_SUPPORT
        and not proposal.held_for_review,
        "can_support": can_support(user, process),
        "can_support_on_behalf": can_support_on_behalf(user, process),
        "can_answer": can_answer,
        "answer_form": forms.get("answer_form")
        or (AnswerForm(proposal=proposal) if can_answer else None),
        "support_form": forms.get("support_form") or SupportOnBehalfForm(),
    }


def proposal_detail(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    if proposal.held_for_review and not (
        (request.user.is_authenticated and proposal.author_id == request.user.pk)
        or can_answer_proposal(request.user, process)
    ):
        return render(
            request, "proposals/held.html", {"process": process, "proposal": proposal}, status=404
        )
    return render(request, "proposals/detail.html", _detail_context(request, process, proposal))


def _look_alikes(process, title: str, body: str) -> list:
    found = look_alikes(queries.look_alike_candidates(process), title, body)
    for proposal in found:
        proposal.process = process  # for its address, without a query each
    return found


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, slug):
    """File a proposal; if look-alikes exist, show them first and ask to confirm."""
    process = process_for(request.user, slug)
    can_propose.require(request.user, process)
    form = ProposalForm(request.POST or None, request.FILES or None, process=process)
    context = {"process": process, "form": form, "alikes": [], "checked": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("confirm"):
            context["alikes"] = _look_alikes(process, data["title"], data["body"])
        if context["alikes"]:
            context.update(checked=True, image_dropped=bool(data.get("image")))
            return render(request, "proposals/propose.html", context)
        try:
            # Masked and scored before the one-time token's transaction opens (decision 0019).
            prepared = services.prepare_proposal(
                actor=request.user,
                process=process,
                title=data["title"],
                body=data["body"],
                theme=data["theme"],
                place=data["place"],
                estimated_cost=data["estimated_cost"],
                image=data.get("image"),
                image_alt=data["image_alt"],
                address=client_address(request),
            )
            proposal = once(
                request,
                lambda: services.save_proposal(prepared),
                url=lambda proposal: proposal.get_absolute_url(),
            )
        except AlreadySent as sent:
            return already_sent(request, sent, request.path)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                HELD_MESSAGE
                if proposal.held_for_review
                else _("Merci ! Votre proposition est publiée."),
            )
            return redirect(proposal.get_absolute_url())
    return render_form(request, "proposals/propose.html", context)


@require_GET
def look_alike_fragment(request, slug):
    """The look-alikes of what is being typed, for htmx to put under the form."""
    process = process_for(request.user, slug)
    title = request.GET.get("title", "")[:500]
    body = request.GET.get("body", "")[:5000]
    return render(
        request,
        "proposals/_look_alikes.html",
        {"process": process, "alikes": _look_alikes(process, title, body), "live": True},
    )


@login_required
@require_POST
def support(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    back = safe_next(request, proposal.get_absolute_url())
    try:
        _item, created = services.support(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Merci, votre soutien est compté.")
            if created
            else _("Vous soutenez déjà cette proposition : votre soutien est compté une fois."),
        )
    return redirect(back)


@login_required
@require_POST
def withdraw_support(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    try:
        withdrawn = services.withdraw_support(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if withdrawn:
            messages.success(request, _("Votre soutien est retiré."))
        else:
            messages.info(request, _("Vous ne souteniez pas cette proposition."))
    return redirect(safe_next(request, proposal.get_absolute_url()))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    """The author rewrites their proposal before its answer; the earlier version is kept."""
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    can_edit_proposal.require(request.user, proposal)
    return form_page(
        request,
        EditForm(request.POST or None, request.FILES or None, proposal=proposal),
        "proposals/edit.html",
        {
            "process": process,
            "proposal": proposal,
            "image_dropped": bool(request.FILES.get("image")),
        },
        save=lambda data: services.edit_proposal(actor=request.user, proposal=proposal, **data),
        success=lambda revision: (
            _("Rien n'a changé : votre proposition est restée telle quelle.")
            if revision is None
            else HELD_MESSAGE
            if revision.proposal.held_for_review
            else _("Votre proposition est modifiée. La version précédente est conservée.")
        ),
        done=lambda _revision: redirect(proposal.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, pk):
    """Ask first, then withdraw on POST: the words leave the public pages, a trace stays."""
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    if proposal.is_withdrawn and proposal.author_id == request.user.pk:
        # Sent twice, or an old tab: it is done already.
        messages.info(request, _("Cette proposition est déjà retirée."))
        return redirect(proposal.get_absolute_url())
    can_withdraw_proposal.require(request.user, proposal)
    if request.method == "POST":
        services.withdraw_proposal(actor=request.user, proposal=proposal)
        messages.success(
            request,
            _(
                "Votre proposition est retirée : elle n'est plus affichée dans les listes. Une "
                "mention « retirée par son auteur·rice » reste à son adresse."
            ),
        )
        return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/withdraw.html",
        {
            "process": process,
            "proposal": proposal,
            "retention_days": WITHDRAWN_RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def support_on_behalf(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    form = SupportOnBehalfForm(request.POST)
    if form.is_valid():
        try:
            item = once(
                request,
                lambda: services.support_on_behalf(
                    actor=request.user, proposal=proposal, consent=form.cleaned_data["consent"]
                ),
                url=lambda item: receipt_url(item.issued_receipt),
            )
        except AlreadySent as sent:
            return already_sent(request, sent, proposal.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le soutien de la personne est compté."))
            return _hand_over_receipt(request, item, proposal.get_absolute_url())
    proposal.refresh_from_db()
    context = _detail_context(request, process, proposal, support_form=form)
    return render_form(request, "proposals/detail.html", {**context, "form": form}, refused=True)


@login_required
@require_POST
def answer(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    can_answer_proposal.require(request.user, process)
    form = AnswerForm(request.POST, proposal=proposal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            once(
                request,
                lambda: services.answer(
                    actor=request.user,
                    proposal=proposal,
                    state=data["state"],
                    reason=data["reason"],
                    answering_body=data["answering_body"],
                    merged_into=data["merged_into"],
                ),
                url=lambda _item: f"{proposal.get_absolute_url()}#reponse-officielle",
            )
        except AlreadySent as sent:
            return already_sent(request, sent, proposal.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La réponse officielle est publiée."))
            return redirect(f"{proposal.get_absolute_url()}#reponse-officielle")
    proposal.refresh_from_db()
    context = _detail_context(request, process, proposal, answer_form=form)
    return render_form(request, "proposals/detail.html", {**context, "form": form}, refused=True)


@login_required
@require_POST
def release(request, slug, pk):
    process = process_for(request.user, slug)
    proposal = queries.proposal_for(process, pk)
    try:
        services.release(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposition publiée."))
    return redirect(safe_next(request, reverse("proposals:staff", args=[process.slug])))


@login_required
@require_http_methods(["GET", "POST"])
def counter(request, slug):
    """The mediator's counter: enter the proposal of someone without an account."""
    process = process_for(request.user, slug)
    can_propose_on_behalf.require(request.user, process)
    return form_page(
        request,
        OnBehalfForm(request.POST or None, process=process),
        "proposals/counter.html",
        {"process": process},
        # Masked before the one-time token's transaction opens (decision 0019).
        prepare=lambda data: services.prepare_on_behalf(
            actor=request.user, process=process, **data
        ),
        save=services.save_on_behalf,
        success=lambda proposal: (
            _(
                "Proposition enregistrée et publiée (n° %(number)s). Vous pouvez en saisir une autre."
            )
            % {"number": proposal.pk}
        ),
        done=lambda proposal: _hand_over_receipt(
            request, proposal, reverse("proposals:counter", args=[process.slug])
        ),
        result_url=lambda proposal: receipt_url(proposal.issued_receipt),
    )


def _hand_over_receipt(request, recorded, back: str):
    """The printed receipt for the person, right after the saving; the code is shown once."""
    issued = recorded.issued_receipt
    show_once(request, issued, back=back)
    return redirect("privacy:receipt_print", pk=issued.receipt.pk)


@login_required
def staff(request, slug):
    """The team's list: proposals waiting for an answer, under study, held for a check."""
    process = process_for(request.user, slug)
    can_answer_proposal.require(request.user, process)
    return render(
        request,
        "proposals/staff.html",
        {
            "process": process,
            "waiting": list(queries.waiting_for_answer(process)[:200]),
            "studied": list(queries.under_study(process)[:200]),
            "held": list(queries.held(process)),
            "can_set_up": can_set_up_proposals(request.user, process),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request, slug):
    process = process_for(request.user, slug)
    can_set_up_proposals.require(request.user, process)
    current = ProposalSettings.objects.filter(process=process).first()
    initial = {"support_threshold": current.support_threshold if current else None}
    return form_page(
        request,
        ThresholdForm(request.POST or None, initial=initial),
        "proposals/settings.html",
        {"process": process},
        save=lambda data: services.set_support_threshold(
            actor=request.user, process=process, threshold=data["support_threshold"]
        ),
        success=_("Le seuil de soutiens est enregistré."),
        done=lambda _found: redirect("proposals:settings", slug=process.slug),
    )
