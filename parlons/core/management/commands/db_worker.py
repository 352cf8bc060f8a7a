from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from parlons.core.scheduler import periodic_jobs
from parlons.core.worker import WorkerMonitor

# django-tasks' options, said in French: (name of the value, help).
FRENCH_OPTIONS = {
    "queue_name": ("FILES", "files de tâches à traiter, séparées par des virgules ; * pour toutes"),
    "exclude_queues": ("FILES", "files de tâches à laisser de côté, séparées par des virgules"),
    "interval": (
        "SECONDES",
        "attente entre deux regards sur la file quand elle est vide (par défaut %(default)r)",
    ),
    "batch": (None, "traiter les tâches en attente puis s'arrêter (avec --max-tasks si voulu)"),
    "reload": (None, "redémarrer quand le code change (développement seulement)"),
    "backend_name": ("NOM", "file de tâches configurée à utiliser (par défaut %(default)r)"),
    "startup_delay": (None, "démarrer sans la courte attente de départ"),
    "max_tasks": ("NOMBRE", "s'arrêter après ce nombre de tâches"),
    "worker_id": (
        "IDENTIFIANT",
        "identifiant de cet exécuteur, unique (par défaut : tiré au sort)",
    ),
}


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de fond (courriels, masquage des textes…) et lance les tâches "
        "périodiques à leur heure (purge, récapitulatifs, rappels). Plusieurs exécuteurs "
        "peuvent tourner ensemble : chaque tâche périodique n'est lancée qu'une fois, et une "
        "tâche laissée par un exécuteur arrêté brutalement est reprise par un autre. "
        "--batch traite la file puis s'arrête."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest in FRENCH_OPTIONS:
                action.metavar, action.help = FRENCH_OPTIONS[action.dest]

    def handle(self, *args, **options):
        try:
            periodic_jobs()  # refuse a wrong PARLONS_SCHEDULE before taking any task
        except ImproperlyConfigured as error:
            raise CommandError(f"Réglage des tâches périodiques incorrect : {error}") from None
        monitor = WorkerMonitor(worker_id=options["worker_id"])
        monitor.tick()  # beat before the first task, and take up what a dead worker left
        monitor.start()
        try:
            super().handle(*args, **options)
        finally:
            monitor.stop()
