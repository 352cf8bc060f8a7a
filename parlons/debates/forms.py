from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.debates.consent import CONSENT_TEXT
from parlons.debates.models import BODY_MAX_LENGTH, LABEL_MAX_LENGTH
from parlons.debates.queries import Filters


def _theme_field(process):
    return forms.ModelChoiceField(
        queryset=process.themes.all(),
        required=False,
        label=_("Thème"),
        empty_label=_("Sans thème particulier"),
    )


def _place_field(process):
    return forms.ModelChoiceField(
        queryset=process.territory.communes.all(),
        required=False,
        label=_("Commune concernée (facultatif)"),
        empty_label=_("Tout le territoire"),
    )


class ContributionForm(forms.Form):
    body = forms.CharField(
        label=_("Votre contribution"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ce qui vous aide, ce qui vous gêne, ce que vous proposez. N'écrivez pas d'informations "
            "personnelles (adresse, téléphone, nom d'autres personnes) : elles seraient masquées."
        ),
        error_messages={"required": _("Écrivez votre contribution.")},
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"] = _theme_field(process)
        self.fields["place"] = _place_field(process)


class OnBehalfForm(forms.Form):
    body = forms.CharField(
        label=_("Contribution de la personne"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Écrivez ses mots, sans les reformuler. Pas de nom, d'adresse ni de téléphone."
        ),
        error_messages={"required": _("Écrivez la contribution de la personne.")},
    )
    display_label = forms.CharField(
        label=_("Signature choisie par la personne (facultatif)"),
        max_length=LABEL_MAX_LENGTH,
        required=False,
        help_text=_("Par exemple « Une habitante de Lanvenec ». Jamais de nom de famille."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"] = _theme_field(process)
        self.fields["place"] = _place_field(process)
        self.fields["occasion"] = forms.ModelChoiceField(
            queryset=process.occasions.order_by("starts_at", "pk"),
            required=False,
            label=_("Recueillie lors d'une réunion publique (facultatif)"),
            empty_label=_("Non, au guichet"),
        )
        self.fields["consent"] = forms.BooleanField(
            label=_("La personne a lu ce texte, ou on le lui a lu, et donne son accord."),
            help_text=CONSENT_TEXT,
            required=True,
            error_messages={
                "required": _(
                    "Sans l'accord de la personne, sa contribution ne peut pas être publiée."
                )
            },
        )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez votre réponse.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Qu'est-ce qui pose problème ?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Par exemple : propos insultants, données personnelles, publicité. "
            "Seule l'équipe de modération lit ce message."
        ),
        error_messages={"required": _("Dites en quelques mots ce qui pose problème.")},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif public du masquage"),
        max_length=300,
        help_text=_("Affiché à la place du texte : « masqué par la modération : motif »."),
        error_messages={
            "required": _("Donnez le motif du masquage : il sera affiché publiquement.")
        },
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Réponse officielle"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Publiée avec votre nom, votre fonction et votre rôle."),
        error_messages={"required": _("Écrivez la réponse.")},
    )


class PaperImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV des formulaires papier"),
        help_text=_(
            "Une ligne par formulaire. Colonnes : texte, consentement (oui / non), et si vous "
            "les avez : theme, commune, reunion (numéro ou titre), date (JJ/MM/AAAA), signature. "
            "Encodage UTF-8 ; séparateur point-virgule ou virgule."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )


class FilterForm:
    """The list's filters, read from the query string (?theme=emploi&commune=...&reunion=3).

    An unknown value is ignored rather than refused: a stale link still shows a
    list. The choices come from the démarche's prefetched themes, its
    territory's communes and its occasions (public meetings), and the template renders the
    selects itself (Django's widget templates cost a few milliseconds per page).
    """

    def __init__(self, params, *, process):
        params = params or {}
        themes = {theme.slug: theme for theme in process.themes.all()}
        communes = {commune.slug: commune for commune in process.territory.communes.all()}
        occasions = {str(o.pk): o for o in process.occasions.order_by("starts_at", "pk")}
        self._chosen = {}
        self.selects = []
        for name, label, empty, options in (
            ("theme", _("Thème"), _("Tous les thèmes"), themes),
            ("commune", _("Commune"), _("Toutes les communes"), communes),
            ("reunion", _("Réunion"), _("Toutes les contributions"), occasions),
        ):
            value = params.get(name, "")
            self._chosen[name] = options.get(value)
            self.selects.append(
                {
                    "name": name,
                    "label": label,
                    "empty": empty,
                    "options": [(key, str(item)) for key, item in options.items()],
                    "selected": value if value in options else "",
                }
            )
        self.answered = params.get("repondues", "") in {"on", "1", "oui"}

    def filters(self) -> Filters:
        return Filters(
            theme=self._chosen["theme"],
            place=self._chosen["commune"],
            occasion=self._chosen["reunion"],
            answered=self.answered,
        )
