from django import forms

from parlons.opendata.models import OpenDataSettings


class OpenDataSettingsForm(forms.ModelForm):
    class Meta:
        model = OpenDataSettings
        fields = list(OpenDataSettings.EDITABLE_FIELDS)
        widgets = {"licence": forms.RadioSelect}
