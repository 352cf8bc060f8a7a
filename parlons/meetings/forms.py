from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.core.models import Commune
from parlons.meetings.models import Meeting, Place
from parlons.processes.forms import DateTimeLocalInput


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "place",
            "starts_at",
            "ends_at",
            "description",
            "registration_required",
            "capacity",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(territory=territory).order_by("name")
        self.fields["place"].empty_label = _("Choisissez un lieu")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("La fin doit être après le début."))
        return data


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=300,
        help_text=_("Publié sur la page de la réunion et envoyé aux personnes inscrites."),
        error_messages={"required": _("Dites en une phrase pourquoi la réunion est annulée.")},
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Mise en forme Markdown. Ce qui a été dit, les questions posées, les suites "
            "prévues. Ne citez personne par son nom sans son accord."
        ),
    )


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "address",
            "postcode",
            "commune",
            "latitude",
            "longitude",
            "accessibility",
            "transport",
        ]
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

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "").strip()
        if postcode and not (len(postcode) == 5 and postcode.isdigit()):
            raise forms.ValidationError(_("Un code postal a cinq chiffres, par exemple 56100."))
        return postcode

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (latitude is None) != (longitude is None):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Donnez la latitude et la longitude ensemble, ou aucune des deux."),
            )
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", _("La latitude est comprise entre -90 et 90."))
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", _("La longitude est comprise entre -180 et 180."))
        return data
