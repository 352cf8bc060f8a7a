"""The staff's forms for building a questionnaire, entering paper answers and importing them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import files
from .models import HELP_MAX_LENGTH, WORDING_MAX_LENGTH, Question, Questionnaire, Section


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = Questionnaire.EDITABLE_FIELDS
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = Section.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de question"), choices=Question.Kind.choices)
    wording = forms.CharField(label=_("Intitulé de la question"), max_length=WORDING_MAX_LENGTH)
    help_text = forms.CharField(
        label=_("Aide (facultatif)"), max_length=HELP_MAX_LENGTH, required=False
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    choices_text = forms.CharField(
        label=_("Options (une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Pour les choix, le classement et les colonnes d'un tableau. Les communes viennent "
            "de la liste du territoire."
        ),
    )
    allow_other = forms.BooleanField(label=_("Proposer « Autre, précisez »"), required=False)
    min_choices = forms.IntegerField(
        label=_("Choix multiple : minimum"), min_value=0, required=False
    )
    max_choices = forms.IntegerField(
        label=_("Choix multiple : maximum"), min_value=1, required=False
    )
    rows_text = forms.CharField(
        label=_("Lignes du tableau (une par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    matrix_multiple = forms.BooleanField(
        label=_("Tableau : plusieurs colonnes possibles par ligne"), required=False
    )
    scale_max = forms.IntegerField(
        label=_("Échelle : de 1 à"), min_value=2, max_value=10, required=False
    )
    low_label = forms.CharField(label=_("Échelle : libellé de 1"), max_length=80, required=False)
    high_label = forms.CharField(
        label=_("Échelle : libellé de la valeur la plus haute"), max_length=80, required=False
    )
    number_min = forms.DecimalField(label=_("Nombre : minimum"), required=False)
    number_max = forms.DecimalField(label=_("Nombre : maximum"), required=False)
    file_kinds = forms.MultipleChoiceField(
        label=_("Fichier : types acceptés"),
        choices=files.KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chaque fichier est vérifié par son contenu, pas seulement par son nom. Il est gardé "
            "à part, jamais publié, et seule l'équipe le télécharge."
        ),
    )
    file_max_mb = forms.IntegerField(
        label=_("Fichier : taille maximale (Mo)"),
        min_value=1,
        required=False,
        help_text=_("5 Mo si vide."),
    )
    condition_question = forms.ModelChoiceField(
        label=_("Afficher seulement si la réponse à la question"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("— toujours afficher —"),
    )
    condition_operator = forms.ChoiceField(
        label=_("Condition"), choices=Question.Operator.choices, required=False
    )
    condition_value = forms.CharField(
        label=_("Réponse attendue (libellé de l'option, « oui » ou « non »)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, section: Section, question: Question | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = (
            Question.objects.filter(
                questionnaire=section.questionnaire, section__position__lt=section.position
            )
            .exclude(kind=Question.Kind.FILE)  # a file is no answer to compare with
            .select_related("current_version")
        )
        self.fields["file_max_mb"].max_value = files.ceiling_mb()
        self.fields["file_max_mb"].help_text = _("5 Mo si vide ; %(max)s Mo au plus.") % {
            "max": files.ceiling_mb()
        }
        self.fields["condition_question"].queryset = earlier
        self.fields["condition_question"].label_from_instance = lambda q: q.wording
        if question is not None and not self.is_bound:
            version = question.current_version
            self.initial = {
                "kind": question.kind,
                "wording": version.wording,
                "help_text": version.help_text,
                "required": question.required,
                "choices_text": "\n".join(o["label"] for o in version.choices)
                if question.kind != Question.Kind.COMMUNE
                else "",
                "rows_text": "\n".join(o["label"] for o in version.rows),
                "allow_other": question.allow_other,
                "min_choices": question.min_choices,
                "max_choices": question.max_choices,
                "matrix_multiple": question.matrix_multiple,
                "scale_max": question.scale_max,
                "low_label": version.low_label,
                "high_label": version.high_label,
                "number_min": question.number_min,
                "number_max": question.number_max,
                "file_kinds": question.file_kinds,
                "file_max_mb": question.file_max_mb,
                "condition_question": question.condition_question_id,
                "condition_operator": question.condition_operator,
                "condition_value": question.condition_value,
            }

    def clean_condition_operator(self):
        return self.cleaned_data.get("condition_operator") or Question.Operator.EQUALS


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Nombre de codes"), min_value=1, max_value=2000)
    batch = forms.CharField(
        label=_("Nom du lot (facultatif)"),
        max_length=80,
        required=False,
        help_text=_("Par exemple « Panel de mars » : pour vous y retrouver."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV des réponses papier"))
