"""The audit log's filters: who, which kind of action, between which dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import User
from parlons.core.models import AuditEntry
from parlons.privacy.audit_log import kinds_by_app
from parlons.privacy.models import RequestKind


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
                "Ce choix n'est pas dans la liste ; choisissez-en un autre."
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


class RightsRequestForm(forms.Form):
    """A request to exercise a right; people without an account say how to answer them."""

    kind = forms.ChoiceField(
        label=_("Quel droit voulez-vous exercer ?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le droit que vous voulez exercer.")},
    )
    text = forms.CharField(
        label=_("Votre demande"),
        help_text=_(
            "Dites ce que vous voulez : par exemple les données à corriger, "
            "ou le traitement auquel vous vous opposez."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Décrivez votre demande.")},
    )
    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=200,
        error_messages={"required": _("Donnez votre nom, pour que la réponse vous parvienne.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        help_text=_("Pour recevoir l'accusé de réception et la réponse."),
        error_messages={
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
        },
    )
    postal_address = forms.CharField(
        label=_("Ou adresse postale"),
        required=False,
        help_text=_("Si vous préférez une réponse par courrier."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        if signed_in:  # the answer goes to the account's address
            for name in ("name", "email", "postal_address"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if (
            not self.signed_in
            and not (cleaned.get("email") or cleaned.get("postal_address", "").strip())
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                _("Donnez une adresse e-mail ou une adresse postale pour recevoir la réponse."),
            )
        return cleaned


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Demandes"),
        required=False,
        choices=[
            ("", _("Toutes")),
            ("open", _("En cours")),
            ("overdue", _("En retard")),
            ("closed", _("Closes")),
        ],
    )


class IdentityCheckForm(forms.Form):
    identity_check = forms.CharField(
        label=_("Vérification d'identité : ce qui a été vérifié"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Dites ce qui a été vérifié.")},
    )


class ActionsForm(forms.Form):
    actions_taken = forms.CharField(
        label=_("Actions menées"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Décrivez les actions menées.")},
    )


class ExtensionForm(forms.Form):
    extension_reason = forms.CharField(
        label=_("Motif de la prolongation (envoyé à la personne)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": _("Donnez le motif de la prolongation : il est envoyé à la personne.")
        },
    )


class CloseForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse à la personne"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={
            "required": _("Une demande ne peut pas être close sans réponse à la personne.")
        },
    )
