from decimal import Decimal
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.forms import form_page
from parlons.core.pagination import paginate
from parlons.core.queries import current_territory
from parlons.privacy.receipts import show_once
from parlons.processes.models import Process
from parlons.processes.queries import process_for, processes_managed_by

from . import services
from .formatting import euros
from .forms import (
    BallotEntry,
    BudgetForm,
    CensusForm,
    ImportForm,
    ProjectForm,
    ReviewForm,
    check_ballot,
    read_ballot,
)
from .models import Budget, PaperBallot, Project
from .queries import (
    WAITING_STATUSES,
    ballot_count,
    budget_of,
    in_voter_order,
    latest_outcome,
    paper_ballot_counts,
    public_projects,
    published_outcome,
    voting_projects,
    waiting_paper_ballots,
)
from .rules import (
    can_check_paper_ballots,
    can_enter_paper_ballots,
    can_manage_budget,
    can_submit_project,
    can_vote,
    is_poll_officer,
    vote_open,
)

NOTICE_SLUG = "budget-counting"

# Public pages ----------------------------------------------------------------------------


def project_list(request, slug):
    process = process_for(request.user, slug)
    budget = budget_of(process)
    return render(
        request,
        "budgets/projects.html",
        {
            "process": process,
            "budget": budget,
            "projects": public_projects(budget),
            "can_submit": can_submit_project(request.user, process),
            "can_vote": can_vote(request.user, process),
            "can_manage": can_manage_budget(request.user, process),
            "published": published_outcome(budget) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit_project(request, slug):
    process = process_for(request.user, slug)
    budget = budget_of(process)
    can_submit_project.require(request.user, process)
    return form_page(
        request,
        ProjectForm(request.POST or None, request.FILES or None, budget=budget),
        "budgets/project_form.html",
        {"process": process, "budget": budget},
        save=lambda data: services.submit_project(actor=request.user, process=process, **data),
        success=_("Projet déposé. Les services de la collectivité vont en étudier la faisabilité."),
        done=lambda _project: redirect("budgets:projects", slug=process.slug),
    )


@require_http_methods(["GET", "POST"])
def vote(request, slug):
    """The ballot: fill, recompute (without JavaScript), check, confirm, cast."""
    process = process_for(request.user, slug)
    budget = budget_of(process)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"process": process, "budget": budget}
    if services.has_voted(request.user, budget):
        messages.info(request, services.already_voted_message())
        return redirect("budgets:projects", slug=process.slug)
    if not can_vote(request.user, process):
        raise PermissionDenied(can_vote.refusal_for(request.user, process))
    projects = in_voter_order(
        voting_projects(budget), budget=budget, seed_key=services.voter_key(request.user)
    )
    limits = _limit_rows(budget)
    ranks = [str(rank) for rank in range(1, min(budget.max_ranks, len(projects)) + 1)]
    context.update(projects=projects, limits=limits, ranks=ranks)
    action = request.POST.get("action", "")
    if request.method == "GET":
        entry = read_ballot(budget, projects, QueryDict())
        return render(request, "budgets/vote.html", {**context, "entry": entry})
    entry = read_ballot(budget, projects, request.POST)
    context["entry"] = entry
    if action == "recompute":
        check_ballot(budget, projects, entry) if entry.choices else None
        return render(request, "budgets/vote.html", context)
    if action == "edit" or not check_ballot(budget, projects, entry):
        status = 200 if action == "edit" else 400
        return render(request, "budgets/vote.html", context, status=status)
    resident = (entry.identifier, entry.birth_year)
    if budget.eligibility == Budget.Eligibility.CENSUS:
        try:
            services.census_key(budget, *resident)
        except ValidationError as error:
            entry.errors.extend(error.messages)
            return render(request, "budgets/vote.html", context, status=400)
    chosen = [p for p in projects if p.pk in entry.choices]
    if action != "confirm":
        return render(request, "budgets/vote_confirm.html", {**context, "chosen": chosen})
    try:
        services.cast_ballot(
            actor=request.user, budget=budget, choices=entry.choices, resident=resident
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budgets:projects", slug=process.slug)
    messages.success(
        request,
        _(
            "Votre vote est enregistré. Il est gardé à part de votre nom : personne ne peut "
            "savoir pour quels projets vous avez voté. Merci !"
        ),
    )
    return redirect("budgets:projects", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def paper_ballot(request, slug):
    """A poll officer enters paper ballots, one after another, each under its number."""
    process = process_for(request.user, slug)
    budget = budget_of(process)
    if not is_poll_officer(request.user, process):
        raise PermissionDenied(can_enter_paper_ballots.refusal_for(request.user, process))
    projects = sorted(voting_projects(budget), key=lambda p: p.pk)
    ranks = [str(rank) for rank in range(1, min(budget.max_ranks, len(projects)) + 1)]
    data = request.POST if request.method == "POST" else QueryDict()
    entry = read_ballot(budget, projects, data)
    context = {
        "process": process,
        "budget": budget,
        "projects": projects,
        "limits": _limit_rows(budget),
        "ranks": ranks,
        "entry": entry,
        "paper": True,
        "number": data.get("number", ""),
        "receipt_wanted": data.get("receipt") == "1",
        "open": can_enter_paper_ballots(request.user, process),
    }
    if request.method == "GET" or request.POST.get("action") == "recompute":
        return render(request, "budgets/vote.html", context)
    number = data.get("number", "").strip()
    if not number:
        entry.errors.append(_("Indiquez le numéro imprimé sur le bulletin papier."))
    if entry.errors or not check_ballot(budget, projects, entry):
        return render(request, "budgets/vote.html", context, status=400)
    try:
        paper = services.enter_paper_ballot(
            actor=request.user,
            budget=budget,
            number=number,
            choices=entry.choices,
            with_receipt=data.get("receipt") == "1",
        )
    except ValidationError as error:
        entry.errors.extend(error.messages)
        return render(request, "budgets/vote.html", context, status=400)
    messages.success(
        request,
        _(
            "Bulletin papier n° %(number)s enregistré. Il sera compté une fois vérifié sur le "
            "papier par un·e autre membre du bureau de vote."
        )
        % {"number": number},
    )
    issued = getattr(paper, "issued_receipt", None)
    if issued is not None:  # the voter is there: their receipt, printed now
        show_once(request, issued, back=reverse("budgets:paper", args=[process.slug]))
        return redirect("privacy:receipt_print", pk=issued.receipt.pk)
    return redirect("budgets:paper", slug=process.slug)


def _poll_officer(request, slug, refusal) -> tuple[Process, Budget]:
    process = process_for(request.user, slug)
    if not is_poll_officer(request.user, process):
        raise PermissionDenied(refusal.refusal_for(request.user, process))
    return process, budget_of(process)


PAPER_CHECKS_PAGE_SIZE = 50


@login_required
def paper_checks(request, slug):
    """The paper ballots waiting for a second officer, a page at a time: to check, or to
    correct, or both."""
    process, budget = _poll_officer(request, slug, can_check_paper_ballots)
    counts = paper_ballot_counts(budget)
    status = request.GET.get("etat", "")
    status = status if status in WAITING_STATUSES else ""
    waiting = counts[status] if status else sum(counts[s] for s in WAITING_STATUSES)
    listing = paginate(
        request,
        waiting_paper_ballots(budget, status),
        PAPER_CHECKS_PAGE_SIZE,
        count=waiting,
    )
    return render(
        request,
        "budgets/paper_checks.html",
        {
            "process": process,
            "budget": budget,
            "status": status,
            "statuses": [(s.value, s.label) for s in WAITING_STATUSES],
            "waiting": waiting,
            "checked": counts[PaperBallot.Status.CHECKED],
            "to_check": counts[PaperBallot.Status.TO_CHECK],
            "to_correct": counts[PaperBallot.Status.TO_CORRECT],
            **listing,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_check(request, slug, paper_id):
    """One paper ballot: the entry beside the paper, confirmed or sent back with the gap
    found; once sent back, entered again by another officer (the ballot form)."""
    process, budget = _poll_officer(request, slug, can_check_paper_ballots)
    paper = get_object_or_404(PaperBallot, budget=budget, pk=paper_id)
    back = redirect("budgets:paper_checks", slug=process.slug)
    if paper.status == PaperBallot.Status.CHECKED:
        messages.info(
            request, _("Le bulletin papier n° %(number)s est déjà vérifié.") % {"number": paper}
        )
        return back
    projects = sorted(voting_projects(budget), key=lambda p: p.pk)
    if paper.status == PaperBallot.Status.TO_CORRECT:
        return _paper_correction(request, process, budget, paper, projects)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "confirm":
                services.confirm_paper_ballot(
                    actor=request.user, budget=budget, number=paper.number
                )
                messages.success(
                    request,
                    _("Bulletin papier n° %(number)s vérifié : il sera compté.")
                    % {"number": paper},
                )
            else:
                services.flag_paper_ballot(
                    actor=request.user, budget=budget, number=paper.number, reason=reason
                )
                messages.success(
                    request,
                    _(
                        "Écart signalé sur le bulletin papier n° %(number)s : un·e autre membre "
                        "du bureau de vote va corriger la saisie."
                    )
                    % {"number": paper},
                )
            return back
        except ValidationError as error:
            errors = error.messages
    choices = services.paper_choices(paper)
    rows = [
        {"project": project, "value": choices[project.pk]}
        for project in projects
        if project.pk in choices
    ]
    if budget.ballot_kind == Budget.BallotKind.RANKING:
        rows.sort(key=lambda row: row["value"])
    return render(
        request,
        "budgets/paper_check.html",
        {
            "process": process,
            "budget": budget,
            "paper": paper,
            "rows": rows,
            "own": paper.entered_by_id == request.user.pk,
            "reason": reason,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _paper_correction(request, process, budget, paper, projects):
    ranks = [str(rank) for rank in range(1, min(budget.max_ranks, len(projects)) + 1)]
    if request.method == "POST":
        entry = read_ballot(budget, projects, request.POST)
    else:
        entry = BallotEntry(choices=services.paper_choices(paper))
        entry.typed = {pk: str(value) for pk, value in entry.choices.items()}
        entry.total = sum((p.cost for p in projects if p.pk in entry.choices), Decimal(0))
    context = {
        "process": process,
        "budget": budget,
        "projects": projects,
        "limits": _limit_rows(budget),
        "ranks": ranks,
        "entry": entry,
        "paper": True,
        "correcting": paper,
        "own_flag": paper.flagged_by_id == request.user.pk,
        "open": True,
    }
    if request.method == "GET" or request.POST.get("action") == "recompute":
        return render(request, "budgets/vote.html", context)
    if entry.errors or not check_ballot(budget, projects, entry):
        return render(request, "budgets/vote.html", context, status=400)
    try:
        services.correct_paper_ballot(
            actor=request.user, budget=budget, number=paper.number, choices=entry.choices
        )
    except ValidationError as error:
        entry.errors.extend(error.messages)
        return render(request, "budgets/vote.html", context, status=400)
    messages.success(
        request,
        _(
            "Bulletin papier n° %(number)s corrigé. Un·e autre membre du bureau de vote doit "
            "maintenant vérifier la correction sur le papier."
        )
        % {"number": paper},
    )
    return redirect("budgets:paper_checks", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def census(request, slug):
    process, budget = _managed(request, slug)
    form = CensusForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        "budgets/census.html",
        {
            "process": process,
            "budget": budget,
            "residents": budget.census.count(),
            "matched": budget.voter_records.filter(voter_key__startswith="census:").count(),
        },
        save=lambda data: services.import_census(
            actor=request.user,
            budget=budget,
            text=data["file"].read().decode("utf-8", errors="replace"),
        ),
        success=lambda count: (
            ngettext(
                "Liste importée : %(count)s résident.",
                "Liste importée : %(count)s résidents.",
                count,
            )
            % {"count": count}
        ),
        done=lambda _count: redirect("budgets:census", slug=process.slug),
    )


def _limit_rows(budget: Budget) -> list[dict]:
    districts = list(budget.districts.all())
    if not districts:
        return [{"name": "", "amount": budget.total_amount, "text": euros(budget.total_amount)}]
    return [{"name": d.name, "amount": d.amount, "text": euros(d.amount)} for d in districts]


def results(request, slug):
    process = process_for(request.user, slug)
    budget = budget_of(process)
    outcome = published_outcome(budget)
    if outcome is None:
        return render(
            request,
            "budgets/results.html",
            {"process": process, "budget": budget, "outcome": None},
        )
    return render(
        request,
        "budgets/results.html",
        {"process": process, "budget": budget, **results_context(outcome)},
    )


BAR_WIDTH = 400
ROW_HEIGHT = 52  # the project's name, then its bar with its votes
NAME_LENGTH = 60  # characters of a name written above its bar (the table has it whole)


def results_context(outcome) -> dict:
    """The results as the page shows them: groups by district, bars sized on the server."""
    data = outcome.data
    top = max((Fraction(p["votes"]) for p in data["projects"]), default=Fraction(0)) or 1
    groups: dict[str, list[dict]] = {}
    for row in data["projects"]:
        key = row["district"] if data["by_district"] else ""
        votes = Fraction(row["votes"])
        groups.setdefault(key, []).append(
            {
                **row,
                "votes_text": _format_votes(votes),
                "cost_text": euros(Decimal(row["cost"])),
                "bar": str(int(BAR_WIDTH * votes / top)),
            }
        )
    districts = {d["name"] or "": d for d in data["districts"]}
    sections = []
    for name, rows in groups.items():
        # SVG coordinates as plain strings: the template would localise numbers ("1 008").
        for index, row in enumerate(rows):
            top_of_row = index * ROW_HEIGHT
            row["name_y"] = str(top_of_row + 15)
            row["short_title"] = Truncator(row["title"]).chars(NAME_LENGTH)
            row["y"] = str(top_of_row + 22)
            row["text_y"] = str(top_of_row + 40)
            row["label_x"] = str(int(row["bar"]) + 6)
        district = districts.get(name, {})
        sections.append(
            {
                "name": name,
                "rows": rows,
                "height": str(len(rows) * ROW_HEIGHT),
                "budget_text": euros(Fraction(district.get("budget", data["budget"]))),
                "used_text": euros(Fraction(district.get("used", data["used"]))),
            }
        )
    return {
        "outcome": outcome,
        "sections": sections,
        "budget_text": euros(Fraction(data["budget"])),
        "used_text": euros(Fraction(data["used"])),
        "selected_count": sum(1 for p in data["projects"] if p["selected"]),
        "notes": data.get("notes", []),
        "chart_width": str(BAR_WIDTH + 120),
        "measure_points": data.get("measure") == "points",
        "notice_url": reverse("transparency:algorithm", args=[NOTICE_SLUG]),
        "rule_label": dict(Budget.Rule.choices).get(data["rule"], data["rule"]),
    }


def _format_votes(votes: Fraction) -> str:
    if votes.denominator == 1:
        return f"{votes.numerator:,}".replace(",", "\u202f")
    return f"{float(votes):.2f}".replace(".", ",")


def export_pabulib(request, slug):
    """The vote as a pabulib file, once results are published (staff: at any time)."""
    process = process_for(request.user, slug)
    budget = budget_of(process)
    if published_outcome(budget) is None and not can_manage_budget(request.user, process):
        raise Http404("not published")
    response = HttpResponse(
        services.export_pabulib(budget), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="budget-{process.slug}.pb"'
    return response


# Staff pages -----------------------------------------------------------------------------


def _managed(request, slug) -> tuple[Process, Budget]:
    process = process_for(request.user, slug)
    can_manage_budget.require(request.user, process)
    return process, budget_of(process)


@login_required
def staff_overview(request):
    territory = current_territory()
    processes = [
        p
        for p in processes_managed_by(request.user, territory)
        if can_manage_budget(request.user, p)
    ]
    if not processes and territory is not None:
        from parlons.processes.rules import is_organiser

        if not is_organiser(request.user, territory):
            raise PermissionDenied(_("Seule l'équipe d'organisation peut gérer les budgets."))
    budgets = {b.process_id: b for b in Budget.objects.filter(process__in=processes)}
    rows = [{"process": p, "budget": budgets.get(p.pk)} for p in processes]
    return render(request, "budgets/staff_overview.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request, slug):
    process = process_for(request.user, slug)
    can_manage_budget.require(request.user, process)
    budget = Budget.objects.filter(process=process).first()
    form = BudgetForm(request.POST or None, instance=budget)
    return form_page(
        request,
        form,
        "budgets/setup.html",
        {
            "process": process,
            "budget": budget,
            "frozen": budget is not None and services.vote_has_opened(budget),
        },
        save=lambda data: services.set_up_budget(
            actor=request.user,
            process=process,
            districts=data.pop("districts"),
            **data,
        ),
        success=_("Budget enregistré."),
        done=lambda _budget: redirect("budgets:staff_projects", slug=process.slug),
    )


@login_required
def staff_projects(request, slug):
    process, budget = _managed(request, slug)
    return render(
        request,
        "budgets/staff_projects.html",
        {
            "process": process,
            "budget": budget,
            "projects": budget.projects.select_related("district"),
            "outcome": latest_outcome(budget),
            "published": published_outcome(budget),
            "vote_open": vote_open(process),
            "frozen": services.vote_has_opened(budget),
            "ballots": ballot_count(budget),
            "unchecked_paper": services.unchecked_paper_ballots(budget),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_project(request, slug, project_id):
    process, budget = _managed(request, slug)
    project = get_object_or_404(Project, budget=budget, pk=project_id)
    form = ReviewForm(
        request.POST or None,
        initial={
            "feasibility": project.feasibility,
            "cost": project.cost,
            "reason": project.feasibility_reason,
        },
    )
    return form_page(
        request,
        form,
        "budgets/review.html",
        {"process": process, "budget": budget, "project": project},
        save=lambda data: services.review_project(actor=request.user, project=project, **data),
        success=_("Avis de faisabilité enregistré."),
        done=lambda _project: redirect("budgets:staff_projects", slug=process.slug),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_project(request, slug):
    process, budget = _managed(request, slug)
    return form_page(
        request,
        ProjectForm(request.POST or None, request.FILES or None, budget=budget),
        "budgets/project_form.html",
        {"process": process, "budget": budget, "staff": True},
        save=lambda data: services.add_project(actor=request.user, budget=budget, **data),
        success=_("Projet ajouté."),
        done=lambda _project: redirect("budgets:staff_projects", slug=process.slug),
    )


@login_required
@require_POST
def convert_proposals(request, slug):
    process, budget = _managed(request, slug)
    created = services.convert_proposals(actor=request.user, budget=budget)
    messages.success(
        request,
        _("%(count)s proposition(s) acceptée(s) ajoutée(s) aux projets, à étudier.")
        % {"count": len(created)},
    )
    return redirect("budgets:staff_projects", slug=process.slug)


@login_required
@require_POST
def request_count(request, slug):
    process, budget = _managed(request, slug)
    try:
        services.request_count(actor=request.user, budget=budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budgets:staff_projects", slug=process.slug)
    messages.success(
        request,
        _("Décompte demandé : il se fait en tâche de fond. Rechargez la page dans un instant."),
    )
    return redirect("budgets:staff_projects", slug=process.slug)


@login_required
@require_POST
def publish_results(request, slug):
    process, budget = _managed(request, slug)
    try:
        services.publish_results(actor=request.user, budget=budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budgets:staff_projects", slug=process.slug)
    messages.success(request, _("Résultats publiés."))
    return redirect("budgets:results", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def import_pabulib(request, slug):
    process, budget = _managed(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(data):
        raw = data["file"].read()
        return services.import_pabulib(
            actor=request.user, budget=budget, text=raw, rule=data["rule"]
        )

    return form_page(
        request,
        form,
        "budgets/import.html",
        {"process": process, "budget": budget},
        save=save,
        success=_(
            "Fichier importé et décompté. Publiez-le pour l'afficher sur la page des résultats."
        ),
        done=lambda _outcome: redirect("budgets:staff_projects", slug=process.slug),
    )
