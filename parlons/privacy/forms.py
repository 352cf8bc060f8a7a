"""The audit log's filters: who, which kind of action, between which dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import User
from parlons.core.models import AuditEntry
from parlons.privacy.audit_log import kinds_by_app


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Personne"), required=False)
    action = forms.ChoiceField(label=_("Type d'action"), required=False)
    since = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date, par exemple 2026-03-31.")},
    )
    until = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date, par exemple 2026-03-31.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the people who appear in the log: a list a town's staff can read through.
        actors = User.objects.filter(
            pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor")
        ).order_by("pseudonym", "pk")
        self.fields["actor"].choices = [("", _("Toutes les personnes"))] + [
            (str(user.pk), user.pseudonym) for user in actors
        ]
        self.fields["action"].choices = [("", _("Toutes les actions"))] + [
            (app, [(kind.code, kind.name) for kind in kinds]) for app, kinds in kinds_by_app()
        ]
        for name in ("actor", "action"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Ce choix n'est pas dans la liste ; choisissez-en un autre."
            )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise ValidationError(_("La date de début doit précéder la date de fin."))
        return cleaned

    def filter(self, entries):
        """The entries the valid filters keep (all of them when the form is not valid)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_id=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries
