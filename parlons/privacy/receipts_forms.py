"""The forms of the receipt pages: a code to type, a withdrawal to ask."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code du reçu"),
        max_length=30,
        help_text=_("Neuf lettres et chiffres, par exemple K7M-4QX-9TB."),
        error_messages={"required": _("Tapez le code imprimé sur votre reçu.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class WithdrawalForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail (facultative)"),
        required=False,
        help_text=_(
            "Pour recevoir la réponse par e-mail. Sans adresse, revenez sur cette page avec "
            "votre code pour la lire."
        ),
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide.")},
    )
