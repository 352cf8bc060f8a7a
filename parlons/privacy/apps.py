from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "parlons.privacy"
    label = "privacy"
    verbose_name = _("Vie privée")

    def ready(self) -> None:
        from parlons.core.consents import consent_changed
        from parlons.privacy.consents import record_consent_change

        consent_changed.connect(
            record_consent_change, dispatch_uid="parlons.privacy.record_consent_change"
        )
