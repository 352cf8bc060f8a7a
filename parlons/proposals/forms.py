from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.core.why_asked import explain
from parlons.proposals.consent import CONSENT_TEXT
from parlons.proposals.images import ACCEPT
from parlons.proposals.models import (
    ANSWER_STATES,
    ANSWERING_BODY_MAX_LENGTH,
    BODY_MAX_LENGTH,
    IMAGE_ALT_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Proposal,
    State,
)
from parlons.proposals.queries import DEFAULT_SORT, Filters


def _text(label, max_length: int, *, rows: int | None = None, help_text="") -> forms.CharField:
    """A free text whose rules are the service's: the form only helps the browser."""
    attrs = {"maxlength": max_length}
    widget = forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs)
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _common_fields(form: forms.Form, process) -> None:
    form.fields["title"] = _text(
        _("Titre de la proposition"),
        TITLE_MAX_LENGTH,
        help_text=_("Quelques mots qui résument votre idée, %(max)s caractères au plus.")
        % {"max": TITLE_MAX_LENGTH},
    )
    form.fields["body"] = _text(
        _("Votre proposition"),
        BODY_MAX_LENGTH,
        rows=8,
        help_text=_(
            "Ce que vous proposez, où, pour qui. N'écrivez pas d'informations personnelles "
            "(adresse, téléphone, nom d'autres personnes) : elles seraient masquées."
        ),
    )
    form.fields["theme"] = forms.ModelChoiceField(
        queryset=process.themes.all(),
        required=False,
        label=_("Thème"),
        empty_label=_("Sans thème particulier"),
    )
    form.fields["place"] = forms.ModelChoiceField(
        queryset=process.territory.communes.all(),
        required=False,
        label=_("Commune concernée (facultatif)"),
        empty_label=_("Tout le territoire"),
    )
    form.fields["estimated_cost"] = forms.CharField(
        label=_("Coût estimé en euros (facultatif)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Un ordre de grandeur suffit, par exemple 15000."),
    )
    for name in ("place", "estimated_cost"):
        explain(form.fields[name], "proposals.Proposal", name)


class ProposalForm(forms.Form):
    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        _common_fields(self, process)
        _image_fields(self, label=_("Image (facultatif)"))


class OnBehalfForm(forms.Form):
    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        _common_fields(self, process)
        self.fields["display_label"] = _text(
            _("Signature choisie par la personne (facultatif)"),
            LABEL_MAX_LENGTH,
            help_text=_("Par exemple « Une habitante de Lanvenec ». Jamais de nom de famille."),
        )
        explain(self.fields["display_label"], "proposals.Proposal", "display_label")
        self.fields["consent"] = forms.BooleanField(
            label=_("La personne a lu ce texte, ou on le lui a lu, et donne son accord."),
            help_text=CONSENT_TEXT,
            required=False,  # the service refuses without consent, with the other problems
        )


def _image_fields(form: forms.Form, *, label) -> None:
    form.fields["image"] = forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("PNG, JPEG ou WebP de 2 Mo au plus."),
    )
    form.fields["image_alt"] = _text(
        _("Description de l'image (obligatoire avec une image)"),
        IMAGE_ALT_MAX_LENGTH,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    for name in ("image", "image_alt"):
        explain(form.fields[name], "proposals.Proposal", name)


class EditForm(forms.Form):
    """What the author may change: the words, the theme, the commune, the cost, the image."""

    def __init__(self, *args, proposal, **kwargs):
        initial = {
            "title": proposal.title,
            "body": proposal.body,
            "theme": proposal.theme_id,
            "place": proposal.place_id,
            "estimated_cost": "" if proposal.estimated_cost is None else proposal.estimated_cost,
            "image_alt": proposal.image_alt,
        }
        super().__init__(*args, initial=initial, **kwargs)
        _common_fields(self, proposal.process)
        if proposal.image:
            _image_fields(self, label=_("Remplacer l'image par une autre (facultatif)"))
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Retirer l'image sans la remplacer"), required=False
            )
        else:
            _image_fields(self, label=_("Ajouter une image (facultatif)"))


class SupportOnBehalfForm(forms.Form):
    consent = forms.BooleanField(
        label=_("La personne a lu ce texte, ou on le lui a lu, et donne son accord."),
        help_text=CONSENT_TEXT,
        required=False,
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Réponse"),
        choices=[("", _("Choisir…"))] + [(s.value, s.label) for s in ANSWER_STATES],
        required=False,
    )
    reason = _text(
        _("Motif (obligatoire pour refuser ou fusionner)"),
        REASON_MAX_LENGTH,
        rows=5,
        help_text=_("Publié avec la réponse. Pas de nom ni de coordonnées."),
    )
    answering_body = _text(
        _("Instance qui répond"),
        ANSWERING_BODY_MAX_LENGTH,
        help_text=_("Par exemple « Conseil municipal » ou « Bureau communautaire »."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"] = forms.ModelChoiceField(
            queryset=Proposal.objects.filter(process_id=proposal.process_id, held_for_review=False)
            .exclude(pk=proposal.pk)
            .exclude(state=State.MERGED)
            .only("pk", "public_title")
            .order_by("-support_count", "pk"),
            required=False,
            label=_("En cas de fusion : la proposition qui la remplace"),
            empty_label=_("Aucune"),
        )
        self.fields["merged_into"].label_from_instance = lambda p: f"n° {p.pk} · {p.public_title}"


class ThresholdForm(forms.Form):
    support_threshold = forms.IntegerField(
        label=_("Seuil de soutiens"),
        required=False,
        min_value=1,
        help_text=_(
            "Nombre de soutiens à partir duquel une proposition est retenue pour étude. "
            "Laissez vide pour ne pas fixer de seuil."
        ),
        error_messages={"min_value": _("Le seuil est d'au moins un soutien, ou laissez vide.")},
    )


# Withdrawn proposals leave the list: a filter for them would always find nothing.
LISTED_STATES = [state for state in State if state != State.WITHDRAWN]


class FilterForm:
    """The list's filters, read from the address; an unknown value is ignored."""

    def __init__(self, data, *, process):
        self.data = data
        self.process = process
        self.themes = list(process.themes.all())
        self.communes = list(process.territory.communes.all())

    @staticmethod
    def _number(value) -> int | None:
        return int(value) if value and str(value).isdigit() else None

    def filters(self) -> Filters:
        theme = self._number(self.data.get("theme"))
        place = self._number(self.data.get("commune"))
        state = self.data.get("etat", "")
        sort = self.data.get("tri", DEFAULT_SORT)
        return Filters(
            theme=theme if theme in {t.pk for t in self.themes} else None,
            place=place if place in {c.pk for c in self.communes} else None,
            state=state if state in LISTED_STATES else "",
            sort=sort if sort in ("recentes", "soutiens") else DEFAULT_SORT,
        )

    def selects(self) -> list[dict]:
        chosen = self.filters()
        return [
            {
                "name": "theme",
                "label": _("Thème"),
                "empty": _("Tous les thèmes"),
                "options": [(str(t.pk), t.name) for t in self.themes],
                "selected": str(chosen.theme or ""),
            },
            {
                "name": "commune",
                "label": _("Commune"),
                "empty": _("Toutes les communes"),
                "options": [(str(c.pk), c.name) for c in self.communes],
                "selected": str(chosen.place or ""),
            },
            {
                "name": "etat",
                "label": _("État"),
                "empty": _("Tous les états"),
                "options": [(s.value, s.label) for s in State if s in LISTED_STATES],
                "selected": chosen.state,
            },
        ]

    def sorts(self) -> list[tuple[str, str, bool]]:
        chosen = self.filters().sort
        return [
            ("recentes", str(_("Les plus récentes")), chosen == "recentes"),
            ("soutiens", str(_("Les plus soutenues")), chosen == "soutiens"),
        ]
