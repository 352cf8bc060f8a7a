from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parlons.core.forms import FORMATTING_HELP
from parlons.core.models import Commune
from parlons.meetings.models import Meeting, Place
from parlons.processes.forms import DateTimeLocalInput


class MeetingForm(forms.ModelForm):
    # A start in the past is most often a typo; the services refuse it unless this is ticked.
    past_confirmed = forms.BooleanField(
        label=_("Cette réunion a déjà eu lieu : je la saisis pour mémoire"),
        required=False,
        help_text=_("À cocher seulement si la date de début est passée."),
    )
    field_order = [*Meeting.EDITABLE_FIELDS[:4], "past_confirmed"]

    class Meta:
        model = Meeting
        fields = Meeting.EDITABLE_FIELDS
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"description": FORMATTING_HELP}

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(territory=territory).order_by("name")
        self.fields["place"].empty_label = _("Choisissez un lieu")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=300,
        help_text=_("Publié sur la page de la réunion et envoyé aux personnes inscrites."),
        error_messages={"required": _("Dites en une phrase pourquoi la réunion est annulée.")},
    )


class DeleteForm(forms.Form):
    """A deletion confirmed by a button: nothing to type, the token guards against CSRF."""


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=format_lazy(
            "{} {}",
            _(
                "Ce qui a été dit, les questions posées, les suites prévues. Ne citez personne "
                "par son nom sans son accord."
            ),
            FORMATTING_HELP,
        ),
    )


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = Place.EDITABLE_FIELDS
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "latitude": _("Facultatif. En degrés décimaux, par exemple 47.658236."),
            "longitude": _("Facultatif. En degrés décimaux, par exemple -2.760847."),
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(territory=territory)
        self.fields["commune"].empty_label = _("Aucune commune précisée")
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="off")
