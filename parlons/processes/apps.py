from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "parlons.processes"
    label = "processes"
    verbose_name = _("Démarches")

    def ready(self) -> None:
        from parlons.core.audit import recorded
        from parlons.processes.pagecache import written

        recorded.connect(written, dispatch_uid="parlons.processes.pagecache")
