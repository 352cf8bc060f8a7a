from django import forms
from django.utils.translation import gettext_lazy as _

from parlons.followup.models import (
    PLANNED_MESSAGE,
    PROGRESS_MAX,
    PROGRESS_MESSAGE,
    SPENT_MESSAGE,
    Status,
    TrackedResult,
)

PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ResultForm(forms.ModelForm):
    """A tracked result's facts; its rules (an abandoned decision needs a reason) are the model's.

    A decision entered by hand also gives the day it was taken (today if left empty).
    """

    decided_on = forms.DateField(
        label=_("Date de la décision"),
        required=False,
        widget=DateInput(),
        help_text=_("Le jour où l'instance a décidé. Laissez vide si c'est aujourd'hui."),
    )
    field_order = ["title", "decided_on", "decided_by"]

    class Meta:
        model = TrackedResult
        fields = TrackedResult.EDITABLE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "expected_end": DateInput(),
        }
        error_messages = {
            "progress": {"min_value": PROGRESS_MESSAGE, "max_value": PROGRESS_MESSAGE},
            "spent_amount": {"min_value": SPENT_MESSAGE},
            "planned_amount": {"min_value": PLANNED_MESSAGE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["decided_on"]
        self.fields["progress"].widget.attrs.update(min=0, max=PROGRESS_MAX)
        for name in ("planned_amount", "spent_amount"):
            self.fields[name].widget.attrs.update(min=0, step="0.01")


class UpdateForm(forms.Form):
    """A dated update: what happened, a photo if any, and where the result stands now."""

    text = forms.CharField(
        label=_("Ce qui a avancé"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Mise en forme Markdown. Publié sur la page du suivi et dans son flux Atom. "
            "Ne citez personne par son nom sans son accord."
        ),
        error_messages={"required": _("Écrivez ce qui a avancé avant de publier.")},
    )
    photo = forms.FileField(
        label=_("Photo (facultatif)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}),
        help_text=_(
            "JPEG, PNG ou WebP, 3 Mo au plus. Si le formulaire signale une erreur, "
            "choisissez la photo à nouveau."
        ),
    )
    photo_alt = forms.CharField(
        label=_("Description de la photo"),
        max_length=250,
        required=False,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )
    status = forms.ChoiceField(label=_("État"), choices=Status.choices)
    status_reason = forms.CharField(
        label=_("Motif public"),
        max_length=300,
        required=False,
        help_text=_("Obligatoire si la décision est abandonnée."),
    )
    progress = forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=PROGRESS_MAX,
        error_messages={
            "min_value": PROGRESS_MESSAGE,
            "max_value": PROGRESS_MESSAGE,
            "required": PROGRESS_MESSAGE,
            "invalid": PROGRESS_MESSAGE,
        },
    )
    spent_amount = forms.DecimalField(
        label=_("Montant dépensé à ce jour (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": SPENT_MESSAGE},
    )

    def __init__(self, *args, result: TrackedResult, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": result.status,
                "status_reason": result.status_reason,
                "progress": result.progress,
                "spent_amount": result.spent_amount,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["spent_amount"].widget.attrs.update(step="0.01")


class SynchroniseForm(forms.Form):
    """A button: nothing to type, the token guards against CSRF."""
