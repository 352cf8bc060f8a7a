"""Every write about participatory budgets: checked by a rule, in one transaction, audited.

One ballot per person is held by the database: `VoterRecord` is UNIQUE on (budget,
voter key). The ballot's content goes to `Ballot` rows that carry no person, no
link to the record and only the day: the two are written in the same transaction,
and nothing joins them afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Window
from django.db.models.functions import DenseRank
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parlons.budgets.counting import (
    PabulibError,
    count_election,
    describe_count,
    explain_result,
    parse_pabulib,
    write_pabulib,
)
from parlons.budgets.counting.election import Election, build_election_from_entries
from parlons.core import audit
from parlons.core.files import deleted_on_failure
from parlons.privacy.publication import create_published, publish
from parlons.privacy.receipts import issue_receipt
from parlons.processes.decisions import Decision, announce, collect_decisions
from parlons.processes.models import Process

from .components import VOTE
from .formatting import euros
from .models import (
    Ballot,
    BallotBox,
    BallotChoice,
    Budget,
    CensusEntry,
    CountOutcome,
    District,
    PaperBallot,
    Project,
    VoterRecord,
)
from .rules import (
    can_check_paper_ballots,
    can_enter_paper_ballots,
    can_manage_budget,
    can_submit_project,
    can_vote,
    vote_open,
)

KIND = Budget.BallotKind
FEASIBLE = Project.Feasibility.FEASIBLE

PROJECT_FIELDS = ("title", "description", "cost", "district", "image", "image_alt")


# Setup -----------------------------------------------------------------------------------


def vote_has_opened(budget: Budget, at=None) -> bool:
    """The vote opened once a phase opening it has started, or a ballot was cast."""
    at = at or timezone.now()
    if budget.vote_opened_at is not None:
        return True
    return any(
        phase.allows(VOTE) and phase.starts_at <= at for phase in budget.process.phases.all()
    )


@transaction.atomic
def set_up_budget(
    *,
    actor,
    process: Process,
    districts: list[tuple[str, Decimal]] | None = None,
    **fields,
) -> Budget:
    """Create or change the démarche's budget. The rule and the ballot are frozen once the
    vote opened: people voted knowing them."""
    can_manage_budget.require(actor, process)
    budget = Budget.objects.select_for_update().filter(process=process).first()
    if budget is None:
        budget = Budget(process=process, total_amount=fields.get("total_amount") or 0)
        for name in Budget.EDITABLE_FIELDS:
            if name in fields:
                setattr(budget, name, fields[name])
        budget.full_clean()
        budget.save()
        audit.record(actor, "budgets.create", budget, process=process.slug)
    else:

        def refuse_frozen(changed: list[str]) -> None:
            frozen = [n for n in changed if n != "total_amount"]
            if frozen and vote_has_opened(budget):
                raise ValidationError(
                    _(
                        "Le vote est ouvert : la règle de décompte et le bulletin ne peuvent "
                        "plus changer. Les votants se sont prononcés en les connaissant."
                    )
                )

        audit.save_changes(
            actor,
            budget,
            fields,
            Budget.EDITABLE_FIELDS,
            "budgets.update",
            before_save=refuse_frozen,
        )
    if districts is not None:
        _set_districts(actor, budget, districts)
    return budget


def _set_districts(actor, budget: Budget, districts: list[tuple[str, Decimal]]) -> None:
    wanted = {name.strip(): amount for name, amount in districts if name.strip()}
    existing = {d.name: d for d in budget.districts.all()}
    if wanted.keys() != existing.keys() and vote_has_opened(budget):
        raise ValidationError(_("Le vote est ouvert : les quartiers ne peuvent plus changer."))
    for name, district in existing.items():
        if name not in wanted:
            if district.projects.exists():
                raise ValidationError(
                    _("Le quartier « %(name)s » a des projets : il ne peut pas être retiré.")
                    % {"name": name}
                )
            district.delete()
    for name, amount in wanted.items():
        district = existing.get(name) or District(budget=budget, name=name)
        district.amount = amount
        district.full_clean()
        district.save()
    audit.record(actor, "budgets.set_districts", budget, districts=sorted(wanted))


# Projects --------------------------------------------------------------------------------


def submit_project(*, actor, process: Process, **fields) -> Project:
    """A citizen submits a project while the démarche's phase opens submissions."""
    with deleted_on_failure() as written, transaction.atomic():
        can_submit_project.require(actor, process)
        budget = Budget.objects.get(process=process)
        project = Project(budget=budget, author=actor, **_project_fields(fields))
        project.full_clean()
        publish(project)
        with written.saving(project):  # its image is deleted again if the transaction fails
            project.save()
        audit.record(actor, "budgets.submit_project", project, process=process.slug)
    return project


def _project_fields(fields: Mapping) -> dict:
    values = {name: fields[name] for name in PROJECT_FIELDS if name in fields}
    if values.get("image") is None:
        values.pop("image", None)
    return values


def add_project(*, actor, budget: Budget, **fields) -> Project:
    """An organiser adds a project (studied by the city's services: feasible at once)."""
    with deleted_on_failure() as written, transaction.atomic():
        can_manage_budget.require(actor, budget.process)
        project = Project(budget=budget, feasibility=FEASIBLE, **_project_fields(fields))
        project.full_clean()
        publish(project)
        with written.saving(project):  # its image is deleted again if the transaction fails
            project.save()
        audit.record(actor, "budgets.add_project", project, process=budget.process.slug)
    return project


@transaction.atomic
def review_project(
    *, actor, project: Project, feasibility: str, cost: Decimal | None = None, reason: str = ""
) -> Project:
    """Staff say whether a project is feasible, with the cost the services estimate, or
    why not (public)."""
    can_manage_budget.require(actor, project.budget.process)
    if vote_has_opened(project.budget):
        raise ValidationError(_("Le vote est ouvert : la liste des projets ne change plus."))
    project.feasibility = feasibility
    project.feasibility_reason = reason.strip()
    if feasibility == FEASIBLE and cost is not None:
        project.cost = cost
    project.full_clean()
    project.save()
    audit.record(
        actor,
        "budgets.review_project",
        project,
        feasibility=feasibility,
        cost=str(project.cost),
    )
    return project


@transaction.atomic
def convert_proposals(*, actor, budget: Budget) -> list[Project]:
    """Turn the démarche's accepted proposals into projects to study (each once)."""
    can_manage_budget.require(actor, budget.process)
    done = set(
        budget.projects.exclude(source_proposal="").values_list("source_proposal", flat=True)
    )
    created = []
    for decision in collect_decisions(budget.process, kind="proposal"):
        if decision.key in done:
            continue
        project = create_published(
            Project,
            budget=budget,
            title=decision.title[:150],
            description=decision.summary or decision.title,
            cost=decision.amount if decision.amount and decision.amount > 0 else Decimal("1"),
            source_proposal=decision.key,
        )
        created.append(project)
    audit.record(actor, "budgets.convert_proposals", budget, created=len(created))
    return created


# Ballots ---------------------------------------------------------------------------------


def ballot_projects(budget: Budget):
    return budget.projects.filter(feasibility=FEASIBLE).select_related("district")


def validate_ballot(budget: Budget, choices: Mapping[int, int], projects=None) -> dict[int, int]:
    """The ballot's choices (project id → points, rank or 1) checked against the budget's
    kind and limits; raises a ValidationError in plain French. Used by the form and the
    service alike."""
    projects = {p.pk: p for p in (projects if projects is not None else ballot_projects(budget))}
    chosen = {}
    for project_id, value in choices.items():
        if project_id not in projects:
            raise ValidationError(_("Ce projet ne fait pas partie du vote."))
        if value is None or value == 0:
            continue
        if value < 0:
            raise ValidationError(_("Un nombre de points ne peut pas être négatif."))
        chosen[project_id] = value
    kind = budget.ballot_kind
    if not chosen:
        raise ValidationError(_("Choisissez au moins un projet."))
    if kind == KIND.KNAPSACK:
        names = {d.pk: d.name for d in budget.districts.all()}
        for district, limit in _limits(budget).items():
            total = sum(
                (projects[p].cost for p in chosen if projects[p].district_id == district),
                Decimal(0),
            )
            if total <= limit:
                continue
            amounts = {"total": euros(total), "budget": euros(limit)}
            if district is None:
                raise ValidationError(
                    _(
                        "Les projets choisis coûtent %(total)s, plus que le budget de "
                        "%(budget)s : retirez-en pour ne pas dépasser."
                    )
                    % amounts
                )
            raise ValidationError(
                _(
                    "Les projets choisis dans le quartier %(name)s coûtent %(total)s, plus que "
                    "son budget de %(budget)s : retirez-en pour ne pas dépasser."
                )
                % {**amounts, "name": names[district]}
            )
        return dict.fromkeys(chosen, 1)
    if kind == KIND.APPROVAL:
        count = len(chosen)
        if count < budget.min_projects:
            raise ValidationError(
                ngettext(
                    "Choisissez au moins %(count)s projet.",
                    "Choisissez au moins %(count)s projets.",
                    budget.min_projects,
                )
                % {"count": budget.min_projects}
            )
        if budget.max_projects is not None and count > budget.max_projects:
            raise ValidationError(
                ngettext(
                    "Vous avez choisi %(chosen)s projets : %(count)s au plus.",
                    "Vous avez choisi %(chosen)s projets : %(count)s au plus.",
                    budget.max_projects,
                )
                % {"chosen": count, "count": budget.max_projects}
            )
        return dict.fromkeys(chosen, 1)
    if kind == KIND.CUMULATIVE:
        total = sum(chosen.values())
        if total > budget.points:
            raise ValidationError(
                _("Vous avez réparti %(total)s points : vous en avez %(points)s au plus.")
                % {"total": total, "points": budget.points}
            )
        return chosen
    # Ranking: ranks 1..k, each once, k at most max_ranks.
    ranks = sorted(chosen.values())
    if len(set(ranks)) != len(ranks):
        raise ValidationError(_("Chaque rang ne peut être donné qu'à un seul projet."))
    if ranks != list(range(1, len(ranks) + 1)):
        raise ValidationError(_("Les rangs se suivent à partir de 1, sans trou."))
    if len(ranks) > budget.max_ranks:
        raise ValidationError(_("Classez %(count)s projets au plus.") % {"count": budget.max_ranks})
    return chosen


def _limits(budget: Budget) -> dict[int | None, Decimal]:
    """The amount a ballot may spend: per district when there are districts, and on the
    projects of no district out of the rest."""
    districts = list(budget.districts.all())
    if not districts:
        return {None: budget.total_amount}
    limits: dict[int | None, Decimal] = {d.pk: d.amount for d in districts}
    rest = budget.total_amount - sum((d.amount for d in districts), Decimal(0))
    limits[None] = max(rest, Decimal(0))
    return limits


def voter_key(user) -> str:
    return f"user:{user.pk}"


def has_voted(user, budget: Budget) -> bool:
    return user.is_authenticated and VoterRecord.objects.filter(budget=budget, voter=user).exists()


# The census: residents who may vote, as salted hashes ----------------------------------

CENSUS_COLUMNS = ("identifiant", "annee_naissance")


def census_digest(budget: Budget, identifier: str, birth_year: str) -> str:
    """The salted hash of a resident: identifier (letters and digits only, any case) and
    birth year, so "ab-12 34" and "AB1234" are the same person."""
    normalised = "".join(ch for ch in identifier if ch.isalnum()).upper()
    text = f"{budget.census_salt}:{normalised}:{birth_year.strip()}"
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def import_census(*, actor, budget: Budget, text: str) -> int:
    """Replace the budget's census with the file's residents; any bad row refuses the whole
    file, with its line and reason. Only salted hashes are stored."""
    can_manage_budget.require(actor, budget.process)
    if vote_has_opened(budget):
        raise ValidationError(_("Le vote est ouvert : la liste des résidents ne change plus."))
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines:
        raise ValidationError(_("Le fichier est vide."))
    separator = ";" if ";" in lines[0] else ","
    header = [name.strip().lower() for name in lines[0].split(separator)]
    if header[:2] != list(CENSUS_COLUMNS):
        raise ValidationError(
            _("Ligne 1 : l'en-tête doit être « identifiant%(sep)sannee_naissance ».")
            % {"sep": separator}
        )
    digests: set[str] = set()
    errors = []
    this_year = timezone.localdate().year
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(separator)]
        identifier, year = (cells + ["", ""])[:2]
        if not identifier:
            errors.append(_("Ligne %(line)s : identifiant manquant.") % {"line": number})
        elif not (year.isdigit() and len(year) == 4 and 1900 <= int(year) <= this_year):
            errors.append(
                _("Ligne %(line)s : année de naissance « %(year)s » invalide (quatre chiffres).")
                % {"line": number, "year": year}
            )
        else:
            digest = census_digest(budget, identifier, year)
            if digest in digests:
                errors.append(_("Ligne %(line)s : résident en double.") % {"line": number})
            digests.add(digest)
    if errors:
        raise ValidationError(errors[:20])
    budget.census.all().delete()
    CensusEntry.objects.bulk_create(
        (CensusEntry(budget=budget, digest=d) for d in digests), batch_size=2000
    )
    audit.record(actor, "budgets.import_census", budget, residents=len(digests))
    return len(digests)


def census_key(budget: Budget, identifier: str, birth_year: str) -> str:
    """The voter key of a resident on the census; refused when they are not on it."""
    digest = census_digest(budget, identifier, birth_year)
    if not CensusEntry.objects.filter(budget=budget, digest=digest).exists():
        raise ValidationError(
            _(
                "Ces informations ne figurent pas sur la liste des résidents : vérifiez "
                "l'identifiant et l'année de naissance."
            )
        )
    return f"census:{digest}"


def cast_ballot(
    *,
    actor,
    budget: Budget,
    choices: Mapping[int, int],
    resident: tuple[str, str] | None = None,
) -> None:
    """Record that `actor` voted and store the ballot's content apart, in one transaction.

    A second ballot by the same person is refused: the UNIQUE (budget, voter key) holds
    even when the two are sent at the same moment. When the budget's voters are the
    residents of the census, `resident` (identifier, birth year) must match an entry,
    and the key is the resident's: one ballot per resident, whatever the account.
    """
    can_vote.require(actor, budget.process)
    cleaned = validate_ballot(budget, choices)
    key = voter_key(actor)
    if budget.eligibility == Budget.Eligibility.CENSUS:
        key = census_key(budget, *(resident or ("", "")))
    if has_voted(actor, budget):
        raise ValidationError(already_voted_message())
    try:
        with transaction.atomic():
            VoterRecord.objects.create(budget=budget, voter=actor, voter_key=key)
            _store_ballot(budget, cleaned)
            # The audit says that the person voted, never for what (no ballot id either).
            audit.record(actor, "budgets.vote", budget, process=budget.process.slug)
    except IntegrityError:
        raise ValidationError(already_voted_message()) from None


# Ballots go to the box at a random place and are written out a batch at a time, so the
# storage order of `Ballot` rows says nothing of the order of voting (0102).
BALLOT_BATCH = 20


def _locked_box(budget: Budget) -> BallotBox:
    box = BallotBox.objects.select_for_update().filter(budget=budget).first()
    if box is None:
        try:
            with transaction.atomic():
                BallotBox.objects.create(budget=budget)
        except IntegrityError:  # created at the same moment by another ballot
            pass
        box = BallotBox.objects.select_for_update().get(budget=budget)
    return box


def _store_ballot(budget: Budget, cleaned: Mapping[int, int]) -> None:
    """Put the ballot in the box at a random place; a full box is written out as `Ballot`
    rows in its (random) order. Call inside the transaction that records the voter."""
    box = _locked_box(budget)
    item = {
        "day": timezone.localdate().isoformat(),
        "choices": [[project_id, value] for project_id, value in sorted(cleaned.items())],
    }
    box.pending.insert(secrets.randbelow(len(box.pending) + 1), item)
    if len(box.pending) >= BALLOT_BATCH:
        _write_out(budget, box.pending)
        box.pending = []
    box.save(update_fields=["pending"])
    Budget.objects.filter(pk=budget.pk, vote_opened_at__isnull=True).update(
        vote_opened_at=timezone.now()
    )


def _write_out(budget: Budget, pending: list[dict]) -> None:
    ballots = [
        Ballot(budget=budget, cast_on=datetime.date.fromisoformat(item["day"])) for item in pending
    ]
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(
        (
            BallotChoice(ballot=ballot, project_id=project_id, points=value)
            for ballot, item in zip(ballots, pending, strict=True)
            for project_id, value in item["choices"]
        ),
        batch_size=2000,
    )


@transaction.atomic
def empty_ballot_box(budget: Budget) -> int:
    """Write out the ballots still in the box, whatever their number (once the vote is
    closed: no later ballot can be told apart from them by its place)."""
    box = BallotBox.objects.select_for_update().filter(budget=budget).first()
    if box is None or not box.pending:
        return 0
    pending = box.pending
    _write_out(budget, pending)
    box.pending = []
    box.save(update_fields=["pending"])
    return len(pending)


def enter_paper_ballot(
    *,
    actor,
    budget: Budget,
    number: str,
    choices: Mapping[int, int],
    with_receipt: bool = False,
) -> PaperBallot:
    """A poll officer enters a paper ballot under its number: each number once (the number
    is on the paper, not a person). The entry waits for a second officer's check
    (`confirm_paper_ballot`) before its content goes to the ballot box.

    `with_receipt`: the voter is there and leaves with a receipt saying that ballot n° …
    was recorded that day in this vote: it names the voter record, never the ballot, and
    withdraws nothing (docs/decisions/0205-receipts.md). `paper.issued_receipt` holds it.
    """
    can_enter_paper_ballots.require(actor, budget.process)
    number = number.strip()
    if not number:
        raise ValidationError(_("Indiquez le numéro imprimé sur le bulletin papier."))
    cleaned = validate_ballot(budget, choices)
    try:
        with transaction.atomic():
            record = VoterRecord.objects.create(
                budget=budget, voter=None, voter_key=f"paper:{number}"
            )
            paper = PaperBallot.objects.create(
                budget=budget, number=number, choices=_as_json(cleaned), entered_by=actor
            )
            audit.record(actor, "budgets.enter_paper_ballot", budget, number=number)
            if with_receipt:
                paper.issued_receipt = _paper_ballot_receipt(actor, budget, record, number)
    except IntegrityError:
        raise ValidationError(
            _("Le bulletin papier n° %(number)s a déjà été saisi : il n'est compté qu'une fois.")
            % {"number": number}
        ) from None
    Budget.objects.filter(pk=budget.pk, vote_opened_at__isnull=True).update(
        vote_opened_at=timezone.now()
    )
    return paper


def _as_json(cleaned: Mapping[int, int]) -> dict[str, int]:
    return {str(project_id): value for project_id, value in sorted(cleaned.items())}


def paper_choices(paper: PaperBallot) -> dict[int, int]:
    return {int(project_id): value for project_id, value in paper.choices.items()}


def _locked_paper(budget: Budget, number: str) -> PaperBallot:
    paper = PaperBallot.objects.select_for_update().filter(budget=budget, number=number).first()
    if paper is None:
        raise ValidationError(
            _("Aucun bulletin papier n° %(number)s n'a été saisi dans ce vote.")
            % {"number": number}
        )
    return paper


def _refuse_own_entry(actor, paper: PaperBallot) -> None:
    if paper.entered_by_id is not None and paper.entered_by_id == actor.pk:
        raise ValidationError(
            _(
                "Vous avez saisi le bulletin papier n° %(number)s : un·e autre membre du bureau "
                "de vote doit le vérifier avec le papier."
            )
            % {"number": paper.number}
        )


def _refuse_unless(paper: PaperBallot, status: object) -> None:
    if paper.status == status:
        return
    if paper.status == PaperBallot.Status.CHECKED:
        message = _("Le bulletin papier n° %(number)s est déjà vérifié.")
    elif paper.status == PaperBallot.Status.TO_CORRECT:
        message = _(
            "Un écart a été signalé sur le bulletin papier n° %(number)s : il doit d'abord être "
            "corrigé."
        )
    else:
        message = _("Le bulletin papier n° %(number)s attend d'être vérifié, pas corrigé.")
    raise ValidationError(message % {"number": paper.number})


@transaction.atomic
def confirm_paper_ballot(*, actor, budget: Budget, number: str) -> PaperBallot:
    """A second officer confirms that the entry matches the paper: the content goes to the
    ballot box and is erased from the entry, which keeps only who entered and checked it."""
    can_check_paper_ballots.require(actor, budget.process)
    paper = _locked_paper(budget, number)
    _refuse_unless(paper, PaperBallot.Status.TO_CHECK)
    _refuse_own_entry(actor, paper)
    cleaned = validate_ballot(budget, paper_choices(paper))
    _store_ballot(budget, cleaned)
    paper.status = PaperBallot.Status.CHECKED
    paper.choices = {}
    paper.checked_by = actor
    paper.save(update_fields=["status", "choices", "checked_by"])
    audit.record(actor, "budgets.check_paper_ballot", budget, number=paper.number)
    return paper


@transaction.atomic
def flag_paper_ballot(*, actor, budget: Budget, number: str, reason: str) -> PaperBallot:
    """A second officer finds that the entry differs from the paper: it goes back for
    correction by another officer, with the reason."""
    can_check_paper_ballots.require(actor, budget.process)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Décrivez l'écart entre la saisie et le papier (par exemple : « projet 4 coché »).")
        )
    paper = _locked_paper(budget, number)
    _refuse_unless(paper, PaperBallot.Status.TO_CHECK)
    _refuse_own_entry(actor, paper)
    paper.status = PaperBallot.Status.TO_CORRECT
    paper.flagged_by = actor
    paper.mismatch_reason = reason
    paper.save(update_fields=["status", "flagged_by", "mismatch_reason"])
    audit.record(actor, "budgets.flag_paper_ballot", budget, number=paper.number, reason=reason)
    return paper


@transaction.atomic
def correct_paper_ballot(
    *, actor, budget: Budget, number: str, choices: Mapping[int, int]
) -> PaperBallot:
    """An officer other than the one who found the gap enters the paper again; the entry
    then waits for a check by someone other than this officer."""
    can_check_paper_ballots.require(actor, budget.process)
    paper = _locked_paper(budget, number)
    _refuse_unless(paper, PaperBallot.Status.TO_CORRECT)
    if paper.flagged_by_id is not None and paper.flagged_by_id == actor.pk:
        raise ValidationError(
            _(
                "Vous avez signalé l'écart sur le bulletin papier n° %(number)s : un·e autre "
                "membre du bureau de vote le corrige, puis vous pourrez vérifier sa correction."
            )
            % {"number": paper.number}
        )
    cleaned = validate_ballot(budget, choices)
    paper.choices = _as_json(cleaned)
    paper.entered_by = actor
    paper.status = PaperBallot.Status.TO_CHECK
    paper.save(update_fields=["choices", "entered_by", "status"])
    audit.record(actor, "budgets.correct_paper_ballot", budget, number=paper.number)
    return paper


def unchecked_paper_ballots(budget: Budget) -> int:
    return budget.paper_ballots.exclude(status=PaperBallot.Status.CHECKED).count()


def refuse_while_unchecked(budget: Budget) -> None:
    """Counting waits for every paper ballot to be checked by a second officer (0102)."""
    count = unchecked_paper_ballots(budget)
    if count:
        raise ValidationError(
            ngettext(
                "%(count)s bulletin papier n'est pas encore vérifié par un second membre du "
                "bureau de vote : le décompte attend qu'il le soit, pour que chaque bulletin "
                "compté ait été relu sur le papier.",
                "%(count)s bulletins papier ne sont pas encore vérifiés par un second membre du "
                "bureau de vote : le décompte attend qu'ils le soient, pour que chaque bulletin "
                "compté ait été relu sur le papier.",
                count,
            )
            % {"count": count}
        )


def _paper_ballot_receipt(actor, budget: Budget, record: VoterRecord, number: str):
    # The day only, as the ballot's own date (Ballot.cast_on): the receipt's time may not
    # help line a ballot up with the order of the voter records.
    day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return issue_receipt(
        actor=actor,
        kind="budgets.paper_ballot",
        item_id=record.pk,
        title=_("Bulletin papier n° %(number)s enregistré dans le vote « %(vote)s »")
        % {"number": number, "vote": budget.process.title},
        summary="",
        recorded_at=day,
    )


def already_voted_message() -> str:
    return _(
        "Vous avez déjà voté pour ce budget participatif : un seul bulletin par personne. "
        "Votre premier bulletin est bien compté."
    )


# Counting --------------------------------------------------------------------------------


def project_key(pk: int) -> str:
    """A project's id for the engine: zero-padded, so that the engine's tie-break (the order
    of the ids as text, as pabutools does) is the order the projects were entered in."""
    return f"{pk:06d}"


def election_of(budget: Budget) -> Election:
    """The budget's vote as the engine's election, built from the ballots in the database
    (no voter identity exists there to copy)."""
    projects = list(ballot_projects(budget).order_by("pk"))
    vote_type = {
        KIND.APPROVAL: "approval",
        KIND.KNAPSACK: "approval",
        KIND.CUMULATIVE: "cumulative",
        KIND.RANKING: "ordinal",
    }[budget.ballot_kind]
    entry_ballot, entry_project, entry_points, num_ballots = _ballot_entries(budget, projects)
    meta = {
        "description": budget.process.title,
        "country": "France",
        "unit": str(budget.process.territory),
        "instance": str(budget.process.slug),
        "budget": str(budget.total_amount),
        "vote_type": vote_type,
        "currency": "EUR",
        "num_projects": str(len(projects)),
        "num_votes": str(num_ballots),
        "rule": budget.rule,
    }
    if vote_type == "approval" and budget.ballot_kind == KIND.APPROVAL:
        meta["min_length"] = str(budget.min_projects)
        if budget.max_projects is not None:
            meta["max_length"] = str(budget.max_projects)
    if vote_type == "cumulative":
        meta["max_sum_points"] = str(budget.points)
    if vote_type == "ordinal":
        meta["max_length"] = str(budget.max_ranks)
    records = []
    for project in projects:
        record = {
            "project_id": project_key(project.pk),
            "cost": str(project.cost),
            "name": str(project),
        }
        if project.district_id:
            record["district"] = project.district.name
        records.append(record)
    # Canonical order (by content): neither the storage order nor the box says who voted when.
    return build_election_from_entries(
        meta=meta,
        projects=records,
        ballot=entry_ballot,
        project=entry_project,
        points=entry_points,
        num_ballots=num_ballots,
    )


def _ballot_entries(budget: Budget, projects: list[Project]):
    """Every choice of the written ballots and of the box, as arrays: ballot number,
    project (its position in `projects`), points; and the number of ballots. Read with
    one query, numbered by the database (no ballot id, no Python object per row)."""
    numbered = (
        BallotChoice.objects.filter(ballot__budget=budget)
        .annotate(number=Window(DenseRank(), order_by=F("ballot_id").asc()))
        .values_list("number", "project_id", "points")
        .order_by()
    )
    sql, params = numbered.query.sql_with_params()
    chunks = [np.zeros((0, 3), dtype=np.int64)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(50_000):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    table = np.concatenate(chunks)
    ballot = table[:, 0] - 1
    project_ids, points = table[:, 1], table[:, 2]
    num_ballots = int(ballot.max()) + 1 if len(ballot) else 0
    in_box = BallotBox.objects.filter(budget=budget).values_list("pending", flat=True).first()
    extra_ballot, extra_project, extra_points = [], [], []
    for item in in_box or []:
        for project_id, given in item["choices"]:
            extra_ballot.append(num_ballots)
            extra_project.append(int(project_id))
            extra_points.append(int(given))
        num_ballots += 1
    if extra_ballot:
        ballot = np.concatenate((ballot, np.array(extra_ballot, dtype=np.int64)))
        project_ids = np.concatenate((project_ids, np.array(extra_project, dtype=np.int64)))
        points = np.concatenate((points, np.array(extra_points, dtype=np.int64)))
    keys = np.array([project.pk for project in projects], dtype=np.int64)
    position = np.searchsorted(keys, project_ids)
    position = np.minimum(position, max(len(keys) - 1, 0))
    known = keys[position] == project_ids if len(keys) else np.zeros(len(project_ids), bool)
    if not known.all():
        raise ValueError("a ballot lists a project that is not on the ballot")
    return ballot, position, points, num_ballots


def count_budget(budget: Budget) -> CountOutcome:
    """Count the ballots with the budget's rule and store the outcome (the background task
    calls it; nothing is published). Once the vote is closed, the box is emptied first."""
    if not vote_open(budget.process):
        empty_ballot_box(budget)
    election = election_of(budget)
    districts = {d.name: Fraction(d.amount) for d in budget.districts.all()}
    used = {p.district for p in election.projects} - {None}
    district_budgets = (
        districts if districts and used and all(p.district for p in election.projects) else None
    )
    if district_budgets:
        district_budgets = {name: amount for name, amount in districts.items() if name in used}
    min_score = budget.min_score if budget.rule == "greedy" else None
    result = count_election(
        election, budget.rule, min_score=min_score, district_budgets=district_budgets
    )
    names = {project.project_id: project.name for project in election.projects}
    data = outcome_data(result, source="parlons", names=names)
    with transaction.atomic():
        outcome = CountOutcome.objects.create(
            budget=budget, rule=budget.rule, ballots=election.num_voters, data=data
        )
        audit.record(None, "budgets.count", budget, rule=budget.rule, ballots=outcome.ballots)
    return outcome


TIE = re.compile(r"à égalité avec (?P<ids>[^:(]+?)(?P<rest> \(même coût[^)]*\))?\u00a0:")


def _for_residents(text: str, names: dict[str, str]) -> str:
    """The engine's sentence about a Parlons vote, with project names instead of ids."""

    def named(match: re.Match) -> str:
        ids = [part.strip() for part in match["ids"].split(",")]
        listed = ", ".join(f"« {names.get(i, i)} »" for i in ids)
        return f"à égalité avec {listed}{match['rest'] or ''} :"

    text = TIE.sub(named, text)
    return text.replace(
        "l'ordre des identifiants de projet", "l'ordre dans lequel les projets ont été enregistrés"
    )


def outcome_data(result, *, source: str, names: dict[str, str] | None = None) -> dict:
    """What the results page shows, from the engine's result, as plain JSON. `names`
    (project id → title) words the sentences of a Parlons vote with names, not ids."""
    explanations = explain_result(result)
    if names is not None:
        explanations = {pid: _for_residents(text, names) for pid, text in explanations.items()}

    scores: dict[str, str] = {}
    districts = []
    for district in result.districts:
        profile = district.profile
        for project_id, score in zip(profile.project_ids, profile.scores(), strict=True):
            scores[project_id] = str(score)
        districts.append(
            {
                "name": district.name,
                "budget": str(district.budget),
                "used": str(district.total_cost),
                "voters": profile.num_voters,
            }
        )
    selected = set(result.selected_ids)
    projects = []
    for project in result.election.projects:
        projects.append(
            {
                "id": project.project_id,
                "title": project.name,
                "cost": str(project.cost),
                "district": project.district or "",
                "votes": scores.get(project.project_id, "0"),
                "selected": project.project_id in selected,
                "why": explanations.get(project.project_id, ""),
            }
        )
    projects.sort(key=lambda p: (not p["selected"], -Fraction(p["votes"]), p["id"]))
    return {
        "source": source,
        "rule": result.rule,
        "measure": result.measure,
        "budget": str(result.budget),
        "used": str(result.total_cost),
        "voters": result.election.num_voters,
        "by_district": result.by_district,
        "districts": districts,
        "projects": projects,
        "notes": [
            note
            for note in describe_count(result)
            # A Parlons vote has no "file": say nothing when counted as one budget.
            if names is None or not note.startswith("décompte d'un seul budget")
        ],
    }


@transaction.atomic
def request_count(*, actor, budget: Budget) -> None:
    """Ask the task worker to count the ballots (after this transaction commits)."""
    can_manage_budget.require(actor, budget.process)
    refuse_while_unchecked(budget)
    from .tasks import count_budget_task

    audit.record(actor, "budgets.request_count", budget, rule=budget.rule)
    transaction.on_commit(lambda: count_budget_task.enqueue(budget_id=budget.pk))


@transaction.atomic
def publish_results(*, actor, budget: Budget) -> CountOutcome:
    """A named organiser publishes the latest count; each winning project is announced."""
    can_manage_budget.require(actor, budget.process)
    outcome = budget.outcomes.first()
    if outcome is None:
        raise ValidationError(_("Aucun décompte à publier : lancez d'abord le décompte."))
    refuse_while_unchecked(budget)
    if outcome.data.get("source") == "parlons" and outcome.rule != budget.rule:
        raise ValidationError(_("Ce décompte a été fait avec une autre règle : relancez-le."))
    budget.results_published_at = timezone.now()
    budget.results_published_by = actor
    budget.save(update_fields=["results_published_at", "results_published_by"])
    audit.record(actor, "budgets.publish_results", budget, outcome=outcome.pk)
    for decision in winning_decisions(budget, outcome):
        announce(decision)
    return outcome


def winning_decisions(budget: Budget, outcome: CountOutcome) -> list[Decision]:
    if outcome.data.get("source") != "parlons" or budget.results_published_at is None:
        return []
    projects = {project_key(p.pk): p for p in budget.projects.all()}
    by = budget.results_published_by
    decided_by = getattr(by, "public_name", "") or str(budget.process.territory)
    url = reverse("budgets:results", kwargs={"slug": budget.process.slug})
    decisions = []
    for row in outcome.data["projects"]:
        project = projects.get(row["id"])
        if not row["selected"] or project is None:
            continue
        decisions.append(
            Decision(
                kind="budget_project",
                key=str(project.pk),
                process_id=budget.process_id,
                title=str(project),
                summary=project.public_description,
                url=url,
                decided_at=budget.results_published_at,
                decided_by=str(decided_by),
                amount=project.cost,
            )
        )
    return decisions


# pabulib ---------------------------------------------------------------------------------


def export_pabulib(budget: Budget) -> str:
    """The vote as a `.pb` file: projects and ballots, no voter identity."""
    return write_pabulib(election_of(budget))


@transaction.atomic
def import_pabulib(*, actor, budget: Budget, text: str | bytes, rule: str) -> CountOutcome:
    """Count a `.pb` file (a past vote) with `rule` and keep its result for the démarche."""
    can_manage_budget.require(actor, budget.process)
    try:
        election = parse_pabulib(text)
        result = count_election(election, rule)
    except PabulibError as error:
        raise ValidationError(_("Fichier illisible : %(error)s") % {"error": error}) from None
    except ValueError as error:
        raise ValidationError(str(error)) from None
    outcome = CountOutcome.objects.create(
        budget=budget,
        rule=rule,
        ballots=election.num_voters,
        data=outcome_data(result, source="pabulib"),
    )
    audit.record(actor, "budgets.import_pabulib", budget, rule=rule, ballots=outcome.ballots)
    return outcome
