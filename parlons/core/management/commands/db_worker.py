from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from parlons.core.scheduler import periodic_jobs
from parlons.core.worker import WorkerMonitor


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de fond (courriels, masquage des textes…) et lance les tâches "
        "périodiques à leur heure (purge, récapitulatifs, rappels). Plusieurs exécuteurs "
        "peuvent tourner ensemble : chaque tâche périodique n'est lancée qu'une fois, et une "
        "tâche laissée par un exécuteur arrêté brutalement est reprise par un autre. "
        "--batch traite la file puis s'arrête."
    )

    def handle(self, *args, **options):
        try:
            periodic_jobs()  # refuse a wrong PARLONS_SCHEDULE before taking any task
        except ImproperlyConfigured as error:
            raise CommandError(f"Réglage des tâches périodiques incorrect : {error}") from None
        monitor = WorkerMonitor(worker_id=options["worker_id"])
        monitor.tick()  # beat before the first task, and take up what a dead worker left
        monitor.start()
        try:
            super().handle(*args, **options)
        finally:
            monitor.stop()
