from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    name = "parlons.synthesis"
    label = "synthesis"
    verbose_name = _("Synthèse")

    def ready(self) -> None:
        from parlons.synthesis import search

        search.connect()
