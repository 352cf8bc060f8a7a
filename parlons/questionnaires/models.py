"""Questionnaires: sections, versioned questions, responses, one-time codes and running tallies.

A question's wording, help text and options live in `QuestionVersion` rows:
an answer points to the version it answered, so changing a question after
answers arrived keeps what each person was asked (docs/decisions/0020).
Results are read from `Tally` rows that the services update when an answer
is submitted or changed, never recounted per request.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import files

TITLE_MAX_LENGTH = 200
WORDING_MAX_LENGTH = 500
HELP_MAX_LENGTH = 500
SHORT_TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 5000
OPTION_MAX_LENGTH = 200
MAX_OPTIONS = 40
SCALE_MAX = 10
# The key of the "Autre, précisez" option in stored answers and tallies.
OTHER = "__other__"


class Questionnaire(models.Model):
    class Access(models.TextChoices):
        ACCOUNT = "account", _("les personnes connectées à leur compte")
        CODE = "code", _("les personnes qui ont reçu un code à usage unique")
        OPEN = "open", _("tout le monde, avec ou sans compte")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="questionnaires"
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    introduction = models.TextField(
        _("présentation"), blank=True, help_text=_("Mise en forme Markdown.")
    )
    access = models.CharField(
        _("qui peut répondre"), max_length=10, choices=Access.choices, default=Access.ACCOUNT
    )
    editable_until_close = models.BooleanField(
        _("réponses modifiables jusqu'à la fin de la phase"), default=True
    )
    results_published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)
    # Submitted responses, kept up to date by the services like the tallies.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    # Paper copies numbered so far (parlons.questionnaires.printing): the next print run
    # starts after them, so no two printed copies share an identifier.
    paper_copies_printed = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["created_at", "pk"]

    EDITABLE_FIELDS = ("title", "introduction", "access", "editable_until_close")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:start", args=[self.process.slug, self.pk])

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("titre de la partie"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("texte d'introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["position", "pk"]

    EDITABLE_FIELDS = ("title", "description")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("texte court")
        LONG_TEXT = "long_text", _("texte long")
        SINGLE = "single", _("choix unique")
        MULTIPLE = "multiple", _("choix multiple")
        SCALE = "scale", _("échelle de 1 à N")
        RANKING = "ranking", _("classement")
        MATRIX = "matrix", _("tableau (lignes × colonnes)")
        NUMBER = "number", _("nombre")
        DATE = "date", _("date")
        POSTCODE = "postcode", _("code postal")
        COMMUNE = "commune", _("commune du territoire")
        YES_NO = "yes_no", _("oui ou non")
        FILE = "file", _("fichier à joindre")

    class Operator(models.TextChoices):
        EQUALS = "equals", _("est égale à")
        CONTAINS = "contains", _("contient")

    # The kinds whose answers are counted per option in the results.
    WITH_OPTIONS = {Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING, Kind.MATRIX}
    TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.RESTRICT, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("type de question"), max_length=12, choices=Kind.choices)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    # Settings that do not change the words a person reads: not versioned.
    allow_other = models.BooleanField(_("proposer « Autre, précisez »"), default=False)
    min_choices = models.PositiveSmallIntegerField(
        _("nombre de choix minimum"), null=True, blank=True
    )
    max_choices = models.PositiveSmallIntegerField(
        _("nombre de choix maximum"), null=True, blank=True
    )
    matrix_multiple = models.BooleanField(
        _("plusieurs colonnes par ligne (tableau)"), default=False
    )
    scale_max = models.PositiveSmallIntegerField(_("échelle : de 1 à"), null=True, blank=True)
    number_min = models.DecimalField(
        _("nombre minimum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("nombre maximum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A file question: the kinds allowed (keys of files.KINDS) and the size in MB.
    file_kinds = models.JSONField(_("types de fichiers acceptés"), default=list, blank=True)
    file_max_mb = models.PositiveSmallIntegerField(
        _("taille maximale du fichier (Mo)"), null=True, blank=True
    )
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("afficher seulement si la question"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="dependent_questions",
    )
    condition_operator = models.CharField(
        _("condition"), max_length=10, choices=Operator.choices, default=Operator.EQUALS
    )
    condition_value = models.CharField(
        _("valeur attendue"), max_length=OPTION_MAX_LENGTH, blank=True
    )
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section_id", "position", "pk"]

    SETTINGS_FIELDS = (
        "kind",
        "required",
        "allow_other",
        "min_choices",
        "max_choices",
        "matrix_multiple",
        "scale_max",
        "number_min",
        "number_max",
        "file_kinds",
        "file_max_mb",
        "condition_question",
        "condition_operator",
        "condition_value",
    )

    def __str__(self) -> str:
        return self.wording

    @property
    def wording(self) -> str:
        return self.current_version.wording if self.current_version else ""

    @property
    def help_text(self) -> str:
        return self.current_version.help_text if self.current_version else ""

    @property
    def choices(self) -> list[dict]:
        return self.current_version.choices if self.current_version else []

    @property
    def rows(self) -> list[dict]:
        return self.current_version.rows if self.current_version else []

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def max_file_mb(self) -> int:
        """The size allowed for a file answer: the question's, never above the ceiling."""
        return min(self.file_max_mb or files.DEFAULT_MAX_MB, files.ceiling_mb())

    @property
    def file_kind_labels(self) -> list[str]:
        return [str(files.KINDS[key].label) for key in self.file_kinds if key in files.KINDS]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.kind == self.Kind.SCALE and not (
            self.scale_max and 2 <= self.scale_max <= SCALE_MAX
        ):
            errors["scale_max"] = [
                _("Une échelle va de 1 à un nombre entre 2 et %(max)s.") % {"max": SCALE_MAX}
            ]
        if (
            self.min_choices is not None
            and self.max_choices is not None
            and self.min_choices > self.max_choices
        ):
            errors["max_choices"] = [_("Le maximum doit être au moins égal au minimum.")]
        if (
            self.number_min is not None
            and self.number_max is not None
            and self.number_min > self.number_max
        ):
            errors["number_max"] = [_("Le maximum doit être au moins égal au minimum.")]
        if self.kind == self.Kind.FILE:
            if not self.file_kinds or any(key not in files.KINDS for key in self.file_kinds):
                errors["file_kinds"] = [_("Choisissez au moins un type de fichier accepté.")]
            if self.file_max_mb is not None and not 1 <= self.file_max_mb <= files.ceiling_mb():
                errors["file_max_mb"] = [
                    _("La taille maximale va de 1 à %(max)s Mo (limite de la plateforme).")
                    % {"max": files.ceiling_mb()}
                ]
        if self.condition_question_id is not None:
            earlier = self.condition_question
            if earlier.questionnaire_id != self.questionnaire_id or (
                earlier.section.position,
                earlier.section_id,
            ) >= (self.section.position, self.section_id):
                errors["condition_question"] = [
                    _(
                        "La condition porte sur une question d'une partie précédente : "
                        "chaque partie est une page, la réponse doit être connue avant."
                    )
                ]
            if not self.condition_value.strip():
                errors["condition_value"] = [_("Indiquez la réponse attendue.")]
        if errors:
            raise ValidationError(errors)


class QuestionVersion(models.Model):
    """The words of a question as people read them: wording, help text, options, rows."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    wording = models.CharField(_("intitulé"), max_length=WORDING_MAX_LENGTH)
    help_text = models.CharField(_("aide"), max_length=HELP_MAX_LENGTH, blank=True)
    # [{"key": "c1", "label": "Un ordinateur"}, ...]: keys never change, labels may.
    choices = models.JSONField(_("options"), default=list, blank=True)
    rows = models.JSONField(_("lignes du tableau"), default=list, blank=True)
    low_label = models.CharField(_("libellé du bas de l'échelle"), max_length=80, blank=True)
    high_label = models.CharField(_("libellé du haut de l'échelle"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version d'une question")
        verbose_name_plural = _("versions des questions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")
        ]

    WORDING_FIELDS = ("wording", "help_text", "choices", "rows", "low_label", "high_label")

    def __str__(self) -> str:
        return self.wording

    def label_of(self, key: str) -> str:
        for option in [*self.choices, *self.rows]:
            if option["key"] == key:
                return option["label"]
        return str(_("Autre")) if key == OTHER else key


class AccessCode(models.Model):
    """A one-time code handed to a panel member; only its hash is kept."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="access_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.CharField(_("lot"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code à usage unique")
        verbose_name_plural = _("codes à usage unique")

    def __str__(self) -> str:
        return f"code {self.pk}"


class Response(models.Model):
    """One person's (or one code's, or one paper form's) answers to a questionnaire."""

    class Source(models.TextChoices):
        ONLINE = "online", _("en ligne")
        COUNTER = "counter", _("au guichet, saisie par un·e médiateur·rice")
        PAPER = "paper", _("formulaire papier")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne qui répond"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_responses",
    )
    access_code = models.OneToOneField(
        AccessCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    # Answers without an account or a code: the browser keeps this token in its session.
    resume_token = models.CharField(max_length=64, blank=True)
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    occasion = models.ForeignKey(
        "processes.Occasion",
        verbose_name=_("réunion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_responses",
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
        "PaperAnswersImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    consent_text_version = models.CharField(
        _("version du texte d'accord"), max_length=20, blank=True
    )
    consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    # The identifier printed on a paper copy (Q12-0001-K): the same copy is not entered twice.
    paper_copy_id = models.CharField(_("exemplaire papier"), max_length=24, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        ordering = ["created_at", "pk"]
        constraints = [
            # One answer per person: a second tab or a double click cannot make two.
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="questionnaire_one_response_per_person",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "paper_copy_id"],
                condition=~models.Q(paper_copy_id=""),
                name="questionnaire_one_response_per_paper_copy",
            ),
        ]

    def __str__(self) -> str:
        return f"réponse {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_entered_for_someone(self) -> bool:
        return self.source != self.Source.ONLINE


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.RESTRICT, related_name="answers")
    # Choice keys, numbers, dates as ISO text, etc. (parlons.questionnaires.answering).
    value = models.JSONField(_("réponse"), default=None, null=True)
    # Free text: a text answer, or what "Autre, précisez" says. Never published.
    text = models.TextField(_("réponse libre"), blank=True)
    # A member of the team corrected this answer after it was sent (typo of a paper entry…);
    # the earlier value is in the audit log.
    corrected_at = models.DateTimeField(_("corrigée par l'équipe le"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrigée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class AnswerFile(models.Model):
    """The file joined to a file answer, kept privately (parlons.questionnaires.files).

    Deleting the row deletes the file once the transaction is committed,
    whichever way it goes: the answer changed, the response withdrawn, the
    retention purge, the person's erasure.
    """

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="file")
    name = models.CharField(_("nom du fichier"), max_length=120)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier joint à une réponse")
        verbose_name_plural = _("fichiers joints aux réponses")

    def __str__(self) -> str:
        return self.name


@receiver(post_delete, sender=AnswerFile)
def _remove_stored_file(sender, instance: AnswerFile, **kwargs) -> None:
    stored_name = instance.stored_name
    transaction.on_commit(lambda: files.remove(stored_name))


class Tally(models.Model):
    """A running count: submitted responses that gave `key` to `question`.

    The key "" counts the responses that answered the question at all.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    key = models.CharField(max_length=100)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="tally_unique_key")]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.key}={self.count}"


class PaperAnswersImport(models.Model):
    """A CSV file of paper answers, imported whole or not at all."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="paper_imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    row_count = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
