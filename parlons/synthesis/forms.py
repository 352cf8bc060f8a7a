from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.processes.analysis import TextFilters
from parlons.synthesis.models import Analysis, Report, ReportSection
from parlons.synthesis.queries import WAY_LABELS, analysable_questions

MAX_THEMES = 30


class StartAnalysisForm(forms.Form):
    kind = forms.ChoiceField(label=_("Méthode"), choices=Analysis.Kind.choices)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    theme = forms.ChoiceField(label=_("Thème choisi par les contributeurs"), required=False)
    way = forms.ChoiceField(label=_("Façon de contribuer"), required=False)
    question = forms.ChoiceField(
        label=_("Ou les réponses libres à une question d'un questionnaire"),
        required=False,
        help_text=_(
            "Les réponses ne sont jamais publiées une à une : la synthèse publique n'en "
            "montre que des comptes, jamais sous 5."
        ),
    )
    n_themes = forms.IntegerField(
        label=_("Nombre de thèmes"),
        required=False,
        min_value=2,
        max_value=MAX_THEMES,
        help_text=_("Laissez vide pour un nombre choisi automatiquement selon le volume."),
    )

    embeddings = forms.ChoiceField(
        label=_("Sens des phrases"),
        required=False,
        choices=[
            (
                "auto",
                _("automatique : pris en compte jusqu'à 5 000 textes (plus juste, plus lent)"),
            ),
            ("off", _("seulement les mots (plus rapide)")),
        ],
        initial="auto",
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("toutes"))]
        self.fields["commune"].choices = every + [
            (commune.slug, commune.name) for commune in process.territory.communes.all()
        ]
        self.fields["phase"].choices = every + [
            (str(phase.pk), phase.title) for phase in process.phases.all()
        ]
        self.fields["theme"].choices = [("", _("tous"))] + [
            (theme.slug, theme.name) for theme in process.themes.all()
        ]
        self.fields["way"].choices = every + list(WAY_LABELS.items())
        questions = analysable_questions(process)
        if questions:
            self.fields["question"].choices = [("", _("aucune : les contributions"))] + [
                (str(pk), label) for pk, label in questions
            ]
        else:
            del self.fields["question"]

    def clean(self):
        data = super().clean()
        if data.get("question") and data.get("kind") != Analysis.Kind.THEMES:
            self.add_error(
                "question",
                _("Les groupes d'opinion se lisent dans les réactions, pas dans les réponses."),
            )
        return data

    def text_filters(self) -> TextFilters:
        data = self.cleaned_data
        return TextFilters.from_dict(
            {
                "commune": data.get("commune"),
                "phase": data.get("phase") or None,
                "theme": data.get("theme"),
                "way": data.get("way"),
                "question": data.get("question") or None,
            }
        )


class RenameThemeForm(forms.Form):
    label = forms.CharField(label=_("Nouveau nom"), max_length=100)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "introduction"]
        help_texts = {"introduction": _("En Markdown : **gras**, listes, liens.")}


class QuotesField(forms.CharField):
    """References of published contributions, one per line ("debates.contribution:42")."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value


class SectionForm(forms.ModelForm):
    quotes = QuotesField(
        label=_("Citations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une référence par ligne, copiée depuis la liste des contributions "
            "(par exemple debates.contribution:42) : le texte est cité tel qu'il est publié."
        ),
    )

    class Meta:
        model = ReportSection
        fields = ["title", "body", "figure", "analysis", "quotes"]
        labels = {"analysis": _("Analyse d'où vient la figure")}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["analysis"]
        field.queryset = Analysis.objects.filter(
            process=process, status=Analysis.Status.DONE
        ).order_by("-finished_at")
        field.label_from_instance = lambda analysis: (
            f"{analysis.get_kind_display()} n° {analysis.pk} "
            f"({analysis.finished_at:%d/%m/%Y %H:%M}, {analysis.input_size})"
        )
        field.required = False


class PublishForm(forms.Form):
    signed_by = forms.CharField(
        label=_("Nom et fonction de la personne qui valide la synthèse"), max_length=200
    )
