"""`parlons recount_debates [--process SLUG]...`: rebuild the debates' kept counters from the messages
(after a raw load, or to check them)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parlons.debates import counters
from parlons.debates.models import DebateCount
from parlons.processes.models import Process


class Command(BaseCommand):
    help = "Recompte les chiffres des débats (contributions, participants) à partir des messages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--process",
            metavar="DEMARCHE",
            action="append",
            help="adresse courte d'une démarche, à répéter (par défaut : toutes)",
        )

    def handle(self, *args, **options):
        slugs = options.get("process") or []
        ids = None
        if slugs:
            found = dict(Process.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            unknown = [slug for slug in slugs if slug not in found]
            if unknown:
                raise CommandError(f"Aucune démarche « {unknown[0]} ».")
            ids = list(found.values())
        with transaction.atomic():
            counters.recount(ids)
        done = DebateCount.objects.filter(kind="listed").count()
        self.stdout.write(f"Chiffres des débats recomptés ({done} démarche(s) avec des messages).")
