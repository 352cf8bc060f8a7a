from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "parlons.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from parlons.accounts import signals  # noqa: F401  (connects the sign-in receiver)
