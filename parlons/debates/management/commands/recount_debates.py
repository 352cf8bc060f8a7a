"""Rebuild the debate's kept counters from the messages (after a raw load or to check them)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from parlons.debates import counters
from parlons.debates.models import DebateCount


class Command(BaseCommand):
    help = "Recompte les chiffres des débats (contributions, participants) à partir des messages."

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, action="append", help="id d'une démarche")

    def handle(self, *args, **options):
        with transaction.atomic():
            counters.recount(options["process"])
        done = DebateCount.objects.filter(kind="listed").count()
        self.stdout.write(f"Chiffres des débats recomptés ({done} démarche(s) avec des messages).")
