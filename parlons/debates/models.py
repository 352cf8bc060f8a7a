"""Contributions, threaded replies, reactions, reports, official answers and paper imports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role

# A contribution (depth 0), a reply (1) and a reply to a reply (2): deeper
# threads become hard to follow on a phone and with a screen reader.
MAX_DEPTH = 2
# What the lists of a démarche show: top-level posts that are not waiting for a
# moderator and that their author did not withdraw.
LISTED = models.Q(parent__isnull=True, held_for_review=False, withdrawn_at__isnull=True)
BODY_MAX_LENGTH = 5000
# A title is a short line that names the idea, not a second text.
TITLE_MAX_LENGTH = 120
LABEL_MAX_LENGTH = 80
HIDDEN_REASON_MAX_LENGTH = 300
REPORT_MAX_LENGTH = 1000


class Contribution(models.Model):
    """A text written in a démarche: online, at a counter, on paper or in a meeting.

    A top-level contribution has no parent; a reply points to its parent and to
    the thread's `root`, so a whole thread is read in one query.
    """

    class Source(models.TextChoices):
        ONLINE = "online", _("en ligne")
        COUNTER = "counter", _("au guichet, saisie par un·e médiateur·rice")
        PAPER = "paper", _("formulaire papier")
        MEETING = "meeting", _("recueillie en réunion publique")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="contributions"
    )
    theme = models.ForeignKey(
        "processes.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    place = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # The public meeting (or other occasion of the démarche) where it was said.
    occasion = models.ForeignKey(
        "processes.Occasion",
        verbose_name=_("réunion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    # Optional: without one, pages show who wrote it and when rather than cut
    # the first words of the text into a heading.
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH, blank=True)
    # Masking may lengthen a text ("[adresse]"): room for the masked copy.
    public_title = models.CharField(_("titre publié"), max_length=400, blank=True)
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    # The text as anyone else may read it: personal data masked by the scrubber
    # when it was written (parlons.privacy.publication). Pages, feeds, exports
    # and the API show this copy; only the author sees `body`.
    public_body = models.TextField(_("texte publié"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    depth = models.PositiveSmallIntegerField(_("profondeur"), default=0)
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper_import = models.ForeignKey(
        "debates.PaperImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    display_label = models.CharField(
        _("signature choisie"),
        max_length=LABEL_MAX_LENGTH,
        blank=True,
        help_text=_("Par exemple « Une habitante de Lanvenec ». Jamais de nom de famille."),
    )
    public_display_label = models.CharField(_("signature publiée"), max_length=200, blank=True)
    consent_given = models.BooleanField(_("consentement à la publication"), default=False)
    consent_text_version = models.CharField(
        _("version du texte de consentement"), max_length=20, blank=True
    )
    consent_at = models.DateTimeField(_("consentement recueilli le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    # Held before publication by the spam score (parlons.core.spam) until a
    # moderator publishes or hides it; the reasons stay for the moderators.
    held_for_review = models.BooleanField(_("en attente de vérification"), default=False)
    held_explanation = models.TextField(_("raisons de la mise de côté"), blank=True)
    hidden_reason = models.CharField(
        _("motif public du masquage"), max_length=HIDDEN_REASON_MAX_LENGTH, blank=True
    )
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("masquée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    # The last time its author changed it; the earlier versions are ContributionRevisions.
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    # Withdrawn by its author: the text leaves every public surface at once and a
    # trace stays in the thread; the text itself is erased by the daily purge
    # once the declared retention has passed (debates/privacy.py).
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        # The list of a démarche (top-level posts not held for a moderator, newest first), and
        # the same list filtered by theme or by commune, read in order from partial indexes: a
        # page of 20 reads 20 index entries whatever the size of the démarche (bench/pages.py).
        # "parent IS NULL" sits in the condition, not in the columns: PostgreSQL does not take
        # an IS NULL column as fixed, and would sort every row to find the newest.
        indexes = [
            models.Index(
                fields=["process", "-created_at", "-id"],
                condition=LISTED,
                name="contribution_listed",
            ),
            models.Index(
                fields=["process", "theme", "-created_at", "-id"],
                condition=LISTED,
                name="contribution_listed_theme",
            ),
            models.Index(
                fields=["process", "place", "-created_at", "-id"],
                condition=LISTED,
                name="contribution_listed_place",
            ),
            models.Index(fields=["root", "created_at"], name="contribution_thread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__lte=MAX_DEPTH), name="contribution_depth_limited"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        target = self.root_id or self.pk
        url = reverse("debates:detail", kwargs={"slug": self.process.slug, "pk": target})
        return url if self.root_id is None else f"{url}#contribution-{self.pk}"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def is_mediated(self) -> bool:
        return self.source != self.Source.ONLINE

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def accepts_replies(self) -> bool:
        return self.depth < MAX_DEPTH and not self.is_hidden and not self.is_withdrawn


class ContributionRevision(models.Model):
    """A version of a contribution as it read before its author edited it.

    Seen by the author and the moderators only; never published.
    """

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(_("titre d'avant"), max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("texte d'avant"), max_length=BODY_MAX_LENGTH)
    written_at = models.DateTimeField(_("version écrite le"))
    replaced_at = models.DateTimeField(_("remplacée le"), default=timezone.now)

    class Meta:
        verbose_name = _("version précédente d'une contribution")
        verbose_name_plural = _("versions précédentes des contributions")
        ordering = ["contribution", "-replaced_at", "-id"]
        indexes = [models.Index(fields=["contribution", "-replaced_at"], name="revision_history")]

    def __str__(self) -> str:
        return f"#{self.contribution_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    class Value(models.TextChoices):
        AGREE = "agree", _("D'accord")
        DISAGREE = "disagree", _("Pas d'accord")
        PASS = "pass", _("Sans avis")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne qui a réagi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reactions",
    )
    value = models.CharField(_("réaction"), max_length=10, choices=Value.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réaction")
        verbose_name_plural = _("réactions")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user"], name="reaction_one_per_person"
            ),
        ]
        indexes = [
            # Counting agree / disagree / pass for a contribution reads the index only.
            models.Index(fields=["contribution", "value"], name="reaction_counts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()} #{self.contribution_id}"


class Report(models.Model):
    """Someone asks the moderators to look at a contribution."""

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("contribution masquée")
        KEPT = "kept", _("contribution conservée")

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif du signalement"), max_length=REPORT_MAX_LENGTH)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("suite donnée"), max_length=10, choices=Outcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["handled_at", "contribution"], name="report_queue")]

    def __str__(self) -> str:
        return f"#{self.contribution_id}: {self.reason[:40]}"


def official_signature(user) -> str:
    """'Name, title (role)': how an official answer is signed."""
    if user is None:
        return str(_("compte supprimé"))
    parts = [user.public_name]
    if user.official_title:
        parts.append(user.official_title)
    return f"{', '.join(parts)} ({Role.EXPERT.label})"


class OfficialAnswer(models.Model):
    """An answer from an expert or an elected official, signed with name and role."""

    # The démarche, repeated from the contribution: the démarche page lists its
    # latest answers from an index instead of walking every contribution.
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="official_answers"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="official_answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official_answers",
    )
    body = models.TextField(_("réponse"), max_length=BODY_MAX_LENGTH)
    public_body = models.TextField(_("réponse publiée"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse officielle")
        verbose_name_plural = _("réponses officielles")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["contribution", "created_at"], name="answer_by_contribution"),
            models.Index(fields=["process", "-created_at"], name="answer_latest"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def signature(self) -> str:
        return official_signature(self.author)


class PaperImport(models.Model):
    """One file of paper forms imported at once: who, when, which file, how many rows."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="paper_imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)
    file_name = models.CharField(_("fichier"), max_length=255)
    row_count = models.PositiveIntegerField(_("nombre de contributions"))
    # The same file imported twice would publish every form twice: refused unless confirmed.
    file_sha256 = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64, blank=True)
    confirmed_duplicate = models.BooleanField(_("importé quand même (déjà importé)"), default=False)

    class Meta:
        verbose_name = _("import de formulaires papier")
        verbose_name_plural = _("imports de formulaires papier")
        ordering = ["-imported_at"]
        indexes = [models.Index(fields=["process", "file_sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"


class DebateCount(models.Model):
    """One number a démarche's pages show, kept by the debate's services.

    Per démarche (`key` 0): `listed` top-level posts (hidden ones stay listed, as
    a trace), visible `contributions` and `replies`, visible messages `without_account`
    (counter, paper, erased accounts: one person each) and `authors` (people with an
    account and at least one visible message). Per démarche and `author`: that
    person's visible messages; per `theme` and per `place`: listed posts.
    Each write that makes a message appear or leave changes them in its own
    transaction, in one statement (`parlons.debates.counters`); `recount` rebuilds
    them. See docs/decisions/0020-debate-counters-kept-by-the-services.md.
    """

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("sorte de compte"), max_length=16)
    # For kind "author": the account's id (declared in debates/privacy.py).
    key = models.IntegerField(_("ce qui est compté (compte, thème ou lieu)"), default=0)
    value = models.IntegerField(_("nombre"), default=0)

    class Meta:
        verbose_name = _("compte tenu à jour de la démarche")
        verbose_name_plural = _("comptes tenus à jour de la démarche")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind", "key"], name="debate_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.kind} {self.key}: {self.value}"
