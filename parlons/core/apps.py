from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parlons.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from parlons.core import command_line

        command_line.install()
