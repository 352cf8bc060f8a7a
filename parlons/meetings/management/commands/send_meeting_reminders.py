from datetime import timedelta

from django.core.management.base import BaseCommand

from parlons.meetings.services import send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Envoie un rappel, une seule fois, à chaque personne inscrite (place confirmée) "
        "à une réunion qui commence dans les prochaines 24 heures. À lancer toutes les heures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--heures",
            type=int,
            default=24,
            dest="hours",
            metavar="HEURES",
            help="Rappeler les réunions qui commencent dans ce nombre d'heures (24 par défaut).",
        )

    def handle(self, *args, hours: int, **options):
        count = send_meeting_reminders(window=timedelta(hours=hours))
        self.stdout.write(f"{count} rappel(s) de réunion envoyé(s).")
