"""Participatory budgets: a démarche's budget, its projects and its ballots.

The record that a person voted (`VoterRecord`) and the content of the ballots
(`Ballot`, `BallotChoice`) are kept apart: a ballot has a random id, no link to a
person or to the record, and only the day it was cast. The two are written in
one transaction; nothing in the schema joins them (a test tries every field).
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def random_ballot_id() -> uuid.UUID:
    return uuid.UUID(bytes=secrets.token_bytes(16), version=4)


def random_salt() -> str:
    return secrets.token_hex(32)


class Budget(models.Model):
    """One budget per démarche: the money, the ballot and the counting rule."""

    class BallotKind(models.TextChoices):
        APPROVAL = "approval", _("approbation (choisir des projets)")
        KNAPSACK = "knapsack", _("sac à dos (des projets dans la limite du budget)")
        CUMULATIVE = "cumulative", _("points à répartir")
        RANKING = "ranking", _("classement")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("les plus soutenus d'abord, dans la limite du budget")
        UTILITARIAN = "utilitarian", _("la combinaison qui réunit le plus de voix")
        MES_COST = "mes-cost", _("parts égales (selon le coût)")
        MES_COST_COMPLETED = "mes-cost-completed", _("parts égales (selon le coût), complétée")
        MES_CARDINALITY = "mes-cardinality", _("parts égales (selon le nombre de projets)")
        MES_POINTS = "mes-points", _("parts égales (selon les points)")
        MES_POINTS_COMPLETED = (
            "mes-points-completed",
            _("parts égales (selon les points), complétée"),
        )

    class Eligibility(models.TextChoices):
        SIGNED_IN = "signed_in", _("toute personne connectée")
        CENSUS = "census", _("les résidents de la liste importée (liste électorale, recensement)")

    # The fields an organiser sets on the setup page.
    EDITABLE_FIELDS = (
        "total_amount",
        "eligibility",
        "ballot_kind",
        "min_projects",
        "max_projects",
        "points",
        "max_ranks",
        "rule",
        "min_score",
    )

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="budget"
    )
    total_amount = models.DecimalField(
        _("budget total (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    ballot_kind = models.CharField(
        _("type de bulletin"), max_length=20, choices=BallotKind.choices, default="knapsack"
    )
    min_projects = models.PositiveIntegerField(
        _("nombre minimum de projets"), default=1, help_text=_("Bulletin d'approbation.")
    )
    max_projects = models.PositiveIntegerField(
        _("nombre maximum de projets"),
        null=True,
        blank=True,
        help_text=_("Bulletin d'approbation ; vide : sans limite."),
    )
    points = models.PositiveIntegerField(
        _("points à répartir"), default=10, help_text=_("Bulletin à points.")
    )
    max_ranks = models.PositiveIntegerField(
        _("nombre de projets à classer"), default=3, help_text=_("Bulletin de classement.")
    )
    rule = models.CharField(
        _("règle de décompte"), max_length=30, choices=Rule.choices, default="greedy"
    )
    min_score = models.PositiveIntegerField(
        _("seuil de voix (règle « les plus soutenus d'abord »)"),
        null=True,
        blank=True,
        help_text=_("Un projet doit atteindre ce nombre de voix ou de points ; vide : aucun."),
    )
    eligibility = models.CharField(
        _("qui peut voter"), max_length=20, choices=Eligibility.choices, default="signed_in"
    )
    census_salt = models.CharField(max_length=64, default=random_salt, editable=False)
    """Per budget: the census hashes of one budget say nothing about another's."""
    vote_opened_at = models.DateTimeField(_("ouverture du vote"), null=True, blank=True)
    results_published_at = models.DateTimeField(
        _("publication des résultats"), null=True, blank=True
    )
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("résultats publiés par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("budget participatif")
        verbose_name_plural = _("budgets participatifs")

    def __str__(self) -> str:
        return str(self.process)

    def get_absolute_url(self) -> str:
        return reverse("budgets:projects", kwargs={"slug": self.process.slug})

    def clean(self) -> None:
        errors = {}
        if self.max_projects is not None and self.max_projects < self.min_projects:
            errors["max_projects"] = _("Le maximum ne peut pas être inférieur au minimum.")
        if self.ballot_kind == self.BallotKind.CUMULATIVE and self.points < 1:
            errors["points"] = _("Donnez au moins 1 point à répartir.")
        if self.ballot_kind == self.BallotKind.RANKING and self.max_ranks < 1:
            errors["max_ranks"] = _("Il faut classer au moins 1 projet.")
        if errors:
            raise ValidationError(errors)


class District(models.Model):
    """A part of the territory with its own share of the budget."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("quartier"), max_length=100)
    amount = models.DecimalField(
        _("budget du quartier (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="budget_district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    class Feasibility(models.TextChoices):
        PENDING = "pending", _("en cours d'étude")
        FEASIBLE = "feasible", _("réalisable")
        NOT_FEASIBLE = "not_feasible", _("non réalisable")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("titre"), max_length=150)
    public_title = models.CharField(_("titre publié"), max_length=200, blank=True)
    description = models.TextField(_("présentation du projet"), max_length=4000)
    public_description = models.TextField(_("description publiée"), blank=True)
    cost = models.DecimalField(
        _("coût estimé (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="projects",
    )
    image = models.ImageField(_("image"), upload_to="budgets/", blank=True)
    image_alt = models.CharField(
        _("description de l'image"),
        max_length=200,
        blank=True,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_proposal = models.CharField(
        _("proposition d'origine"),
        max_length=40,
        blank=True,
        help_text=_("Clé de la décision « proposition acceptée » convertie en projet."),
    )
    feasibility = models.CharField(
        _("faisabilité"), max_length=20, choices=Feasibility.choices, default="pending"
    )
    feasibility_reason = models.TextField(_("motif (public)"), blank=True)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.public_title or self.title

    def clean(self) -> None:
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Décrivez l'image en quelques mots.")})
        if (
            self.feasibility == self.Feasibility.NOT_FEASIBLE
            and not self.feasibility_reason.strip()
        ):
            raise ValidationError(
                {"feasibility_reason": _("Un projet non réalisable a toujours un motif public.")}
            )


class CensusEntry(models.Model):
    """A resident who may vote, as a salted hash of their identifier and birth year only."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="census")
    digest = models.CharField(_("empreinte salée"), max_length=64)

    class Meta:
        verbose_name = _("résident de la liste")
        verbose_name_plural = _("résidents de la liste")
        constraints = [
            models.UniqueConstraint(fields=["budget", "digest"], name="budget_census_unique")
        ]

    def __str__(self) -> str:
        return self.digest[:8]


class VoterRecord(models.Model):
    """That a person voted in a budget, and nothing of what they chose."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voter_records")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("votant·e"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voter_key = models.CharField(_("clé d'émargement"), max_length=80)
    """`user:<id>` for a signed-in person; the key survives the account's deletion."""

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter_key"], name="budget_one_ballot_each")
        ]

    def __str__(self) -> str:
        return str(_("émargement"))


class Ballot(models.Model):
    """The content of one ballot: a random id, the day, no person."""

    id = models.UUIDField(primary_key=True, default=random_ballot_id, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    cast_on = models.DateField(_("jour du vote"))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        # Never in insertion order: a random id gives no hint of who voted when.
        ordering = ["id"]

    def __str__(self) -> str:
        return str(_("bulletin"))


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=random_ballot_id, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveIntegerField(default=1)
    """1 for approval and knapsack; the points given (cumulative); the rank (ranking)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_project_once")
        ]

    def __str__(self) -> str:
        return str(self.points)


class BallotBox(models.Model):
    """The ballots of a budget not yet written out as `Ballot` rows: at most one batch.

    Each new ballot goes in at a random place of the list; when the list holds
    `BALLOT_BATCH` ballots they are written out together, in the list's (random)
    order. So neither the ballots' ids (random) nor their storage order say who voted
    when: at best, which batch of `BALLOT_BATCH` (docs/decisions/0102-budget-votes.md).
    """

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="box")
    pending = models.JSONField(default=list)
    """`[{"day": "2026-12-06", "choices": [[project id, points], ...]}, ...]`."""

    def __str__(self) -> str:
        return str(_("urne"))


class PaperBallot(models.Model):
    """A paper ballot entered by a poll officer, checked against the paper by another.

    Its content is kept here only until the check: once a second officer confirms it,
    the content goes to the ballot box like any ballot and is erased here, so the
    number printed on the paper leads to no ballot. The officers are named (they
    answer for the entry and the check); no voter is.
    """

    class Status(models.TextChoices):
        TO_CHECK = "to_check", _("à vérifier")
        TO_CORRECT = "to_correct", _("écart signalé, à corriger")
        CHECKED = "checked", _("vérifié")

    id = models.UUIDField(primary_key=True, default=random_ballot_id, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="paper_ballots")
    number = models.CharField(_("numéro du bulletin papier"), max_length=40)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.TO_CHECK
    )
    choices = models.JSONField(default=dict)
    """`{"<project id>": points}` until the check; empty once checked."""
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("écart signalé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mismatch_reason = models.TextField(_("écart constaté"), blank=True)

    class Meta:
        verbose_name = _("bulletin papier")
        verbose_name_plural = _("bulletins papier")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_paper_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class CountOutcome(models.Model):
    """A count of the budget's ballots by the engine, stored with its explanations."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="outcomes")
    rule = models.CharField(max_length=30)
    counted_at = models.DateTimeField(auto_now_add=True)
    ballots = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    """Per project: votes, cost, selected, explanation; per district; the notes."""

    class Meta:
        ordering = ["-counted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rule} {self.counted_at:%Y-%m-%d %H:%M}"
