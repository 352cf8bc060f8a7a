from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.core.forms import FORMATTING_HELP
from parlons.core.models import Territory
from parlons.processes.components import component_choices, in_display_order
from parlons.processes.models import Phase, Process


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProcessForm(forms.ModelForm):
    """The démarche's presentation; its rules (an image needs its description) are the model's."""

    class Meta:
        model = Process
        fields = Process.EDITABLE_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"description": FORMATTING_HELP}


class PhaseForm(forms.ModelForm):
    """A dated phase and what it opens: every component the installed apps declare."""

    components = forms.MultipleChoiceField(
        label=_("Ce que la phase ouvre"),
        choices=component_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Phase
        fields = Phase.EDITABLE_FIELDS
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_components(self) -> list[str]:
        return in_display_order(self.cleaned_data["components"])


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Nom du thème"), max_length=100)
    description = forms.CharField(
        label=_("Description (facultatif)"), max_length=300, required=False
    )


class TerritoryForm(forms.ModelForm):
    """The territory's settings; its rules (colour contrast, links, the logo's description)
    are the model's, so the service refuses the same values."""

    class Meta:
        model = Territory
        fields = Territory.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "footer_links": forms.Textarea(attrs={"rows": 4}),
            "primary_colour": forms.TextInput(attrs={"placeholder": "#0b4f8a", "size": 8}),
            "header_colour": forms.TextInput(attrs={"placeholder": "#173f5f", "size": 8}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
