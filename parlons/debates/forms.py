from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.core.why_asked import explain
from parlons.debates.consent import CONSENT_TEXT
from parlons.debates.models import (
    BODY_MAX_LENGTH,
    HIDDEN_REASON_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from parlons.debates.queries import Filters
from parlons.processes.pagecache import kept


def _text(label, max_length: int, *, rows: int | None = None, help_text="") -> forms.CharField:
    """A free text whose rules (not empty, not too long) are the service's, shown on this field.

    The service checks them for every caller (pages, the CLI, imports), so the
    form does not check them again; `maxlength` only helps the browser.
    """
    attrs = {"maxlength": max_length}
    widget = forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs)
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _theme_field(process):
    return forms.ModelChoiceField(
        queryset=process.themes.all(),
        required=False,
        label=_("Thème"),
        empty_label=_("Sans thème particulier"),
    )


def _place_field(process):
    field = forms.ModelChoiceField(
        queryset=process.territory.communes.all(),
        required=False,
        label=_("Commune concernée (facultatif)"),
        empty_label=_("Tout le territoire"),
    )
    explain(field, "debates.Contribution", "place")
    return field


def _title_field() -> forms.CharField:
    field = _text(
        _("Titre (facultatif)"),
        TITLE_MAX_LENGTH,
        help_text=_("Quelques mots qui résument votre idée, %(max)s caractères au plus.")
        % {"max": TITLE_MAX_LENGTH},
    )
    explain(field, "debates.Contribution", "title")
    return field


def _body_field() -> forms.CharField:
    return _text(
        _("Votre contribution"),
        BODY_MAX_LENGTH,
        rows=8,
        help_text=_(
            "Ce qui vous aide, ce qui vous gêne, ce que vous proposez. N'écrivez pas d'informations "
            "personnelles (adresse, téléphone, nom d'autres personnes) : elles seraient masquées."
        ),
    )


class ContributionForm(forms.Form):
    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"] = _title_field()
        self.fields["body"] = _body_field()
        self.fields["theme"] = _theme_field(process)
        self.fields["place"] = _place_field(process)


class EditForm(forms.Form):
    """The author's own words, to rewrite: a title and a text, or the text of a reply."""

    def __init__(self, *args, contribution, **kwargs):
        kwargs.setdefault("initial", {"title": contribution.title, "body": contribution.body})
        super().__init__(*args, **kwargs)
        if contribution.is_reply:
            self.fields["body"] = _text(_("Votre réponse"), BODY_MAX_LENGTH, rows=6)
        else:
            self.fields["title"] = _title_field()
            self.fields["body"] = _body_field()


class OnBehalfForm(forms.Form):
    body = _text(
        _("Contribution de la personne"),
        BODY_MAX_LENGTH,
        rows=8,
        help_text=_(
            "Écrivez ses mots, sans les reformuler. Pas de nom, d'adresse ni de téléphone."
        ),
    )
    display_label = _text(
        _("Signature choisie par la personne (facultatif)"),
        LABEL_MAX_LENGTH,
        help_text=_("Par exemple « Une habitante de Lanvenec ». Jamais de nom de famille."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        explain(self.fields["display_label"], "debates.Contribution", "display_label")
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
            required=False,  # the service refuses without consent, with the other problems
        )


class ReplyForm(forms.Form):
    body = _text(_("Votre réponse"), BODY_MAX_LENGTH, rows=4)


class ReportForm(forms.Form):
    reason = _text(
        _("Qu'est-ce qui pose problème ?"),
        REPORT_MAX_LENGTH,
        rows=4,
        help_text=_(
            "Par exemple : propos insultants, données personnelles, publicité. "
            "Seule l'équipe de modération lit ce message."
        ),
    )


class HideForm(forms.Form):
    reason = _text(
        _("Motif public du masquage"),
        HIDDEN_REASON_MAX_LENGTH,
        help_text=_("Affiché à la place du texte : « masqué par la modération : motif »."),
    )


class AnswerForm(forms.Form):
    body = _text(
        _("Réponse officielle"),
        BODY_MAX_LENGTH,
        rows=6,
        help_text=_("Publiée avec votre nom, votre fonction et votre rôle."),
    )


class PaperImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV des formulaires papier"),
        help_text=_(
            "Une ligne par formulaire. Colonnes : texte, consentement (oui / non), et si vous "
            "les avez : theme, commune, reunion (numéro ou titre), date (JJ/MM/AAAA), signature. "
            "Encodage UTF-8 ; séparateur point-virgule ou virgule."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )
    import_anyway = forms.BooleanField(
        label=_("Importer quand même"),
        required=False,
        help_text=_(
            "Seulement si ce même fichier a déjà été importé et que vous voulez vraiment "
            "l'importer une seconde fois."
        ),
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
        # The same for every reader: read once per write of the démarche (pagecache.kept).
        communes_list, occasions_list = kept(
            process.slug,
            "debates:filter-choices",
            lambda: (
                list(process.territory.communes.all()),
                list(process.occasions.order_by("starts_at", "pk")),
            ),
        )
        communes = {commune.slug: commune for commune in communes_list}
        occasions = {str(o.pk): o for o in occasions_list}
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
        self.unanswered = params.get("en-attente", "") in {"on", "1", "oui"}

    def filters(self) -> Filters:
        return Filters(
            theme=self._chosen["theme"],
            place=self._chosen["commune"],
            occasion=self._chosen["reunion"],
            answered=self.answered,
            unanswered=self.unanswered,
        )
