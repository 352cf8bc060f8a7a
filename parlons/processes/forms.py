from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.core.models import Territory
from parlons.processes.models import Phase, Process


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "summary", "description", "image", "image_alt"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt"):
            self.add_error(
                "image_alt", _("Décrivez l'image pour les personnes qui ne la voient pas.")
            )
        return data


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "allows_contribute",
            "allows_reply",
            "allows_react",
            "allows_meetings",
            "allows_expert_answers",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("La fin doit être après le début."))
        return data


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Nom du thème"), max_length=100)
    description = forms.CharField(
        label=_("Description (facultatif)"), max_length=300, required=False
    )


class TerritoryForm(forms.ModelForm):
    class Meta:
        model = Territory
        fields = ["name", "description", "contact_email", "dpo_email", "public_names"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
