from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "parlons.followup"
    label = "followup"
    verbose_name = _("Suivi des décisions")

    def ready(self) -> None:
        from parlons.followup.receivers import follow_decision
        from parlons.processes.decisions import decision_made

        decision_made.connect(follow_decision, dispatch_uid="parlons.followup.follow_decision")
