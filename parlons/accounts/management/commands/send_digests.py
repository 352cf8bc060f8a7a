from django.core.management.base import BaseCommand

from parlons.accounts.notifications import send_digests


class Command(BaseCommand):
    help = "Envoie le récapitulatif quotidien aux personnes qui l'ont choisi (à lancer une fois par jour)."

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{count} récapitulatif(s) envoyé(s).")
